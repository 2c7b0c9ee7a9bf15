import type { View } from '../view.ts'

/** One step of a StepIndicator: its name, and optionally a link back to it once done. */
export type Step = string | { label: string; href?: string }

/**
 * Where the person is in a multi-page form: "4단계 중 2단계" and the list of steps, the current one
 * with aria-current="step". Done steps show a check mark and say "완료" to screen readers, so the state
 * is never shown by colour alone. Done steps may link back.
 * @param v the request's view
 * @param steps the steps' names (or { label, href })
 * @param current the current step (1-based)
 * @example <StepIndicator v={v} current={2} steps={['본인 확인', '신청 내용', '연락처', '확인']} />
 */
export const StepIndicator = ({ v, steps, current }: { v: View; steps: Step[]; current: number }) => (
  <div class="steps">
    <p class="steps__count">{v.t('common.step', { step: current, total: steps.length })}</p>
    <ol class="steps__list" aria-label={v.t('steps.label')}>
      {steps.map((s, i) => {
        const n = i + 1
        const { label, href } = typeof s === 'string' ? { label: s, href: undefined } : s
        const state = n < current ? 'done' : n === current ? 'current' : 'todo'
        return (
          <li
            class={`steps__item steps__item--${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            {state === 'done' && href ? (
              <a class="steps__label" href={href}>
                {label}
              </a>
            ) : (
              <span class="steps__label">{label}</span>
            )}
            <span class="sr-only"> ({v.t(`steps.${state}`)})</span>
          </li>
        )
      })}
    </ol>
  </div>
)
