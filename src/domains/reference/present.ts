import type { DistrictRow, PlaceRow } from './repo.ts'

export const presentDistrict = (d: Omit<DistrictRow, 'geometry'>) => ({
  code: d.code,
  nameKo: d.nameKo,
  nameEn: d.nameEn,
  lat: d.lat,
  lon: d.lon,
  population: d.population,
  population65: d.population65,
  share65: d.share65,
  seniorsLivingAlone: d.seniorsLivingAlone,
})

export const presentPlace = (p: PlaceRow) => ({
  id: p.id,
  kind: p.kind,
  nameKo: p.nameKo,
  nameEn: p.nameEn,
  districtCode: p.districtCode,
  address: p.address,
  lat: p.lat,
  lon: p.lon,
  phone: p.phone,
  note: p.note,
})
