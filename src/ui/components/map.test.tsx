import type { Child } from 'hono/jsx'
import { describe, expect, it } from 'vitest'
import { registerDomains } from '../../app.ts'
import { ANONYMOUS } from '../../platform/auth/actor.ts'
import { cityProfile } from '../../platform/city.ts'
import { type Locale, translator } from '../../platform/i18n/index.ts'
import type { View } from '../view.ts'
import { CHOROPLETH_COLORS, legendColor, MapFigure, quantileLegend } from './map.tsx'

registerDomains()

const view = (locale: Locale = 'ko'): View => ({
  locale,
  t: translator(locale),
  prefs: { textSize: 100, contrast: 'normal' },
  actor: ANONYMOUS,
  csrfToken: 'test',
  path: '/nearby',
  city: cityProfile('seoul'),
})
const html = async (node: Child): Promise<string> => String(await (node as Promise<string>).toString())
const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")

describe('quantileLegend / legendColor', () => {
  it('splits values into up to five classes, lowest first, ignoring missing values', () => {
    const l = quantileLegend('65+', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null, undefined, Number.NaN])
    expect(l.stops).toHaveLength(5)
    expect(l.stops[0]).toEqual({ from: 1, to: 2, color: CHOROPLETH_COLORS[0] })
    expect(l.stops[4]!.to).toBe(10)
    expect(l.stops.map((s) => s.color)).toEqual([...CHOROPLETH_COLORS])
    for (let i = 1; i < l.stops.length; i++) expect(l.stops[i]!.from).toBe(l.stops[i - 1]!.to)
    expect(legendColor(l, 1)).toBe(CHOROPLETH_COLORS[0])
    expect(legendColor(l, 10)).toBe(CHOROPLETH_COLORS[4])
    expect(legendColor(l, 99)).toBe(CHOROPLETH_COLORS[4])
    expect(legendColor(l, null)).toBeNull()
  })

  it('collapses equal values (no empty or repeated ranges) and keeps the darkest for the top', () => {
    const l = quantileLegend('x', [5, 5, 5, 5, 9])
    expect(l.stops.map((s) => [s.from, s.to])).toEqual([
      [5, 5],
      [5, 9],
    ])
    expect(l.stops[1]!.color).toBe(CHOROPLETH_COLORS[4])
    expect(quantileLegend('x', []).stops).toEqual([])
  })
})

describe('MapFigure', () => {
  const layers = [
    { id: 'places', label: '도움 장소', kind: 'points' as const, url: '/api/v1/x', color: '#0b5cad' },
    {
      id: 'seniors',
      label: '65세 이상',
      kind: 'choropleth' as const,
      url: '/api/v1/y',
      legend: quantileLegend('65세 이상 인구', [100, 2000, 30000]),
    },
  ]

  it('renders the list first, the legend as text, then an empty hidden map div with its contract', async () => {
    const out = await html(
      <MapFigure v={view()} id="t" title="가까운 곳" layers={layers} center={{ lat: 37.5, lon: 127 }} lazy>
        <ol class="the-list">
          <li>하나</li>
        </ol>
      </MapFigure>,
    )
    expect(out.indexOf('the-list')).toBeLessThan(out.indexOf('data-map'))
    expect(out).toContain('<figcaption id="t-title"')
    expect(out).toContain('65세 이상 인구')
    expect(out).toContain('100 – 2,000')
    expect(out).toMatch(/<div id="t-map" class="map-figure__map" data-map=""[^>]*hidden/)
    expect(out).toContain('data-lazy="true"')
    expect(out).toContain('data-center="37.5,127"')
    expect(out).toContain('data-tiles=""')
    expect(out).toContain('<script src="/static/map/map.js" defer')
    const json = decodeEntities(/data-layers="([^"]*)"/.exec(out)![1]!)
    expect(JSON.parse(json)).toEqual(layers)
    // the island's words in the page's language
    expect(out).toContain('data-show="지도로 보기"')
  })

  it('speaks English on English pages', async () => {
    const out = await html(
      <MapFigure v={view('en')} id="t" title="Near" layers={[]} center={{ lat: 37.5, lon: 127 }}>
        <p>list</p>
      </MapFigure>,
    )
    expect(out).toContain('data-show="Show on a map"')
    expect(out).toContain('data-lazy="false"')
    expect(out).toContain('The map shows the same as the list above.')
  })
})
