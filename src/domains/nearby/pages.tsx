import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatPhone } from '../../platform/i18n/format.ts'
import { hasMessage } from '../../platform/i18n/index.ts'
import { Button, Checkboxes, ErrorSummary, Select, TextField } from '../../ui/components/form.tsx'
import { MapFigure, type MapLayerRef, POINT_COLORS, quantileLegend } from '../../ui/components/map.tsx'
import { StatusTag } from '../../ui/components/status-tag.tsx'
import { Table } from '../../ui/components/table.tsx'
import { formStateFrom } from '../../ui/forms.ts'
import { renderPage } from '../../ui/render.tsx'
import type { FormState, View } from '../../ui/view.ts'
import { listDistricts } from '../reference/service.ts'
import { type PlaceExtra, placeDetails } from './details.ts'
import type { Spot } from './gazetteer.ts'
import { type Feature, type MapLayer, mapLayer, mapLayers } from './layers.ts'
import { MapPageQuery, NearbyInput } from './schema.ts'
import { findNearby, type NearbyGroup, type Origin, orderedSources, resolveOrigin } from './service.ts'

const langName = (v: View, code: string) => {
  try {
    return new Intl.DisplayNames([v.locale], { type: 'language' }).of(code) ?? code
  } catch {
    return code
  }
}
/** A kind's words: a place kind (`place.*`), else one of ours (`nearby.kind.*`), else nothing. */
const kindText = (v: View, kind: string | null | undefined): string | null =>
  !kind
    ? null
    : hasMessage(`place.${kind}`)
      ? v.t(`place.${kind}`)
      : hasMessage(`nearby.kind.${kind}`)
        ? v.t(`nearby.kind.${kind}`)
        : null
const bi = (v: View, b: { ko: string; en: string }) => (v.locale === 'ko' ? b.ko : b.en)
const nameOf = (v: View, p: { nameKo: string; nameEn?: string | null }) =>
  v.locale === 'en' && p.nameEn ? p.nameEn : p.nameKo
const num = (v: View, x: number) => new Intl.NumberFormat(v.locale === 'ko' ? 'ko-KR' : 'en-GB').format(x)
/** "350 m" / "1.2 km" */
export const distanceText = (v: View, km: number) =>
  km < 1
    ? v.t('nearby.metres', { n: Math.max(10, Math.round((km * 1000) / 10) * 10) })
    : v.t('nearby.km', { n: km.toFixed(1) })

function tileUrlOf(c: Ctx): string | null {
  return c.var.deps.config.MAP_TILE_URL ? '/api/v1/map/tiles/{z}/{x}/{y}' : null
}
const tileAttributionOf = (c: Ctx) => c.var.deps.config.MAP_TILE_ATTRIBUTION ?? null

// ── citizen: find help near me ────────────────────────────────────────────────────────────────

/** Reads the GET form (repeated `kinds` checkboxes become an array). */
function nearbyValues(c: Ctx): Record<string, unknown> {
  const q = c.req.query()
  return {
    q: q.q,
    district: q.district,
    at: q.at,
    lat: q.lat,
    lon: q.lon,
    limit: q.limit,
    radius: q.radius,
    kinds: c.req.queries('kinds') ?? [],
  }
}

/** The query string of a search (for choice links and the map's data URLs). */
const qs = (parts: Record<string, string | number | undefined | string[]>) => {
  const u = new URLSearchParams()
  for (const [k, v] of Object.entries(parts)) {
    if (Array.isArray(v)) for (const x of v) u.append(k, x)
    else if (v !== undefined && v !== '') u.set(k, String(v))
  }
  return u.toString()
}

