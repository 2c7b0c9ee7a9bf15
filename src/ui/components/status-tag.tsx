/** The tones a StatusTag can have; each has a border, background and text colour with ≥ 4.5:1 contrast. */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger'

/**
 * A short status ("접수됨", "준비 완료"). The words carry the meaning; the colour only repeats it.
 * @param tone neutral (default) | info | success | warning | danger
 * @param children the status in words (required)
 * @example <StatusTag tone="success">준비 완료</StatusTag>
 */
export const StatusTag = ({ tone = 'neutral', children }: { tone?: Tone; children: string }) => (
  <strong class={`tag tag--${tone}`}>{children}</strong>
)
