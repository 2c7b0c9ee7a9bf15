import { disassemble, getChoseong } from 'es-hangul'
import type { LonLat } from './spatial.ts'

/** One named spot a person can search for: a district, an administrative dong, a station, a place. */
export interface Spot extends LonLat {
  /** `district:11110`, `dong:1111051500`, `station:stn-150`, `place:lib-1935` */
  id: string
  kind: 'district' | 'dong' | 'station' | 'place'
  nameKo: string
  nameEn: string | null
  districtCode: string | null
  address: string | null
}

interface Entry {
  spot: Spot
  /** Normalised Korean name, its jamo and its initial consonants. */
  name: string
  jamo: string
  choseong: string
  /** The name without its generic ending (역, 동, 구), jamo. */
  stemJamo: string
  en: string
  addressJamo: string
}

const KIND_BONUS: Record<Spot['kind'], number> = { district: 6, dong: 5, station: 5, place: 0 }

/** Lower case, no spaces or punctuation (so "서울 역" and "서울역", "Seoul Station" and "seoulstation" match). */
export const normalise = (s: string): string =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s·.,()\-_'"/]+/g, '')

const stem = (s: string) => s.replace(/(역|동|구|시청)$/u, (m) => (m === '시청' ? m : ''))

/**
 * A Korean-aware search over the project's own names and addresses (no external geocoder):
 * whole-syllable or partial-jamo matches ("강남구ㅊ" finds 강남구청), initial consonants ("ㅅㅇㅇ" finds
 * 서울역), the name without 역/동/구, English names, and street addresses of places.
 */
export class Gazetteer {
  private readonly entries: Entry[]

  constructor(spots: Spot[]) {
    this.entries = spots.map((spot) => {
      const name = normalise(spot.nameKo)
      return {
        spot,
        name,
        jamo: disassemble(name),
        choseong: getChoseong(name),
        stemJamo: disassemble(stem(name)),
        en: spot.nameEn ? normalise(spot.nameEn) : '',
        addressJamo: spot.address ? disassemble(normalise(spot.address)) : '',
      }
    })
  }

  get size(): number {
    return this.entries.length
  }

  get(id: string): Spot | undefined {
    return this.entries.find((e) => e.spot.id === id)?.spot
  }

  /** Whether a spot's name is what was typed (ignoring spaces, punctuation and a final 역/동/구). */
  isExact(spot: Spot, query: string): boolean {
    const q = normalise(query)
    const name = normalise(spot.nameKo)
    return (
      name === q ||
      disassemble(stem(name)) === disassemble(stem(q)) ||
      (spot.nameEn !== null && normalise(spot.nameEn) === q)
    )
  }

  /** The best matches for what someone typed, best first (at most `limit`). */
  search(query: string, limit = 8): Spot[] {
    const q = normalise(query)
    if (q.length === 0) return []
    const qj = disassemble(q)
    const qStem = disassemble(stem(q))
    const onlyInitials = /^[ㄱ-ㅎ]+$/u.test(q)
    const latin = /^[a-z0-9]+$/.test(q)
    const scored: { spot: Spot; score: number }[] = []
    for (const e of this.entries) {
      let s = 0
      if (e.name === q || (qStem.length > 0 && e.stemJamo === qStem)) s = 100
      else if (onlyInitials) s = e.choseong.startsWith(q) ? 70 : e.choseong.includes(q) ? 50 : 0
      else if (latin) s = e.en === q ? 95 : e.en.startsWith(q) ? 75 : e.en.includes(q) ? 55 : 0
      else if (e.jamo.startsWith(qj)) s = 80
      else if (qStem.length > 1 && e.jamo.startsWith(qStem)) s = 72
      else if (e.jamo.includes(qj)) s = 60
      else if (qj.length >= 4 && e.addressJamo.includes(qj)) s = 40
      if (s > 0) scored.push({ spot: e.spot, score: s + KIND_BONUS[e.spot.kind] - e.name.length / 100 })
    }
    scored.sort((a, b) => b.score - a.score || a.spot.nameKo.localeCompare(b.spot.nameKo, 'ko'))
    const seen = new Set<string>()
    const out: Spot[] = []
    for (const { spot } of scored) {
      // the same name in the same district once (a station on three lines is one answer)
      const key = `${spot.kind}|${spot.nameKo}|${spot.districtCode}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push(spot)
      if (out.length >= limit) break
    }
    return out
  }
}