async function nearbyPage(c: Ctx) {
  const values = nearbyValues(c)
  const db = c.var.db
  const districts = await listDistricts(db)
  let form: FormState | undefined
  let status = 200
  let origin: Origin | undefined
  let choices: Spot[] | undefined
  let groups: NearbyGroup[] = []
  let input: NearbyInput | undefined
  try {
    input = parse(NearbyInput, values)
    const r = await resolveOrigin(db, input)
    origin = r.origin
    choices = r.choices
    if (origin)
      groups = await findNearby(db, origin, {
        kinds: input.kinds,
        perKind: input.limit,
        maxKm: origin.how === 'district' ? 30 : input.radius / 1000,
        now: c.var.deps.now(),
      })
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500) throw e
    form = formStateFrom(c, e, values)
    status = e.status
  }
  const details = await placeDetails(
    db,
    groups.flatMap((g) => g.hits.flatMap((h) => (h.point.placeId ? [h.point.placeId] : []))),
  )
  const sources = orderedSources()
  const chosenKinds = input?.kinds.length ? input.kinds : sources.map((s) => s.id)
  const title = c.var.t('nearby.title')
  const answered = origin !== undefined || choices !== undefined
  return renderPage(c, { title, status }, (v) => {
    const searchForm = (
      <>
        {answered ? <h2 id="nearby-again">{v.t('nearby.again')}</h2> : null}
        <form method="get" action="/nearby" class="nearby-form">
          <TextField
            v={v}
            form={form}
            name="q"
            type="search"
            label={v.t('nearby.field.q')}
            hint={v.t('nearby.field.qHint')}
            required={false}
            value={typeof values.q === 'string' ? values.q : ''}
            maxlength={80}
            autocomplete="off"
            spellcheck={false}
          />
          <Select
            v={v}
            form={form}
            name="district"
            label={v.t('nearby.field.district')}
            hint={v.t('nearby.field.districtHint')}
            required={false}
            value={typeof values.district === 'string' ? values.district : ''}
            placeholder={v.t('nearby.field.anyDistrict')}
            options={districts.map((d) => ({ value: d.code, label: nameOf(v, d) }))}
          />
          <Checkboxes
            v={v}
            form={form}
            name="kinds"
            label={v.t('nearby.field.kinds')}
            required={false}
            values={chosenKinds}
            options={sources.map((s) => ({ value: s.id, label: bi(v, s.label) }))}
          />
          <Button>{v.t('nearby.search')}</Button>
        </form>
        <div class="nearby-locate" data-locate="" hidden>
          <h2>{v.t('nearby.locate.title')}</h2>
          <p>{v.t('nearby.locate.consent')}</p>
          <button type="button" class="button button--secondary" data-locate-button="">
            {v.t('nearby.locate.button')}
          </button>
          <p class="nearby-locate__status" role="status" data-locate-status=""></p>
          <template data-locate-messages="">
            <span data-msg="asking">{v.t('nearby.locate.asking')}</span>
            <span data-msg="denied">{v.t('nearby.locate.denied')}</span>
            <span data-msg="failed">{v.t('nearby.locate.failed')}</span>
          </template>
        </div>
        <script src="/static/map/locate.js" defer></script>
      </>
    )
    return (
      <>
        <link rel="stylesheet" href="/static/map/map.css" />
        <h1>{title}</h1>
        {answered ? null : <p class="lead">{v.t('nearby.lead')}</p>}
        <ErrorSummary v={v} form={form} />
        {answered ? null : searchForm}
        {choices ? (
          <Choices v={v} choices={choices} kinds={input?.kinds ?? []} districts={districts} />
        ) : null}
        {origin ? (
          <Results
            v={v}
            origin={origin}
            groups={groups}
            details={details}
            radius={(input?.radius ?? 3000) / 1000}
            mapQuery={qs({
              lat: origin.lat.toFixed(6),
              lon: origin.lon.toFixed(6),
              district: origin.how === 'district' ? (origin.districtCode ?? undefined) : undefined,
              limit: input?.limit,
              radius: origin.how === 'district' ? 20_000 : input?.radius,
            })}
            tileUrl={tileUrlOf(c)}
            tileAttribution={tileAttributionOf(c)}
          />
        ) : null}
        {answered ? searchForm : null}
        <p class="nearby-phone">{v.t('nearby.phoneHelp', { phone: formatPhone(v.city.helpPhone) })}</p>
      </>
    )
  })
}

