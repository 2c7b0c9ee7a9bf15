import { around, distance } from 'geokdbush'
import KDBush from 'kdbush'

/** A point with a longitude and latitude (WGS84 degrees). */
export interface LonLat {
  lon: number
  lat: number
}

export interface Hit<P> {
  point: P
  /** Great-circle distance in kilometres. */
  km: number
}

/**
 * A static k-d tree over points (kdbush, 16-bit node size) answering "the k nearest within r km" with
 * geokdbush's great-circle search. Built once; immutable (rebuild to change).
 */
export class PointIndex<P extends LonLat> {
  readonly points: readonly P[]
  private readonly tree: KDBush | null

  constructor(points: readonly P[]) {
    this.points = points
    if (points.length === 0) {
      this.tree = null
      return
    }
    const tree = new KDBush(points.length, 16, Float64Array)
    for (const p of points) tree.add(p.lon, p.lat)
    tree.finish()
    this.tree = tree
  }

  get size(): number {
    return this.points.length
  }

  /** The `k` nearest points within `maxKm`, nearest first (ties keep index order). */
  nearest(at: LonLat, k: number, maxKm = Number.POSITIVE_INFINITY, keep?: (p: P) => boolean): Hit<P>[] {
    if (!this.tree || k <= 0) return []
    const ids = around(
      this.tree,
      at.lon,
      at.lat,
      k,
      maxKm,
      keep ? (i: number) => keep(this.points[i]!) : undefined,
    )
    return ids.map((i) => {
      const point = this.points[i]!
      return { point, km: distance(at.lon, at.lat, point.lon, point.lat) }
    })
  }
}

/** Great-circle distance in kilometres (the same formula the index uses). */
export const kmBetween = (a: LonLat, b: LonLat): number => distance(a.lon, a.lat, b.lon, b.lat)

/**
 * The same answer by looking at every point: the baseline of bench/nearest.ts, the oracle of the tests,
 * and what live (small, unindexed) sources use.
 */
export function linearNearest<P extends LonLat>(
  points: readonly P[],
  at: LonLat,
  k: number,
  maxKm = Number.POSITIVE_INFINITY,
  keep?: (p: P) => boolean,
): Hit<P>[] {
  const hits: Hit<P>[] = []
  for (const point of points) {
    if (keep && !keep(point)) continue
    const km = kmBetween(at, point)
    if (km <= maxKm) hits.push({ point, km })
  }
  hits.sort((a, b) => a.km - b.km)
  return hits.slice(0, k)
}

/** Walking minutes for a distance, at an unhurried 3 km/h (older people walk slower than the usual 4–5). */
export const walkMinutes = (km: number): number => Math.max(1, Math.round((km / 3) * 60))
