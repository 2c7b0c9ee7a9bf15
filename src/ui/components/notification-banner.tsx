import type { Child } from 'hono/jsx'
import type { View } from '../view.ts'

/**
 * A banner at the top of a page (GOV.UK notification banner). `info` tells something important and is
 * a labelled region; `success` confirms what just happened and is announced (role="alert").
 * Put it above the h1's content, never inside a form.
 * @param v the request's view
 * @param variant info (default) | success
 * @param title the small title bar; defaults to "알려 드립니다" / "완료되었습니다"
 * @param heading the main message (bold)
 * @param id unique id on the page (the title's id is `${id}-title`)
 * @param children more text or links under the heading
 * @example <NotificationBanner v={v} variant="success" heading="신청이 접수되었습니다" id="done" />
 */
export const NotificationBanner = ({
  v,
  variant = 'info',
  title,
  heading,
  id = `notification-${variant}`,
  children,
}: {
  v: View
  variant?: 'info' | 'success'
  title?: string
  heading?: string
  id?: string
  children?: Child
}) => {
  const titleId = `${id}-title`
  const body = (
    <>
      <div class="notification__header">
        <h2 class="notification__title" id={titleId}>
          {title ?? v.t(variant === 'success' ? 'banner.success' : 'banner.important')}
        </h2>
      </div>
      <div class="notification__content">
        {heading ? <p class="notification__heading">{heading}</p> : null}
        {children}
      </div>
    </>
  )
  return variant === 'success' ? (
    <div class="notification notification--success" id={id} role="alert" aria-labelledby={titleId}>
      {body}
    </div>
  ) : (
    <section class="notification notification--info" id={id} aria-labelledby={titleId}>
      {body}
    </section>
  )
}
