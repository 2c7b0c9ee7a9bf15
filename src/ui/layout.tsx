import type { Child } from 'hono/jsx'
import { ROLES } from '../platform/auth/permissions.ts'
import { formatPhone } from '../platform/i18n/format.ts'
import type { View } from './view.ts'

const TEXT_SIZES = [100, 125, 150, 200] as const

/** Hidden CSRF field for every state-changing form. */
export const Csrf = ({ v }: { v: View }) => <input type="hidden" name="_csrf" value={v.csrfToken} />

/** The display-settings bar: language, text size and contrast; plain forms that work without JavaScript. */
const Settings = ({ v }: { v: View }) => {
  const { t } = v
  return (
    <section class="settings" aria-label={t('layout.settings')}>
      <div class="container settings__row">
        <form method="post" action="/preferences" class="settings__group" aria-labelledby="set-lang">
          <Csrf v={v} />
          <input type="hidden" name="back" value={v.path} />
          <span class="settings__label" id="set-lang">
            {t('layout.language')}
          </span>
          <div class="settings__options">
            {(['ko', 'en'] as const).map((l) => (
              <button
                type="submit"
                name="lang"
                value={l}
                class="settings__btn"
                lang={l}
                aria-pressed={v.locale === l ? 'true' : 'false'}
              >
                {t(`lang.${l}`)}
              </button>
            ))}
          </div>
        </form>
        <form method="post" action="/preferences" class="settings__group" aria-labelledby="set-size">
          <Csrf v={v} />
          <input type="hidden" name="back" value={v.path} />
          <span class="settings__label" id="set-size">
            {t('layout.textSize')}
          </span>
          <div class="settings__options">
            {TEXT_SIZES.map((s) => (
              <button
                type="submit"
                name="textSize"
                value={String(s)}
                class="settings__btn"
                aria-pressed={v.prefs.textSize === s ? 'true' : 'false'}
              >
                {t('layout.textSizeOption', { size: s })}
              </button>
            ))}
          </div>
        </form>
        <form method="post" action="/preferences" class="settings__group">
          <Csrf v={v} />
          <input type="hidden" name="back" value={v.path} />
          <button
            type="submit"
            name="contrast"
            value={v.prefs.contrast === 'high' ? 'normal' : 'high'}
            class="settings__btn"
            aria-pressed={v.prefs.contrast === 'high' ? 'true' : 'false'}
          >
            {t('layout.contrast')}
          </button>
        </form>
      </div>
    </section>
  )
}

export interface NavItem {
  href: string
  label: string
}

/** The page shell: skip link, masthead, settings, header, one <main>, footer. */
export const Layout = ({
  v,
  title,
  children,
  staffNav = [],
}: {
  v: View
  title: string
  children: Child
  staffNav?: NavItem[]
}) => {
  const { t } = v
  const classes = [`text-${v.prefs.textSize}`, v.prefs.contrast === 'high' ? 'contrast-high' : ''].filter(
    Boolean,
  )
  const actor = v.actor
  return (
    <html lang={v.locale} class={classes.join(' ')}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} | ${t('app.name')}`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <script src="/static/app.js" defer></script>
        {v.actor.kind === 'staff' && v.actor.via === 'session' ? (
          <script src="/static/session-timeout.js" defer></script>
        ) : null}
      </head>
      <body>
        <a href="#main" class="skip-link">
          {t('layout.skip')}
        </a>
        <div class="masthead">
          <div class="container">{t('layout.masthead')}</div>
        </div>
        <Settings v={v} />
        <header class="header">
          <div class="container header__row">
            <a href="/" class="header__brand">
              <span class="header__logo" aria-hidden="true">
                같이
              </span>
              <span class="header__name">
                {t('app.name')}
                <span class="header__tagline">{t('app.tagline')}</span>
              </span>
            </a>
            {actor.kind === 'staff' ? (
              <div class="header__account">
                <span>
                  {t('layout.signedInAs', {
                    name: actor.name,
                    role: t(`role.${ROLES.includes(actor.role) ? actor.role : 'admin'}`),
                  })}
                </span>
                <form method="post" action="/staff/sign-out">
                  <Csrf v={v} />
                  <button type="submit" class="button button--secondary button--small">
                    {t('layout.signOut')}
                  </button>
                </form>
              </div>
            ) : null}
          </div>
          {staffNav.length > 0 ? (
            <nav class="container staff-nav" aria-label={t('layout.staffNav')}>
              <ul>
                {staffNav.map((n) => (
                  <li>
                    <a href={n.href} aria-current={v.path === n.href ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        {actor.kind === 'staff' && actor.via === 'session' ? (
          <div id="session-warning" class="session-warning" data-idle-minutes="30" hidden>
            <div class="container">
              <form method="post" action="/staff/session/extend">
                <Csrf v={v} />
                <input type="hidden" name="back" value={v.path} />
                <p role="alert">{t('identity.session.warning', { minutes: 2 })}</p>
                <button type="submit" class="button button--primary">
                  {t('identity.session.extend')}
                </button>
                <p class="sr-only" role="status" data-extended={t('identity.session.extended')} />
              </form>
            </div>
          </div>
        ) : null}
        <main id="main" class="container main" tabindex={-1}>
          {children}
        </main>
        <footer class="footer">
          <div class="container">
            <p>{t('layout.footer.help', { phone: formatPhone(v.city.helpPhone) })}</p>
            <p>{t('layout.footer.about')}</p>
            <ul class="footer__links">
              <li>
                <a href="/accessibility">{t('layout.footer.accessibility')}</a>
              </li>
              <li>
                <a href="/design-system">{t('layout.footer.designSystem')}</a>
              </li>
              <li>
                <a href="/api/openapi.json">{t('layout.footer.openapi')}</a>
              </li>
              {actor.kind === 'anonymous' ? (
                <li>
                  <a href="/staff/sign-in">{t('layout.signIn')}</a>
                </li>
              ) : null}
            </ul>
          </div>
        </footer>
      </body>
    </html>
  )
}
