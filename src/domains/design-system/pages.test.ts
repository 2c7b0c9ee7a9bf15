import { describe, expect, it } from 'vitest'
import { testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { COMPONENT_EXAMPLES } from './examples.tsx'

const db = await freshDb()
const { app } = testApp(db)
const h1s = (html: string) => html.match(/<h1[\s>]/g)?.length ?? 0

describe('design-system pages', () => {
  it('lists every component, the colour tokens and their contrast ratios', async () => {
    const res = await app.request('/design-system')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(h1s(html)).toBe(1)
    for (const c of COMPONENT_EXAMPLES) expect(html).toContain(`href="/design-system/${c.name}"`)
    expect(html).toContain('--color-text')
    expect(html).toMatch(/\d+\.\d\d:1/)
    expect(html).not.toContain('미달')
  })

  it.each(COMPONENT_EXAMPLES.map((c) => [c.name]))(
    '/design-system/%s has one h1, params and examples',
    async (name) => {
      const res = await app.request(`/design-system/${name}`)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(h1s(html)).toBe(1)
      expect(html).toContain('<caption id="params-caption"')
      expect(html).not.toContain('style="')
    },
  )

  it.each(COMPONENT_EXAMPLES.flatMap((c) => c.examples.map((e) => [`${c.name}/${e.name}`])))(
    'preview /design-system/%s renders on its own with one h1',
    async (path) => {
      const res = await app.request(`/design-system/${path}`, { headers: { 'accept-language': 'en' } })
      expect(res.status).toBe(200)
      expect(h1s(await res.text())).toBe(1)
    },
  )

  it('answers 404 for an unknown component or example', async () => {
    expect((await app.request('/design-system/nope')).status).toBe(404)
    expect((await app.request('/design-system/button/nope')).status).toBe(404)
  })
})