function Choices(p: {
  v: View
  choices: Spot[]
  kinds: string[]
  districts: { code: string; nameKo: string; nameEn: string }[]
}) {
  const { v } = p
  const dn = new Map(p.districts.map((d) => [d.code, nameOf(v, d)]))
  return (
    <section aria-labelledby="nearby-choices">
      <h2 id="nearby-choices">{v.t('nearby.choices.title')}</h2>
      <ul class="link-list nearby-choices">
        {p.choices.map((s) => (
          <li>
            <a href={`/nearby?${qs({ at: s.id, kinds: p.kinds })}`} class="nearby-choice">
              <span class="nearby-choice__name">{nameOf(v, s)}</span>
              <span class="nearby-choice__what">
                {[v.t(`nearby.spot.${s.kind}`), s.districtCode ? dn.get(s.districtCode) : null, s.address]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Results(p: {
  v: View
  origin: Origin
  groups: NearbyGroup[]
  details: Map<string, PlaceExtra>
  radius: number
  mapQuery: string
  tileUrl: string | null
  tileAttribution: string | null
}) {
  const { v, origin } = p
  const where = nameOf(v, origin)
  const layers: MapLayerRef[] = [
    // outlines for context (our own GeoJSON: there is no tile server by default)
    origin.districtCode
      ? {
          id: 'dongs',
          label: v.t('nearby.map.dongs'),
          kind: 'choropleth',
          url: `/api/v1/map/layers/dongs?district=${origin.districtCode}`,
          color: '#505a5f',
        }
      : {
          id: 'districts',
          label: v.t('nearby.map.districts'),
          kind: 'choropleth',
          url: '/api/v1/map/layers/districts',
          color: '#505a5f',
        },
    ...p.groups
      .filter((g) => g.hits.length > 0)
      .map(
        (g, i): MapLayerRef => ({
          id: g.source.id,
          label: bi(v, g.source.label),
          kind: 'points',
          url: `/api/v1/nearby/features?${p.mapQuery}&kinds=${g.source.id}`,
          color: POINT_COLORS[i % POINT_COLORS.length],
        }),
      ),
  ]
  return (
    <section aria-labelledby="nearby-results" class="nearby-results">
      <h2 id="nearby-results">
        {origin.how === 'district'
          ? v.t('nearby.results.inDistrict', { where })
          : v.t('nearby.results.near', { where })}
      </h2>
      {origin.how !== 'district' ? <p>{v.t('nearby.results.radius', { km: p.radius })}</p> : null}
      <MapFigure
        v={v}
        id="nearby"
        title={v.t('nearby.map.title', { where })}
        layers={layers}
        center={{ lat: origin.lat, lon: origin.lon }}
        zoom={15}
        origin={{ lat: origin.lat, lon: origin.lon, label: v.t('nearby.map.origin', { where }) }}
        lazy
        tileUrl={p.tileUrl}
        tileAttribution={p.tileAttribution}
      >
        {p.groups.map((g) => (
          <section class="nearby-group" aria-labelledby={`group-${g.source.id}`}>
            <h3 id={`group-${g.source.id}`}>
              {bi(v, g.source.label)} <span class="nearby-group__count">({g.hits.length})</span>
            </h3>
            {g.hits.length === 0 ? (
              <p class="nearby-none">
                {g.source.id === 'guides'
                  ? v.t('nearby.none.guides')
                  : g.source.id === 'repair'
                    ? v.t('nearby.none.repair', { phone: formatPhone(v.city.helpPhone) })
                    : origin.how === 'district'
                      ? v.t('nearby.none.district')
                      : v.t('nearby.none.radius', { km: p.radius })}
              </p>
            ) : (
              <ol class="nearby-list">
                {g.hits.map((h) => (
                  <NearbyItem
                    v={v}
                    hit={h}
                    extra={h.point.placeId ? p.details.get(h.point.placeId) : undefined}
                  />
                ))}
              </ol>
            )}
          </section>
        ))}
      </MapFigure>
    </section>
  )
}

function NearbyItem({ v, hit, extra }: { v: View; hit: NearbyGroup['hits'][number]; extra?: PlaceExtra }) {
  const pt = hit.point
  const hours =
    v.locale === 'en' ? (extra?.hoursEn ?? pt.hoursEn ?? pt.hoursKo) : (extra?.hoursKo ?? pt.hoursKo)
  const access = v.locale === 'en' ? extra?.accessEn : extra?.accessKo
  const phone = extra?.phone ?? pt.phone
  const name = nameOf(v, pt)
  return (
    <li class="nearby-item">
      <h4 class="nearby-item__name">
        {pt.href ? <a href={pt.href}>{name}</a> : name}
        {kindText(v, pt.kind) ? <span class="nearby-item__kind"> · {kindText(v, pt.kind)}</span> : null}
        {pt.demo ? (
          <>
            {' '}
            <StatusTag tone="warning">{v.t('nearby.demo')}</StatusTag>
          </>
        ) : null}
      </h4>
      <p class="nearby-item__distance">
        {v.t('nearby.distance', { distance: distanceText(v, hit.km), minutes: hit.walkMinutes })}
      </p>
      <dl class="nearby-item__facts">
        {pt.address ? (
          <div>
            <dt>{v.t('nearby.address')}</dt>
            <dd>{pt.address}</dd>
          </div>
        ) : null}
        {phone ? (
          <div>
            <dt>{v.t('nearby.phone')}</dt>
            <dd>
              <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{formatPhone(phone)}</a>
            </dd>
          </div>
        ) : null}
        {hours ? (
          <div>
            <dt>{v.t('nearby.hours')}</dt>
            <dd>{hours}</dd>
          </div>
        ) : null}
        {access ? (
          <div>
            <dt>{v.t('nearby.access')}</dt>
            <dd>{access}</dd>
          </div>
        ) : null}
        {extra?.languages.length ? (
          <div>
            <dt>{v.t('nearby.languages')}</dt>
            <dd>{extra.languages.map((l) => langName(v, l)).join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      <p>
        <a
          class="nearby-item__directions"
          href={`https://map.kakao.com/link/to/${encodeURIComponent(pt.nameKo)},${pt.lat},${pt.lon}`}
          rel="noopener noreferrer"
        >
          {v.t('nearby.directions', { name })}
        </a>
      </p>
    </li>
  )
}

// ── staff: the data map ───────────────────────────────────────────────────────────────────────

const TABLE_ROWS = 100
const DEFAULT_LAYERS = ['seniors-district', 'senior-centres']

function mapPageValues(c: Ctx): Record<string, unknown> {
  const q = c.req.query()
  return { layers: c.req.queries('layers') ?? [], district: q.district, kind: q.kind }
}

async function staffMapPage(c: Ctx) {
  const values = mapPageValues(c)
  let form: FormState | undefined
  let status = 200
  let query: MapPageQuery = { layers: [], district: undefined, kind: undefined }
  try {
    query = parse(MapPageQuery, values)
    const unknown = query.layers.find((id) => !mapLayer(id))
    if (unknown) throw new AppError('validation', 'validation.summary', { layers: 'nearby.error.layer' })
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500) throw e
    form = formStateFrom(c, e, values)
    status = e.status
    query = { layers: [], district: undefined, kind: undefined }
  }
  const all = mapLayers()
  const chosen = (query.layers.length ? query.layers : DEFAULT_LAYERS)
    .map((id) => mapLayer(id))
    .filter((l): l is MapLayer => l !== undefined)
  const districts = await listDistricts(c.var.db)
  const districtName = new Map(districts.map((d) => [d.code, d]))
  const filter = {
    district: query.district,
    kinds: query.kind ? [query.kind] : undefined,
    now: c.var.deps.now(),
    locale: c.var.locale,
  }
  const loaded = await Promise.all(
    chosen.map(async (l) => ({ layer: l, fc: await l.load(c.var.db, filter) })),
  )
  const kindOptions = new Map<string, { ko: string; en: string }>()
  for (const l of all) for (const [k, label] of Object.entries(l.kinds ?? {})) kindOptions.set(k, label)
  const groups = [...new Set(all.map((l) => l.group ?? 'other'))]
  const title = c.var.t('nearby.staffMap.title')
  const layerQuery = qs({ district: query.district, kind: query.kind })
  return renderPage(c, { title, status }, (v) => {
    let colour = 0
    const refs: MapLayerRef[] = loaded.map(({ layer, fc }) => ({
      id: layer.id,
      label: bi(v, layer.label),
      kind: layer.kind,
      url: `/api/v1/map/layers/${layer.id}${layerQuery ? `?${layerQuery}` : ''}`,
      color: layer.kind === 'choropleth' ? '#505a5f' : POINT_COLORS[colour++ % POINT_COLORS.length],
      legend:
        layer.kind === 'choropleth' && layer.legend
          ? quantileLegend(
              bi(v, layer.legend),
              fc.features.map((f) => f.properties.value),
            )
          : undefined,
    }))
    return (
      <>
        <h1>{title}</h1>
        <p class="lead">{v.t('nearby.staffMap.lead')}</p>
        <ErrorSummary v={v} form={form} />
        <form method="get" action="/staff/map" class="map-filters">
          <Checkboxes
            v={v}
            form={form}
            name="layers"
            label={v.t('nearby.staffMap.layers')}
            required={false}
            values={chosen.map((l) => l.id)}
            options={groups.flatMap((g) =>
              all
                .filter((l) => (l.group ?? 'other') === g)
                .map((l) => ({ value: l.id, label: bi(v, l.label), hint: v.t(`nearby.layerGroup.${g}`) })),
            )}
          />
          <Select
            v={v}
            form={form}
            name="district"
            label={v.t('nearby.field.district')}
            required={false}
            value={query.district ?? ''}
            placeholder={v.t('nearby.field.anyDistrict')}
            options={districts.map((d) => ({ value: d.code, label: nameOf(v, d) }))}
          />
          <Select
            v={v}
            form={form}
            name="kind"
            label={v.t('nearby.field.kind')}
            hint={v.t('nearby.field.kindHint')}
            required={false}
            value={query.kind ?? ''}
            placeholder={v.t('nearby.field.anyKind')}
            options={[...kindOptions].map(([k, label]) => ({ value: k, label: bi(v, label) }))}
          />
          <Button variant="secondary">{v.t('nearby.staffMap.show')}</Button>
        </form>
        <MapFigure
          v={v}
          id="datamap"
          title={v.t('nearby.staffMap.figure')}
          layers={refs}
          center={v.city.center}
          zoom={query.district ? 13 : 11}
          tileUrl={tileUrlOf(c)}
          tileAttribution={tileAttributionOf(c)}
        >
          {loaded.map(({ layer, fc }) => (
            <LayerTable v={v} layer={layer} features={fc.features} districtName={districtName} />
          ))}
        </MapFigure>
      </>
    )
  })
}

function LayerTable(p: {
  v: View
  layer: MapLayer
  features: Feature[]
  districtName: Map<string, { nameKo: string; nameEn: string }>
}) {
  const { v, layer } = p
  const choropleth = layer.kind === 'choropleth' && layer.legend
  const rows = choropleth
    ? [...p.features].sort((a, b) => (b.properties.value ?? 0) - (a.properties.value ?? 0))
    : p.features
  const shown = rows.slice(0, TABLE_ROWS)
  const dn = (code: string | null | undefined) => {
    const d = code ? p.districtName.get(code) : undefined
    return d ? nameOf(v, d) : ''
  }
  const label = bi(v, layer.label)
  const kindLabel = (k: string | null | undefined) =>
    k && layer.kinds?.[k] ? bi(v, layer.kinds[k]) : (kindText(v, k) ?? k ?? '')
  return (
    <section class="map-layer-table" aria-labelledby={`layer-${layer.id}`}>
      <h2 id={`layer-${layer.id}`}>{label}</h2>
      <p>
        {rows.length > TABLE_ROWS
          ? v.t('nearby.staffMap.countSome', { n: num(v, rows.length), shown: TABLE_ROWS })
          : v.t('nearby.staffMap.count', { n: num(v, rows.length) })}
      </p>
      <Table
        id={`table-${layer.id}`}
        caption={label}
        captionHidden
        rowHeaders
        rows={shown}
        empty={v.t('nearby.staffMap.empty')}
        columns={[
          {
            header: v.t('nearby.col.name'),
            cell: (f) => nameOf(v, { nameKo: f.properties.name, nameEn: f.properties.nameEn }),
          },
          { header: v.t('nearby.col.district'), cell: (f) => dn(f.properties.district) },
          ...(choropleth
            ? [
                {
                  header: bi(v, layer.legend!),
                  numeric: true,
                  cell: (f: Feature) =>
                    typeof f.properties.value === 'number' ? num(v, f.properties.value) : '—',
                },
                {
                  header: v.t('nearby.col.share65'),
                  numeric: true,
                  cell: (f: Feature) =>
                    typeof f.properties.share65 === 'number' ? `${f.properties.share65}%` : '—',
                },
              ]
            : [
                { header: v.t('nearby.col.kind'), cell: (f: Feature) => kindLabel(f.properties.kind) },
                {
                  header: v.t('nearby.col.detail'),
                  cell: (f: Feature) =>
                    (v.locale === 'en'
                      ? (f.properties.detailEn ?? f.properties.detail)
                      : f.properties.detail) ?? '',
                },
                ...(layer.legend
                  ? [
                      {
                        header: bi(v, layer.legend),
                        numeric: true,
                        cell: (f: Feature) =>
                          typeof f.properties.value === 'number' ? num(v, f.properties.value) : '—',
                      },
                    ]
                  : []),
              ]),
        ]}
      />
    </section>
  )
}

export const nearbyNav = (v: View) =>
  v.actor.kind === 'staff' && scopeFor(v.actor.role, 'map:read')
    ? [{ href: '/staff/map', label: v.t('nearby.staffMap.nav') }]
    : []

export const nearbyPages = [
  page({
    method: 'GET',
    path: '/nearby',
    access: 'public',
    summary: 'Find help near me: by place name, district or location; a list first, then a map',
    handle: (c) => nearbyPage(c),
  }),
  page({
    method: 'GET',
    path: '/staff/map',
    access: 'map:read',
    summary: 'The data map: layers as tables (and a map), filtered by district and kind',
    handle: (c) => staffMapPage(c),
  }),
]
