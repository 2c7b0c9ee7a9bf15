import type { Child } from 'hono/jsx'
import type { FormState, View } from '../view.ts'
import { valueOf } from '../view.ts'

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined

/**
 * Error summary (GOV.UK pattern): at the top of the form, takes focus on load, links to each field.
 * @example <ErrorSummary v={v} form={form} />
 */
export const ErrorSummary = ({ v, form }: { v: View; form?: FormState }) => {
  if (!form) return null
  const entries = Object.entries(form.errors)
  if (entries.length === 0 && !form.formError) return null
  return (
    <div class="error-summary" role="alert" tabindex={-1} data-autofocus="true" aria-labelledby="error-summary-title">
      <h2 class="error-summary__title" id="error-summary-title">
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

export interface FieldProps {
  v: View
  form?: FormState
  name: string
  label: string
  hint?: string
  /** text, number, date, tel, email, password, search */
  type?: 'text' | 'number' | 'date' | 'tel' | 'email' | 'password' | 'search' | 'time'
  autocomplete?: string
  inputmode?: 'numeric' | 'tel' | 'email' | 'text' | 'decimal'
  required?: boolean
  width?: 'short' | 'medium' | 'full'
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
 * @example <TextField v={v} form={form} name="phone" type="tel" label="휴대전화 번호" hint="010-1234-5678" />
 */
export const TextField = (p: FieldProps) => {
  const id = fieldId(p.name)
  const error = p.form?.errors[p.name]
  const value = p.value ?? (p.type === 'password' ? '' : valueOf(p.form, p.name))
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
 * Multi-line text. @example <Textarea v={v} form={form} name="question" label="무엇이 궁금하세요?" rows={5} />
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
        {p.value ?? valueOf(p.form, p.name)}
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
 * @example <Select v={v} form={form} name="district" label="자치구" options={[{value:'11110',label:'종로구'}]} />
 */
export const Select = (p: Omit<FieldProps, 'type'> & { options: Option[]; placeholder?: string }) => {
  const id = fieldId(p.name)
  const error = p.form?.errors[p.name]
  const current = p.value ?? valueOf(p.form, p.name)
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id} class="field-label">
        {p.label}
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
 * A group of related inputs with a legend. @example <Fieldset legend="연락 방법">…</Fieldset>
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
  const selected = new Set(p.values ?? (Array.isArray(raw) ? raw.map(String) : raw != null ? [String(raw)] : []))
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
            const oid = i === 0 ? id : `${id}-${i}`
            return (
              <div class="choice">
                <input
                  id={oid}
                  type={p.multiple ? 'checkbox' : 'radio'}
                  name={p.name}
                  value={o.value}
                  class="choice__input"
                  checked={selected.has(o.value)}
                  aria-describedby={o.hint ? `${oid}-hint` : undefined}
                />
                <label for={oid} class="choice__label">
                  {o.label}
                </label>
                {o.hint ? (
                  <p id={`${oid}-hint`} class="choice__hint">
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

/** One choice from a few. @example <Radios v={v} form={form} name="reply" label="답변 방법" options={…} /> */
export const Radios = (p: Omit<FieldProps, 'type'> & { options: Option[] }) => (
  <ChoiceGroup {...p} multiple={false} />
)

/** Any number of choices. @example <Checkboxes v={v} form={form} name="topics" label="배우고 싶은 것" options={…} /> */
export const Checkboxes = (p: Omit<FieldProps, 'type'> & { options: Option[]; values?: string[] }) => (
  <ChoiceGroup {...p} multiple={true} />
)

/**
 * A button; `href` makes it a link styled as a button.
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
}: {
  children: Child
  variant?: 'primary' | 'secondary' | 'warning' | 'link'
  href?: string
  name?: string
  value?: string
  type?: 'submit' | 'button'
  formaction?: string
}) =>
  href ? (
    <a href={href} class={`button button--${variant}`} draggable="false">
      {children}
    </a>
  ) : (
    <button type={type} class={`button button--${variant}`} name={name} value={value} formaction={formaction}>
      {children}
    </button>
  )
