import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../../platform/db/client.ts'
import { makeStaff } from '../people/test-helpers.ts'
import { getArticle, imageTypeOf } from './service.ts'
import { helpImages } from './tables.ts'

let database: Database
let app: ReturnType<typeof testApp>['app']
let b: Browser

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
)
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1])
const WEBP = Uint8Array.from([...Buffer.from('RIFF'), 4, 0, 0, 0, ...Buffer.from('WEBPVP8 ')])

beforeAll(async () => {
  database = await freshDb({ reference: true })
  const clock = new TestClock(new Date('2026-11-23T01:00:00Z'))
  app = testApp(database, { clock }).app
  const agent = await makeStaff(database.db, 'helpdesk_agent', null, clock.now())
  b = new Browser(app)
  b.cookies.set('gachi_sid', agent.sid)
  await b.get('/')
})
afterAll(() => database.close())

const article = (slug: string) => ({
  slug,
  titleKo: '화면 캡처하기',
  titleEn: 'Taking a screenshot',
  summaryKo: '버튼 두 개를 같이 누릅니다.',
  summaryEn: 'Press two buttons together.',
  devices: 'phone',
  tasks: 'screenshot',
  step1Ko: '전원 버튼과 소리 줄이기 버튼을 같이 누르세요.',
  step1En: 'Press the power and volume-down buttons together.',
  step1AltKo: '휴대전화 옆면의 두 버튼',
  step1AltEn: 'The two buttons on the side of the phone',
})

/** Posts the article editor as a browser does: multipart, with a file for step 1. */
function post(fields: Record<string, string>, file?: File, lang = 'ko') {
  const fd = new FormData()
  fd.set('_csrf', b.csrf)
  for (const [k, v] of Object.entries(fields)) fd.set(k, v)
  if (file) fd.set('step1File', file)
  return app.request('/staff/help/articles', {
    method: 'POST',
    body: fd,
    headers: {
      cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      origin: 'http://localhost',
      host: 'localhost',
      'accept-language': lang,
    },
  })
}

const imageCount = async () => (await database.db.select({ id: helpImages.id }).from(helpImages)).length

describe('article pictures uploaded into the database', () => {
  it('knows PNG, JPEG and WebP by their first bytes only', () => {
    expect(imageTypeOf(PNG)).toBe('image/png')
    expect(imageTypeOf(JPEG)).toBe('image/jpeg')
    expect(imageTypeOf(WEBP)).toBe('image/webp')
    expect(imageTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined()
    expect(imageTypeOf(new Uint8Array())).toBeUndefined()
  })

  it('the editor form is multipart with a file field per step', async () => {
    const html = await (await b.get('/staff/help/articles/new')).text()
    expect(html).toContain('enctype="multipart/form-data"')
    expect(html).toContain('name="step1File"')
    expect(html).toContain('accept="image/png,image/jpeg,image/webp"')
  })

  it('uploads a picture; it is served byte for byte with its type and safe headers', async () => {
    const res = await post(
      article('screenshot-upload'),
      new File([PNG], 'buttons.png', { type: 'image/png' }),
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/help/articles/screenshot-upload')
    const { version } = await getArticle(database.db, 'screenshot-upload')
    const img = version.steps[0]!.image!
    expect(img.src).toMatch(/^\/api\/v1\/help\/images\/[0-9a-f-]{36}$/)
    expect(img).toMatchObject({
      altKo: '휴대전화 옆면의 두 버튼',
      altEn: 'The two buttons on the side of the phone',
    })

    const served = await app.request(img.src)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(served.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(served.headers.get('cross-origin-resource-policy')).toBe('same-origin')
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG)

    // the article page shows it with its alt text
    const page = await (await b.get('/help/articles/screenshot-upload')).text()
    expect(page).toContain(`src="${img.src}"`)
    expect(page).toContain('alt="휴대전화 옆면의 두 버튼"')
    expect((await app.request('/api/v1/help/images/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await app.request('/api/v1/help/images/nope')).status).toBe(404)
  })

  it('the type is read from the bytes: a non-picture declared as PNG is refused in ko and en, nothing saved', async () => {
    const before = await imageCount()
    const fake = new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'x.png', { type: 'image/png' })
    const ko = await post(article('fake-picture'), fake)
    expect(ko.status).toBe(422)
    const koText = await ko.text()
    expect(koText).toContain('PNG, JPG, WebP 사진만 올릴 수 있습니다')
    expect(koText).toContain('href="#f-step1File"')
    const en = await post(article('fake-picture'), fake, 'en')
    expect(en.status).toBe(422)
    expect(await en.text()).toContain('Only PNG, JPG or WebP pictures can be uploaded')
    expect(await imageCount()).toBe(before)
    await expect(getArticle(database.db, 'fake-picture')).rejects.toMatchObject({ code: 'not_found' })
  })

  it('a picture without alt text in both languages is refused, nothing saved', async () => {
    const before = await imageCount()
    const { step1AltEn: _, ...noEnglishAlt } = article('no-alt')
    const res = await post(noEnglishAlt, new File([PNG], 'a.png', { type: 'image/png' }))
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('id="f-step1AltEn-error"')
    // the typed fields come back, but no address of a picture that was never saved
    expect(html).not.toContain('/api/v1/help/images/')
    expect(await imageCount()).toBe(before)
    await expect(getArticle(database.db, 'no-alt')).rejects.toMatchObject({ code: 'not_found' })
  })

  it('old steps with a picture address still work, and a too-large file is refused', async () => {
    const old = await post({ ...article('address-picture'), step1Image: '/static/img/help/phone.svg' })
    expect(old.status).toBe(303)
    const { version } = await getArticle(database.db, 'address-picture')
    expect(version.steps[0]!.image?.src).toBe('/static/img/help/phone.svg')

    const big = new Uint8Array(900 * 1024 + 1)
    big.set(PNG)
    const res = await post(article('big-picture'), new File([big], 'big.png', { type: 'image/png' }))
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('사진은 900KB까지 올릴 수 있습니다')
  })
})
