import { formatPhone } from '../../platform/i18n/format.ts'
import type { View } from '../view.ts'
import { NotificationBanner } from './notification-banner.tsx'

/** The `_action` value the save-for-later button sends. */
export const SAVE_LATER = 'save-later'

/** True when a submitted form asked to be saved for later instead of checked and sent. */
export const wantsSaveLater = (values: Record<string, unknown>): boolean => values._action === SAVE_LATER

/**
 * "Save and come back later" (It's okay to take your time): a secondary submit button in the same form
 * that sends `_action=save-later`. The handler saves what was typed without validating it and shows
 * SavedBanner with the reference.
 * @param v the request's view
 * @param label the button text (default "저장하고 나중에 계속하기")
 * @example <ButtonGroup><Button>계속</Button><SaveLaterButton v={v} /></ButtonGroup>
 */
export const SaveLaterButton = ({ v, label }: { v: View; label?: string }) => (
  <button type="submit" class="button button--secondary" name="_action" value={SAVE_LATER} formnovalidate>
    {label ?? v.t('common.saveLater')}
  </button>
)

/**
 * Confirms that a form was saved: the reference to quote on the phone, how to come back, and a link
 * back to it. A success banner (announced to screen readers).
 * @param v the request's view
 * @param reference the saved draft's reference, shown big
 * @param resumeHref where to continue (also sent by text message by the handler, if it can)
 * @param keptUntil until when it is kept, as text ("2026년 12월 23일")
 * @example <SavedBanner v={v} reference="GA-7K2P" resumeHref="/apply/resume" keptUntil="2026년 12월 23일" />
 */
export const SavedBanner = ({
  v,
  reference,
  resumeHref,
  keptUntil,
  id = 'saved',
}: {
  v: View
  reference: string
  resumeHref?: string
  keptUntil?: string
  id?: string
}) => (
  <NotificationBanner v={v} variant="success" id={id} heading={v.t('saveLater.heading')}>
    <p>
      {v.t('saveLater.reference')} <span class="notification__reference">{reference}</span>
    </p>
    <p>{v.t('saveLater.body', { phone: formatPhone(v.city.helpPhone) })}</p>
    {keptUntil ? <p>{v.t('saveLater.keptUntil', { date: keptUntil })}</p> : null}
    {resumeHref ? (
      <p>
        <a href={resumeHref}>{v.t('saveLater.resume')}</a>
      </p>
    ) : null}
  </NotificationBanner>
)
