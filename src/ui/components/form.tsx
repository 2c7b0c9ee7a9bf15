import type { Child } from 'hono/jsx'
import type { FormState, View } from '../view.ts'
import { valueOf as typedValue } from '../view.ts'

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined

/**
 * Error summary (GOV.UK pattern): at the top of the form, takes focus on load (app.js), links to each
 * field's input by `fieldId(name)`. Renders nothing when the form has no errors.
 * @param v the request's view (for the title in its language)
 * @param form the form state; its `errors` (field name → translated message) and `formError`
 * @param autofocus take focus on load (default true; the design-system pages turn it off)
 * @param id id of the title (default `error-summary-title`; only needed with two summaries on a page)
 * @example <ErrorSummary v={v} form={form} />
 */
export const ErrorSummary = ({
  v,
  form,
  autofocus = true,
  id = 'error-summary-title',
}: {
  v: View
  form?: FormState
  autofocus?: boolean
  id?: string
}) => {
  if (!form) return null
  const entries = Object.entries(form.errors)
  if (entries.length === 0 && !form.formError) return null
  return (
    <div
      class="error-summary"
      role="alert"
      tabindex={-1}
      data-autofocus={autofocus ? 'true' : undefined}
      aria-labelledby={id}
    >
      <h2 class="error-summary__title" id={id}>
        {v.t('error.summaryTitle')}
      </h2>
      {form.formError ? <p>{form.formError}</p> : null}
      {entries.length > 0 ? (
        <ul class="error-summary__list">
          {entries.map(([name, msg]) => (
            <li>
              <a href={`#${fieldId(name)}`}>{msg}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** The id of a field's input (also the target of its error-summary link). */
export const fieldId = (name: string) => `f-${name.replace(/[^\w-]/g, '-')}`

const ErrorMessage = ({ v, id, error }: { v: View; id: string; error?: string }) =>
  error ? (
    <p id={id} class="field-error">
      <span class="sr-only">{v.t('error.prefix')}</span> {error}
    </p>
  ) : null

/** Params shared by every field component. */
export interface FieldProps {
  /** The request's view (language, translator). */
  v: View
  /** Form state shown again after a failed submit: errors and typed values, keyed by `name`. */
  form?: FormState
  /** The form field name; the input's id is `fieldId(name)`. */
  name: string
  /** Visible label (every field has one). */
  label: string
  /** Help under the label, tied to the input by aria-describedby. */
  hint?: string
  /** text, number, date, tel, email, password, search */
  type?: 'text' | 'number' | 'date' | 'tel' | 'email' | 'password' | 'search' | 'time'
  autocomplete?: string
  inputmode?: 'numeric' | 'tel' | 'email' | 'text' | 'decimal'
  /** `false` adds "(선택)" / "(optional)" to the label. Fields are required unless they say otherwise. */
  required?: boolean
  /** short (numbers, postcodes), medium (phone, dates) or full (default). */
  width?: 'short' | 'medium' | 'full'
  /** Value to show; defaults to what was typed (`form.values[name]`). */
  value?: string
  /** Page heading as the label (one question per page). */
  asHeading?: boolean
  min?: string
  max?: string
  maxlength?: number
  spellcheck?: boolean
}

/**
 * A labelled input with optional hint and inline error tied by aria-describedby; keeps what was typed.
 * On error: red bar on the left, "오류:" hidden prefix, aria-invalid, and the summary links to it.
 * @param p see FieldProps (type: text, number, date, tel, email, password, search, time)
 * @example <TextField v={v} form={form} name="phone" type="tel" label="휴대전화 번호" hint="010-1234-5678" />
 */
export const TextField = (p: FieldProps) => {
  const id = fieldId(p.name)
  const error = p.form?.errors[p.name]
  const value = p.value ?? (p.type === 'password' ? '' : typedValue(p.form, p.name))
  const label = (
    <label for={id} class="field-label">
      {p.label}
      {p.required === false ? <span class="field-optional"> {p.v.t('common.optional')}</span> : null}
    </label>
  )
  return (
    <div class={error ? 'field field--error' : 'field'}>
      {p.asHeading ? <h1 class="field-heading">{label}</h1> : label}
      {p.hint ? (
        <p id={`${id}-hint`} class="field-hint">
          {p.hint}
        </p>
      ) : null}
      <ErrorMessage v={p.v} id={`${id}-error`} error={error} />
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={value}
        class={`input input--${p.width ?? 'full'}`}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        min={p.min}
        max={p.max}
        maxlength={p.maxlength}
        spellcheck={p.spellcheck}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${id}-hint`, error && `${id}-error`)}
      />
    </div>
  )
}

/**
 * Multi-line text.
 * @param p see FieldProps; `rows` sets the visible height (default 5)
 * @example <Textarea v={v} form={form} name="question" label="무엇이 궁금하세요?" rows={5} />
 */
export const Textarea = (p: Omit<FieldProps, 'type'> & { rows?: number }) => {
  const id = fieldId(p.name)
  const error = p.form?.errors[p.name]
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id} class="field-label">
        {p.label}
        {p.required === false ? <span class="field-optional"> {p.v.t('common.optional')}</span> : null}
      </label>
      {p.hint ? (
        <p id={`${id}-hint`} class="field-hint">
          {p.hint}
        </p>
      ) : null}
      <ErrorMessage v={p.v} id={`${id}-error`} error={error} />
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 5}
        class="textarea"
        maxlength={p.maxlength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${id}-hint`, error && `${id}-error`)}
      >
        {p.value ?? typedValue(p.form, p.name)}
      </textarea>
    </div>
  )
}

export interface Option {
  value: string
  label: string
  hint?: string
}

/**
 * A dropdown. Prefer radios for fewer than 8 options.
 * @param p see FieldProps; `options` ({ value, label }), `placeholder` adds an empty first option
 * @example <Select v={v} form={form} name="district" label="자치구" options={[{value:'11110',label:'종로구'}]} />
 */
export const Select = (p: Omit<FieldProps, 'type'> & { options: Option[]; placeholder?: string }) => {
  const id = fieldId(p.name)
  const error = p.form?.errors[p.name]
  const current = p.value ?? typedValue(p.form, p.name)
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id} class="field-label">
        {p.label}
        {p.required === false ? <span class="field-optional"> {p.v.t('common.optional')}</span> : null}
      </label>
      {p.hint ? (
        <p id={`${id}-hint`} class="field-hint">
          {p.hint}
        </p>
      ) : null}
      <ErrorMessage v={p.v} id={`${id}-error`} error={error} />
      <select
        id={id}
        name={p.name}
        class="select"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${id}-hint`, error && `${id}-error`)}
      >
        {p.placeholder !== undefined ? <option value="">{p.placeholder}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/**
 * A group of related inputs with a legend (radios, checkboxes and date parts use it).
 * @param legend the question the group answers
 * @param hint help under the legend (its id is `${id}-hint` when `id` is given)
 * @param asHeading the legend is the page's h1 (one question per page)
 * @param error an inline error element shown inside the group
 * @param describedby ids of the hint and error, for aria-describedby
 * @example <Fieldset legend="연락 방법">…</Fieldset>
 */
export const Fieldset = ({
  legend,
  children,
  hint,
  id,
  asHeading,
  error,
  describedby,
}: {
  legend: string
  children: Child
  hint?: string
  id?: string
  asHeading?: boolean
  error?: Child
  describedby?: string
}) => (
  <fieldset class="fieldset" aria-describedby={describedby}>
    <legend class={asHeading ? 'fieldset__legend fieldset__legend--heading' : 'fieldset__legend'}>
      {asHeading ? <h1 class="fieldset__heading">{legend}</h1> : legend}
    </legend>
    {hint ? (
      <p class="field-hint" id={id ? `${id}-hint` : undefined}>
        {hint}
      </p>
    ) : null}
    {error}
    {children}
  </fieldset>
)

const ChoiceGroup = (
  p: Omit<FieldProps, 'type'> & { options: Option[]; multiple: boolean; values?: string[] },
) => {
  const id = fieldId(p.name)
  const error = p.form?.errors[p.name]
  const raw = p.form?.values[p.name]
  const selected = new Set(
    p.values ?? (Array.isArray(raw) ? raw.map(String) : raw != null ? [String(raw)] : []),
  )
  if (p.value !== undefined) selected.add(p.value)
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <Fieldset
        legend={p.label}
        hint={p.hint}
        id={id}
        asHeading={p.asHeading}
        describedby={describedBy(p.hint && `${id}-hint`, error && `${id}-error`)}
        error={<ErrorMessage v={p.v} id={`${id}-error`} error={error} />}
      >
        <div class={p.multiple ? 'checkboxes' : 'radios'}>
          {p.options.map((o, i) => {
            // the first option carries the field id (the error summary links to it); option hints get
            // their own ids so they never clash with the group's `${id}-hint`
            const oid = i === 0 ? id : `${id}-${i}`
            const hintId = `${id}-${i}-hint`
            return (
              <div class="choice">
                <input
                  id={oid}
                  type={p.multiple ? 'checkbox' : 'radio'}
                  name={p.name}
                  value={o.value}
                  class="choice__input"
                  checked={selected.has(o.value)}
                  aria-describedby={o.hint ? hintId : undefined}
                />
                <label for={oid} class="choice__label">
                  {o.label}
                </label>
                {o.hint ? (
                  <p id={hintId} class="choice__hint">
                    {o.hint}
                  </p>
                ) : null}
              </div>
            )
          })}
        </div>
      </Fieldset>
    </div>
  )
}

/**
 * One choice from a few, as big radio buttons. The first option carries the field id (summary link target).
 * @param p see FieldProps; `options` ({ value, label, hint? })
 * @example <Radios v={v} form={form} name="reply" label="답변 방법" options={…} />
 */
export const Radios = (p: Omit<FieldProps, 'type'> & { options: Option[] }) => (
  <ChoiceGroup {...p} multiple={false} />
)

/**
 * Any number of choices, as big checkboxes.
 * @param p see FieldProps; `options` ({ value, label, hint? }), `values` pre-checks these values
 * @example <Checkboxes v={v} form={form} name="topics" label="배우고 싶은 것" options={…} />
 */
export const Checkboxes = (p: Omit<FieldProps, 'type'> & { options: Option[]; values?: string[] }) => (
  <ChoiceGroup {...p} multiple={true} />
)

/**
 * A button; `href` makes it a link styled as a button. Primary for the one main action of a page,
 * secondary for others, warning for actions that delete or cannot be undone.
 * @param variant primary (default) | secondary | warning | link
 * @param href makes it a link (`<a class="button">`) instead of a submit button
 * @param name, value sent with the form when this button submits it (e.g. `_action`)
 * @param type submit (default) | button
 * @param formaction posts the form to another address
 * @param small a smaller button (still at least 44px high) for tables and toolbars
 * @example <Button>저장</Button> <Button variant="secondary" href="/">취소</Button>
 */
export const Button = ({
  children,
  variant = 'primary',
  href,
  name,
  value,
  type = 'submit',
  formaction,
  small = false,
}: {
  children: Child
  variant?: 'primary' | 'secondary' | 'warning' | 'link'
  href?: string
  name?: string
  value?: string
  type?: 'submit' | 'button'
  formaction?: string
  small?: boolean
}) => {
  const cls = `button button--${variant}${small ? ' button--small' : ''}`
  return href ? (
    <a href={href} class={cls} draggable="false">
      {children}
    </a>
  ) : (
    <button type={type} class={cls} name={name} value={value} formaction={formaction}>
      {children}
    </button>
  )
}

/**
 * Lays out a form's buttons side by side (wrapping on small screens).
 * @example <ButtonGroup><Button>계속</Button><SaveLaterButton v={v} /></ButtonGroup>
 */
export const ButtonGroup = ({ children }: { children: Child }) => <div class="button-group">{children}</div>

/**
 * A date as one native date input (the browser shows its own picker; the value is YYYY-MM-DD).
 * Takes the same params as TextField except `type`; the hint should show the format.
 * @example <DateField v={v} form={form} name="visitDate" label="방문할 날짜" hint="예: 2026-11-23" />
 */
export const DateField = (p: Omit<FieldProps, 'type'>) => (
  <TextField {...p} type="date" width={p.width ?? 'medium'} />
)
