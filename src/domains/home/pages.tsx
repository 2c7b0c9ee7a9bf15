import { doorHref, PROGRAMMES, type Programme } from '../../platform/domain.ts'
import { PREF_MAX_AGE, writeCookie } from '../../platform/http/cookies.ts'
import { AppError } from '../../platform/http/errors.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { safeBack } from '../../platform/http/redirect.ts'
import { page } from '../../platform/http/route.ts'
import { formatPhone } from '../../platform/i18n/format.ts'
import { Button, Select } from '../../ui/components/form.tsx'
import { Table } from '../../ui/components/table.tsx'
import { renderPage } from '../../ui/render.tsx'
import { HELP_PLACE_KINDS } from '../reference/seed.ts'
import { findDistrict, listDistricts, listPlaces } from '../reference/service.ts'
import { HelpTodayQuery, PreferencesForm } from './schema.ts'

const isProgramme = (p: string): p is Programme => (PROGRAMMES as readonly string[]).includes(p)

export const homePages = [
  page({
    method: 'GET',
    path: '/',
    access: 'public',
    summary: 'Citizen home page: a door to every programme',
    handle: (c) =>
      renderPage(c, { title: c.var.t('home.title') }, (v) => (
        <>
          <h1>{v.t('home.title')}</h1>
          <p class="lead">{v.t('home.lead')}</p>
          <ul class="doors">
            {PROGRAMMES.map((p) => (
              <li class="door">
                <a class="door__link" href={doorHref(p) ?? `/help-today/${p}`}>
                  <span class={`door__icon door__icon--${p}`} aria-hidden="true" />
                  <span class="door__title">{v.t(`door.${p}.title`)}</span>
                  <span class="door__body">{v.t(`door.${p}.body`)}</span>
                </a>
              </li>
            ))}
          </ul>
          <p class="callout">
            {v.t('home.phoneLead')} <a href={`tel:${v.city.helpPhone}`}>{formatPhone(v.city.helpPhone)}</a>
          </p>
        </>
      )),
  }),
  page({
    method: 'GET',
    path: '/help-today/:programme',
    access: 'public',
    summary: 'How to get help today for a programme not yet online: phone and nearby places',
    query: HelpTodayQuery,
    handle: async (c, { query }) => {
      const programme = c.req.param('programme') ?? ''
      if (!isProgramme(programme)) throw new AppError('not_found', 'helpToday.unknownProgramme')
      const db = c.var.db
      const districts = await listDistricts(db)
      const district = query.district ? await findDistrict(db, query.district) : undefined
      const places = district
        ? await listPlaces(db, {
            district: district.code,
            kinds: HELP_PLACE_KINDS.filter((k) => k !== 'senior_hall'),
            page: 1,
            perPage: 200,
          })
        : null
      const t = c.var.t
      const name = (d: { nameKo: string; nameEn: string | null }) =>
        c.var.locale === 'en' && d.nameEn ? d.nameEn : d.nameKo
      return renderPage(
        c,
        { title: t('helpToday.title', { programme: t(`door.${programme}.title`) }) },
        (v) => (
          <>
            <h1>{t('helpToday.title', { programme: t(`door.${programme}.title`) })}</h1>
            <p class="lead">{t('helpToday.lead')}</p>
            <h2>{t('helpToday.call')}</h2>
            <p>{t('helpToday.callBody', { name: v.city.helpPhoneName[v.locale] })}</p>
            <p class="phone-big">
              <a href={`tel:${v.city.helpPhone}`}>{formatPhone(v.city.helpPhone)}</a>
            </p>
            <h2>{t('helpToday.visit')}</h2>
            <p>{t('helpToday.visitBody')}</p>
            <form method="get" action={`/help-today/${programme}`} class="inline-form">
              <Select
                v={v}
                name="district"
                label={t('helpToday.district')}
                hint={t('helpToday.districtHint')}
                value={query.district ?? ''}
                placeholder={t('helpToday.chooseDistrict')}
                options={districts.map((d) => ({ value: d.code, label: name(d) }))}
              />
              <Button variant="secondary">{t('helpToday.show')}</Button>
            </form>
            {district && places ? (
              <>
                <h2 id="places-title">
                  {t('helpToday.places', { district: name(district), count: places.total })}
                </h2>
                <Table
                  id="places"
                  caption={t('helpToday.placesTableCaption', { district: name(district) })}
                  captionHidden
                  stack
                  rowHeaders
                  rows={places.items}
                  columns={[
                    { header: t('helpToday.name'), cell: (p) => name(p) },
                    { header: t('helpToday.kind'), cell: (p) => t(`place.${p.kind}`) },
                    { header: t('helpToday.address'), cell: (p) => p.address ?? '' },
                    {
                      header: t('helpToday.phone'),
                      cell: (p) => (p.phone ? <a href={`tel:${p.phone}`}>{formatPhone(p.phone)}</a> : ''),
                    },
                  ]}
                />
                <p>{t('helpToday.more', { phone: formatPhone(v.city.helpPhone) })}</p>
              </>
            ) : null}
          </>
        ),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/preferences',
    access: 'public',
    summary: 'Change language, text size or contrast (cookies; works without JavaScript)',
    handle: async (c) => {
      const form = parse(PreferencesForm, formToObject(await c.req.formData()))
      if (form.lang) writeCookie(c, 'gachi_lang', form.lang, { maxAge: PREF_MAX_AGE })
      if (form.textSize) writeCookie(c, 'gachi_text', form.textSize, { maxAge: PREF_MAX_AGE })
      if (form.contrast) writeCookie(c, 'gachi_contrast', form.contrast, { maxAge: PREF_MAX_AGE })
      return c.redirect(safeBack(form.back), 303)
    },
  }),
  page({
    method: 'GET',
    path: '/accessibility',
    access: 'public',
    summary: 'Accessibility statement',
    handle: (c) =>
      renderPage(c, { title: c.var.t('a11y.title') }, (v) => (
        <>
          <h1>{v.t('a11y.title')}</h1>
          <p>{v.t('a11y.body1')}</p>
          <p>{v.t('a11y.body2')}</p>
          <p>{v.t('a11y.body3')}</p>
          <p>{v.t('a11y.body4', { phone: formatPhone(v.city.helpPhone) })}</p>
        </>
      )),
  }),
]
