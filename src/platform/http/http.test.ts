import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../db/client.ts'

let db: Database
let app: ReturnType<typeof testApp>['app']
beforeAll(async () => {
  db = await freshDb({ reference: true })
  app = testApp(db).app
})
afterAll(() => db.close())

describe('HTTP foundation', () => {
  it('renders the home page in Korean by default with a doctype, one h1 and the skip link', async () => {
    const res = await app.request('/')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<html lang="ko"')
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1)
    expect(html).toContain('본문 바로가기')
  })

  it('negotiates English from Accept-Language, and the cookie wins over it', async () => {
    const en = await (
      await app.request('/', { headers: { 'accept-language': 'en-US,en;q=0.9,ko;q=0.5' } })
    ).text()
    expect(en).toContain('<html lang="en"')
    expect(en).toContain('How can we help?')
    const ko = await (
      await app.request('/', { headers: { 'accept-language': 'en', cookie: 'gachi_lang=ko' } })
    ).text()
    expect(ko).toContain('<html lang="ko"')
  })

  it('saves language, text size and contrast through the settings form without JavaScript', async () => {
    const b = new Browser(app)
    const r1 = await b.post('/preferences', { lang: 'en', back: '/accessibility' })
    expect(r1.status).toBe(303)
    expect(r1.headers.get('location')).toBe('/accessibility')
    await b.post('/preferences', { textSize: '200', back: '/' })
    await b.post('/preferences', { contrast: 'high', back: '/' })
    const html = await (await b.get('/')).text()
    expect(html).toContain('<html lang="en" class="text-200 contrast-high"')
  })

  it('never redirects preferences off-site', async () => {
    const b = new Browser(app)
    const r = await b.post('/preferences', { lang: 'en', back: '//evil.example/x' })
    expect(r.headers.get('location')).toBe('/')
  })

  it('refuses a form post without the CSRF token, and one from another origin', async () => {
    const b = new Browser(app)
    await b.get('/')
    const noToken = await app.request('/preferences', {
      method: 'POST',
      body: new URLSearchParams({ lang: 'en' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `gachi_csrf=${b.csrf}` },
    })
    expect(noToken.status).toBe(403)
    expect(await noToken.text()).toContain('보안 확인')
    const crossOrigin = await b.post('/preferences', { lang: 'en' }, { origin: 'https://evil.example' })
    expect(crossOrigin.status).toBe(403)
  })

  it('answers unknown pages with an accessible 404 page and unknown API routes with JSON', async () => {
    const page = await app.request('/no/such/page')
    expect(page.status).toBe(404)
    const html = await page.text()
    expect(html).toContain('<h1>찾으시는 페이지나 정보가 없습니다</h1>')
    const apiRes = await app.request('/api/v1/nothing-here', { headers: { 'accept-language': 'en' } })
    expect(apiRes.status).toBe(404)
    expect(await apiRes.json()).toMatchObject({
      error: { code: 'not_found', message: 'We could not find that page' },
    })
  })

  it('gives field messages in the request language for bad API input, never a 500', async () => {
    const res = await app.request('/api/v1/places?district=abc&perPage=9999', {
      headers: { 'accept-language': 'en' },
    })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } }
    expect(body.error.code).toBe('validation')
    expect(body.error.fields.district).toBe('A district code is 5 digits')
    expect(body.error.fields.perPage).toBe('Enter 200 or less')
    const ko = await app.request('/api/v1/places?perPage=0')
    expect(((await ko.json()) as { error: { fields: Record<string, string> } }).error.fields.perPage).toBe(
      '1 이상으로 입력하세요',
    )
  })

  it('limits the body size', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024)
    const b = new Browser(app)
    const res = await b.post('/preferences', { lang: 'en', filler: big })
    expect(res.status).toBe(413)
  })

  it('compresses large responses', async () => {
    const res = await app.request('/api/openapi.json', { headers: { 'accept-encoding': 'gzip' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
  })

  it('sets security headers on pages', async () => {
    const res = await app.request('/')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(res.headers.get('permissions-policy')).toContain('microphone=()')
    expect(res.headers.get('strict-transport-security')).toBeNull()
    const https = await app.request('https://gachi.example/', {})
    expect(https.headers.get('strict-transport-security')).toContain('max-age=')
  })

  it('uses __Host- cookies with Secure over https, and plain names only on http', async () => {
    const https = await app.request('https://gachi.example/')
    const cookie = https.headers.getSetCookie().join('\n')
    expect(cookie).toMatch(/^__Host-gachi_csrf=[^;]+;.*Secure/m)
    expect(cookie).toMatch(/Path=\//)
    expect(cookie).not.toMatch(/Domain=/i)
    const http = await app.request('http://localhost/')
    expect(http.headers.getSetCookie().join('\n')).toMatch(/^gachi_csrf=/m)
  })

  it('reports health and readiness', async () => {
    expect((await app.request('/healthz')).status).toBe(200)
    expect(await (await app.request('/readyz')).json()).toMatchObject({ status: 'ready' })
  })

  it('shows the help-today fallback with places of the chosen district', async () => {
    const html = await (await app.request('/help-today/devices?district=11110')).text()
    expect(html).toContain('종로구')
    expect(html).toContain('주민센터')
    expect(html).toContain('tel:120')
    expect((await app.request('/help-today/unknown')).status).toBe(404)
  })
})

describe('OpenAPI', () => {
  it('describes every API route with the schemas that validate it', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      openapi: string
      paths: Record<string, Record<string, { parameters: { name: string }[]; description: string }>>
    }
    expect(doc.openapi).toBe('3.1.0')
    const places = doc.paths['/places']?.get
    expect(places?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['district', 'kind', 'page']),
    )
    expect(doc.paths['/me']?.get?.description).toContain('signed-in')
  })
})
