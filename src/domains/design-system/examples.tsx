import type { Child } from 'hono/jsx'
import { Card } from '../../ui/components/card.tsx'
import {
  Button,
  ButtonGroup,
  Checkboxes,
  DateField,
  ErrorSummary,
  Fieldset,
  Radios,
  Select,
  Textarea,
  TextField,
} from '../../ui/components/form.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { Pagination } from '../../ui/components/pagination.tsx'
import { SavedBanner, SaveLaterButton } from '../../ui/components/save-for-later.tsx'
import { StatusTag } from '../../ui/components/status-tag.tsx'
import { StepIndicator } from '../../ui/components/step-indicator.tsx'
import { SummaryList } from '../../ui/components/summary-list.tsx'
import { Table } from '../../ui/components/table.tsx'
import type { FormState, View } from '../../ui/view.ts'

/** One documented parameter of a component. */
export interface ComponentParam {
  name: string
  type: string
  required: boolean
  /** Message key of the description. */
  desc: string
}

/** One live example: rendered on the component page, on its own preview page, and by the tests. */
export interface ComponentExample {
  /** Slug, unique within the component (`/design-system/<component>/<name>`). */
  name: string
  /** Message key of the example's title. */
  title: string
  /** How it is written in a page (shown as code). */
  code: string
  render: (v: View) => Child
}

/** A component's documentation: name, summary, params and examples. */
export interface ComponentDoc {
  /** Slug (`/design-system/<name>`). */
  name: string
  /** Message keys of the title and the one-paragraph summary. */
  title: string
  summary: string
  params: ComponentParam[]
  examples: ComponentExample[]
}

const p = (name: string, type: string, required: boolean, desc = `ds.p.${name}`): ComponentParam => ({
  name,
  type,
  required,
  desc,
})
const FIELD_PARAMS = [
  p('v', 'View', true),
  p('form', 'FormState', false),
  p('name', 'string', true),
  p('label', 'string', true),
  p('hint', 'string', false),
  p('required', 'boolean', false),
  p('value', 'string', false),
  p('asHeading', 'boolean', false),
]

/** A form state with one error, as a page shows it after a failed submit. */
const failed = (
  v: View,
  errors: Record<string, string>,
  values: Record<string, unknown> = {},
): FormState => ({
  errors: Object.fromEntries(Object.entries(errors).map(([k, key]) => [k, v.t(key)])),
  values,
})

const contactOptions = (v: View) => [
  { value: 'phone', label: v.t('ds.ex.contact.phone'), hint: v.t('ds.ex.contact.phoneHint') },
  { value: 'sms', label: v.t('ds.ex.contact.sms') },
  { value: 'visit', label: v.t('ds.ex.contact.visit') },
]
const topicOptions = (v: View) => [
  { value: 'phone', label: v.t('ds.ex.topic.phone') },
  { value: 'kiosk', label: v.t('ds.ex.topic.kiosk') },
  { value: 'bank', label: v.t('ds.ex.topic.bank'), hint: v.t('ds.ex.topic.bankHint') },
  { value: 'video', label: v.t('ds.ex.topic.video') },
]
const districtOptions = (v: View) => [
  { value: '11110', label: v.t('ds.ex.district.jongno') },
  { value: '11140', label: v.t('ds.ex.district.jung') },
  { value: '11170', label: v.t('ds.ex.district.yongsan') },
]

interface Place {
  name: string
  kind: string
  seats: number
  km: number
}
const places = (v: View): Place[] => [
  { name: v.t('ds.ex.place.1'), kind: v.t('ds.ex.kind.center'), seats: 24, km: 0.4 },
  { name: v.t('ds.ex.place.2'), kind: v.t('ds.ex.kind.library'), seats: 12, km: 1.2 },
  { name: v.t('ds.ex.place.3'), kind: v.t('ds.ex.kind.senior'), seats: 30, km: 2.8 },
]

/**
 * Every component with its params and live examples. The design-system pages render these, the unit
 * tests check their markup and the browser test runs axe on each example's preview page.
 */
export const COMPONENT_EXAMPLES: ComponentDoc[] = [
  {
    name: 'button',
    title: 'ds.c.button',
    summary: 'ds.s.button',
    params: [
      p('variant', "'primary' | 'secondary' | 'warning' | 'link'", false),
      p('href', 'string', false),
      p('name', 'string', false, 'ds.p.buttonName'),
      p('value', 'string', false, 'ds.p.buttonValue'),
      p('type', "'submit' | 'button'", false, 'ds.p.buttonType'),
      p('small', 'boolean', false),
      p('children', 'Child', true, 'ds.p.buttonChildren'),
    ],
    examples: [
      {
        name: 'variants',
        title: 'ds.e.variants',
        code: '<Button>계속</Button>\n<Button variant="secondary">취소</Button>\n<Button variant="warning">삭제</Button>\n<Button variant="link">나중에 하기</Button>',
        render: (v) => (
          <ButtonGroup>
            <Button type="button">{v.t('common.continue')}</Button>
            <Button type="button" variant="secondary">
              {v.t('common.cancel')}
            </Button>
            <Button type="button" variant="warning">
              {v.t('ds.ex.delete')}
            </Button>
            <Button type="button" variant="link">
              {v.t('ds.ex.later')}
            </Button>
          </ButtonGroup>
        ),
      },
      {
        name: 'link',
        title: 'ds.e.buttonLink',
        code: '<Button href="/">처음으로</Button>\n<Button small variant="secondary" href="/">처음으로</Button>',
        render: (v) => (
          <ButtonGroup>
            <Button href="/">{v.t('layout.home')}</Button>
            <Button href="/" variant="secondary" small>
              {v.t('layout.home')}
            </Button>
          </ButtonGroup>
        ),
      },
    ],
  },
  {
    name: 'text-field',
    title: 'ds.c.textField',
    summary: 'ds.s.textField',
    params: [
      ...FIELD_PARAMS,
      p('type', "'text' | 'number' | 'tel' | 'email' | 'password' | 'search' | 'time'", false),
      p('width', "'short' | 'medium' | 'full'", false),
      p('autocomplete', 'string', false),
      p('inputmode', "'numeric' | 'tel' | 'email' | 'text' | 'decimal'", false),
    ],
    examples: [
      {
        name: 'default',
        title: 'ds.e.default',
        code: '<TextField v={v} form={form} name="phone" type="tel" autocomplete="tel" width="medium"\n  label="휴대전화 번호" hint="010-1234-5678 처럼 입력하세요" />',
        render: (v) => (
          <TextField
            v={v}
            name="ex-phone"
            type="tel"
            autocomplete="tel"
            width="medium"
            label={v.t('ds.ex.phone')}
            hint={v.t('ds.ex.phoneHint')}
          />
        ),
      },
      {
        name: 'optional',
        title: 'ds.e.optional',
        code: '<TextField v={v} name="email" type="email" required={false} label="이메일" />',
        render: (v) => (
          <TextField
            v={v}
            name="ex-email"
            type="email"
            autocomplete="email"
            required={false}
            label={v.t('ds.ex.email')}
          />
        ),
      },
      {
        name: 'short-number',
        title: 'ds.e.short',
        code: '<TextField v={v} name="count" inputmode="numeric" width="short" label="몇 명이 오시나요?" />',
        render: (v) => (
          <TextField v={v} name="ex-count" inputmode="numeric" width="short" label={v.t('ds.ex.count')} />
        ),
      },
      {
        name: 'error',
        title: 'ds.e.error',
        code: '// form = { errors: { phone: t(\'validation.phone\') }, values: { phone: \'010-12\' } }\n<TextField v={v} form={form} name="phone" type="tel" label="휴대전화 번호" hint="…" />',
        render: (v) => (
          <TextField
            v={v}
            form={failed(v, { 'ex-phone-err': 'validation.phone' }, { 'ex-phone-err': '010-12' })}
            name="ex-phone-err"
            type="tel"
            width="medium"
            label={v.t('ds.ex.phone')}
            hint={v.t('ds.ex.phoneHint')}
          />
        ),
      },
    ],
  },
  {
    name: 'date-field',
    title: 'ds.c.dateField',
    summary: 'ds.s.dateField',
    params: [...FIELD_PARAMS, p('min', 'string', false), p('max', 'string', false)],
    examples: [
      {
        name: 'default',
        title: 'ds.e.default',
        code: '<DateField v={v} form={form} name="visitDate" label="방문할 날짜" hint="예: 2026-11-23" />',
        render: (v) => (
          <DateField v={v} name="ex-date" label={v.t('ds.ex.date')} hint={v.t('ds.ex.dateHint')} />
        ),
      },
      {
        name: 'error',
        title: 'ds.e.error',
        code: '// form.errors.visitDate = t(\'validation.date\')\n<DateField v={v} form={form} name="visitDate" label="방문할 날짜" />',
        render: (v) => (
          <DateField
            v={v}
            form={failed(v, { 'ex-date-err': 'validation.date' })}
            name="ex-date-err"
            label={v.t('ds.ex.date')}
            hint={v.t('ds.ex.dateHint')}
          />
        ),
      },
    ],
  },
  {
    name: 'textarea',
    title: 'ds.c.textarea',
    summary: 'ds.s.textarea',
    params: [
      ...FIELD_PARAMS,
      p('rows', 'number', false, 'ds.p.textareaRows'),
      p('maxlength', 'number', false),
    ],
    examples: [
      {
        name: 'default',
        title: 'ds.e.default',
        code: '<Textarea v={v} form={form} name="question" label="무엇이 궁금하세요?" hint="…" rows={5} />',
        render: (v) => (
          <Textarea v={v} name="ex-question" label={v.t('ds.ex.question')} hint={v.t('ds.ex.questionHint')} />
        ),
      },
      {
        name: 'error',
        title: 'ds.e.error',
        code: '// form.errors.question = t(\'validation.required\')\n<Textarea v={v} form={form} name="question" label="무엇이 궁금하세요?" />',
        render: (v) => (
          <Textarea
            v={v}
            form={failed(v, { 'ex-question-err': 'validation.required' })}
            name="ex-question-err"
            label={v.t('ds.ex.question')}
          />
        ),
      },
    ],
  },
  {
    name: 'select',
    title: 'ds.c.select',
    summary: 'ds.s.select',
    params: [
      ...FIELD_PARAMS,
      p('options', 'Option[]', true, 'ds.p.options'),
      p('placeholder', 'string', false),
    ],
    examples: [
      {
        name: 'default',
        title: 'ds.e.default',
        code: '<Select v={v} form={form} name="district" label="사는 자치구" placeholder="자치구를 고르세요"\n  options={districts} />',
        render: (v) => (
          <Select
            v={v}
            name="ex-district"
            label={v.t('ds.ex.district')}
            placeholder={v.t('ds.ex.districtPlaceholder')}
            options={districtOptions(v)}
          />
        ),
      },
      {
        name: 'error',
        title: 'ds.e.error',
        code: '// form.errors.district = t(\'validation.choose\')\n<Select v={v} form={form} name="district" … />',
        render: (v) => (
          <Select
            v={v}
            form={failed(v, { 'ex-district-err': 'validation.choose' })}
            name="ex-district-err"
            label={v.t('ds.ex.district')}
            placeholder={v.t('ds.ex.districtPlaceholder')}
            options={districtOptions(v)}
          />
        ),
      },
    ],
  },
  {
    name: 'radios',
    title: 'ds.c.radios',
    summary: 'ds.s.radios',
    params: [...FIELD_PARAMS, p('options', 'Option[]', true, 'ds.p.options')],
    examples: [
      {
        name: 'default',
        title: 'ds.e.default',
        code: "<Radios v={v} form={form} name=\"contact\" label=\"어떻게 연락드릴까요?\" options={[\n  { value: 'phone', label: '전화', hint: '…' }, …]} />",
        render: (v) => (
          <Radios
            v={v}
            name="ex-contact"
            label={v.t('ds.ex.contact')}
            hint={v.t('ds.ex.contactHint')}
            value="phone"
            options={contactOptions(v)}
          />
        ),
      },
      {
        name: 'error',
        title: 'ds.e.error',
        code: '// form.errors.contact = t(\'validation.choose\')\n<Radios v={v} form={form} name="contact" … />',
        render: (v) => (
          <Radios
            v={v}
            form={failed(v, { 'ex-contact-err': 'validation.choose' })}
            name="ex-contact-err"
            label={v.t('ds.ex.contact')}
            options={contactOptions(v)}
          />
        ),
      },
    ],
  },
  {
    name: 'checkboxes',
    title: 'ds.c.checkboxes',
    summary: 'ds.s.checkboxes',
    params: [...FIELD_PARAMS, p('options', 'Option[]', true, 'ds.p.options'), p('values', 'string[]', false)],
    examples: [
      {
        name: 'default',
        title: 'ds.e.default',
        code: '<Checkboxes v={v} form={form} name="topics" label="배우고 싶은 것을 모두 고르세요" values={[\'kiosk\']}\n  options={topics} />',
        render: (v) => (
          <Checkboxes
            v={v}
            name="ex-topics"
            label={v.t('ds.ex.topics')}
            hint={v.t('ds.ex.topicsHint')}
            values={['kiosk']}
            options={topicOptions(v)}
          />
        ),
      },
      {
        name: 'error',
        title: 'ds.e.error',
        code: '// form.errors.topics = t(\'validation.chooseAtLeast\', { min: 1 })\n<Checkboxes v={v} form={form} name="topics" … />',
        render: (v) => (
          <Checkboxes
            v={v}
            form={{ errors: { 'ex-topics-err': v.t('validation.chooseAtLeast', { min: 1 }) }, values: {} }}
            name="ex-topics-err"
            label={v.t('ds.ex.topics')}
            options={topicOptions(v)}
          />
        ),
      },
    ],
  },
  {
    name: 'fieldset',
    title: 'ds.c.fieldset',
    summary: 'ds.s.fieldset',
    params: [
      p('legend', 'string', true),
      p('hint', 'string', false),
      p('id', 'string', false, 'ds.p.fieldsetId'),
      p('asHeading', 'boolean', false),
      p('error', 'Child', false, 'ds.p.fieldsetError'),
      p('describedby', 'string', false),
      p('children', 'Child', true, 'ds.p.fieldsetChildren'),
    ],
    examples: [
      {
        name: 'address',
        title: 'ds.e.address',
        code: '<Fieldset legend="사는 곳" hint="…" id="address" describedby="address-hint">\n  <TextField … name="street" /> <TextField … name="postcode" width="short" />\n</Fieldset>',
        render: (v) => (
          <Fieldset
            legend={v.t('ds.ex.address')}
            hint={v.t('ds.ex.addressHint')}
            id="ex-address"
            describedby="ex-address-hint"
          >
            <TextField v={v} name="ex-street" autocomplete="street-address" label={v.t('ds.ex.street')} />
            <TextField
              v={v}
              name="ex-postcode"
              autocomplete="postal-code"
              inputmode="numeric"
              width="short"
              label={v.t('ds.ex.postcode')}
              required={false}
            />
          </Fieldset>
        ),
      },
    ],
  },
  {
    name: 'error-summary',
    title: 'ds.c.errorSummary',
    summary: 'ds.s.errorSummary',
    params: [
      p('v', 'View', true),
      p('form', 'FormState', false, 'ds.p.summaryForm'),
      p('autofocus', 'boolean', false),
      p('id', 'string', false, 'ds.p.summaryId'),
    ],
    examples: [
      {
        name: 'form',
        title: 'ds.e.summaryForm',
        code: '<ErrorSummary v={v} form={form} />\n<form method="post" novalidate>\n  <TextField v={v} form={form} name="name" … />\n  <TextField v={v} form={form} name="phone" … />\n</form>',
        render: (v) => {
          const form = failed(
            v,
            { 'ex-sum-name': 'validation.required', 'ex-sum-phone': 'validation.phone' },
            { 'ex-sum-phone': '0101234' },
          )
          return (
            <>
              <ErrorSummary v={v} form={form} autofocus={false} id="ex-summary-title" />
              <form method="get" action="/design-system/error-summary" novalidate>
                <TextField
                  v={v}
                  form={form}
                  name="ex-sum-name"
                  autocomplete="name"
                  label={v.t('ds.ex.name')}
                />
                <TextField
                  v={v}
                  form={form}
                  name="ex-sum-phone"
                  type="tel"
                  width="medium"
                  label={v.t('ds.ex.phone')}
                  hint={v.t('ds.ex.phoneHint')}
                />
                <Button>{v.t('common.continue')}</Button>
              </form>
            </>
          )
        },
      },
    ],
  },
  {
    name: 'table',
    title: 'ds.c.table',
    summary: 'ds.s.table',
    params: [
      p('id', 'string', true, 'ds.p.tableId'),
      p('caption', 'string', true),
      p('captionHidden', 'boolean', false),
      p('columns', 'Column<R>[]', true),
      p('rows', 'R[]', true),
      p('rowHeaders', 'boolean', false),
      p('empty', 'string', false),
      p('stack', 'boolean', false),
    ],
    examples: [
      {
        name: 'default',
        title: 'ds.e.tableNumeric',
        code: '<Table id="places" caption="가까운 배움터" rowHeaders rows={places} columns={[\n  { header: \'이름\', cell: (p) => p.name },\n  { header: \'자리\', numeric: true, cell: (p) => p.seats }, …]} />',
        render: (v) => (
          <Table
            id="ex-places"
            caption={v.t('ds.ex.placesCaption')}
            rowHeaders
            rows={places(v)}
            columns={[
              { header: v.t('ds.ex.col.name'), cell: (r: Place) => r.name },
              { header: v.t('ds.ex.col.kind'), cell: (r: Place) => r.kind },
              { header: v.t('ds.ex.col.seats'), numeric: true, cell: (r: Place) => r.seats },
              { header: v.t('ds.ex.col.km'), numeric: true, cell: (r: Place) => r.km.toFixed(1) },
            ]}
          />
        ),
      },
      {
        name: 'empty',
        title: 'ds.e.empty',
        code: '<Table id="places" caption="…" rows={[]} columns={…} empty="아직 장소가 없습니다." />',
        render: (v) => (
          <Table
            id="ex-empty"
            caption={v.t('ds.ex.placesCaption')}
            rows={[] as Place[]}
            columns={[{ header: v.t('ds.ex.col.name'), cell: (r: Place) => r.name }]}
            empty={v.t('ds.ex.emptyPlaces')}
          />
        ),
      },
    ],
  },
  {
    name: 'summary-list',
    title: 'ds.c.summaryList',
    summary: 'ds.s.summaryList',
    params: [p('v', 'View', true), p('rows', 'SummaryRow[]', true, 'ds.p.summaryRows')],
    examples: [
      {
        name: 'default',
        title: 'ds.e.checkAnswers',
        code: "<SummaryList v={v} rows={[\n  { key: '이름', value: '김순자', change: { href: '/apply/name' } },\n  { key: '연락 방법', value: '전화' }]} />",
        render: (v) => (
          <SummaryList
            v={v}
            rows={[
              { key: v.t('ds.ex.name'), value: v.t('ds.ex.sampleName'), change: { href: '#ex-name' } },
              { key: v.t('ds.ex.phone'), value: '010-1234-5678', change: { href: '#ex-phone' } },
              { key: v.t('ds.ex.contact'), value: v.t('ds.ex.contact.phone') },
            ]}
          />
        ),
      },
    ],
  },
  {
    name: 'pagination',
    title: 'ds.c.pagination',
    summary: 'ds.s.pagination',
    params: [
      p('v', 'View', true),
      p('page', 'number', true),
      p('total', 'number', true),
      p('href', '(page: number) => string', true, 'ds.p.pageHref'),
    ],
    examples: [
      {
        name: 'middle',
        title: 'ds.e.pageMiddle',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a code sample shown on the page
        code: '<Pagination v={v} page={5} total={12} href={(p) => `?page=${p}`} />',
        render: (v) => <Pagination v={v} page={5} total={12} href={(n) => `?page=${n}`} />,
      },
      {
        name: 'first',
        title: 'ds.e.pageFirst',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a code sample shown on the page
        code: '<Pagination v={v} page={1} total={3} href={(p) => `?page=${p}`} />',
        render: (v) => <Pagination v={v} page={1} total={3} href={(n) => `?page=${n}`} />,
      },
    ],
  },
  {
    name: 'notification-banner',
    title: 'ds.c.banner',
    summary: 'ds.s.banner',
    params: [
      p('v', 'View', true),
      p('variant', "'info' | 'success'", false, 'ds.p.bannerVariant'),
      p('title', 'string', false, 'ds.p.bannerTitle'),
      p('heading', 'string', false),
      p('id', 'string', false, 'ds.p.bannerId'),
      p('children', 'Child', false, 'ds.p.bannerChildren'),
    ],
    examples: [
      {
        name: 'info',
        title: 'ds.e.info',
        code: '<NotificationBanner v={v} id="closed" heading="12월 25일은 쉽니다">\n  <p>…</p>\n</NotificationBanner>',
        render: (v) => (
          <NotificationBanner v={v} id="ex-info" heading={v.t('ds.ex.bannerInfo')}>
            <p>{v.t('ds.ex.bannerInfoBody')}</p>
          </NotificationBanner>
        ),
      },
      {
        name: 'success',
        title: 'ds.e.success',
        code: '<NotificationBanner v={v} variant="success" id="sent" heading="신청을 받았습니다" />',
        render: (v) => (
          <NotificationBanner v={v} variant="success" id="ex-success" heading={v.t('ds.ex.bannerSuccess')}>
            <p>{v.t('ds.ex.bannerSuccessBody')}</p>
          </NotificationBanner>
        ),
      },
    ],
  },
  {
    name: 'step-indicator',
    title: 'ds.c.steps',
    summary: 'ds.s.steps',
    params: [
      p('v', 'View', true),
      p('steps', 'Array<string | { label: string; href?: string }>', true),
      p('current', 'number', true),
    ],
    examples: [
      {
        name: 'default',
        title: 'ds.e.default',
        code: "<StepIndicator v={v} current={2} steps={[{ label: '본인 확인', href: '/apply/1' }, '신청 내용', '연락처', '확인']} />",
        render: (v) => (
          <StepIndicator
            v={v}
            current={2}
            steps={[
              { label: v.t('ds.ex.step1'), href: '#' },
              v.t('ds.ex.step2'),
              v.t('ds.ex.step3'),
              v.t('ds.ex.step4'),
            ]}
          />
        ),
      },
    ],
  },
  {
    name: 'status-tag',
    title: 'ds.c.tag',
    summary: 'ds.s.tag',
    params: [
      p('tone', "'neutral' | 'info' | 'success' | 'warning' | 'danger'", false),
      p('children', 'string', true, 'ds.p.tagChildren'),
    ],
    examples: [
      {
        name: 'tones',
        title: 'ds.e.tones',
        code: '<StatusTag>접수됨</StatusTag> <StatusTag tone="success">준비 완료</StatusTag> …',
        render: (v) => (
          <ul class="tag-list">
            <li>
              <StatusTag>{v.t('ds.ex.tag.received')}</StatusTag>
            </li>
            <li>
              <StatusTag tone="info">{v.t('ds.ex.tag.review')}</StatusTag>
            </li>
            <li>
              <StatusTag tone="success">{v.t('ds.ex.tag.ready')}</StatusTag>
            </li>
            <li>
              <StatusTag tone="warning">{v.t('ds.ex.tag.waiting')}</StatusTag>
            </li>
            <li>
              <StatusTag tone="danger">{v.t('ds.ex.tag.cancelled')}</StatusTag>
            </li>
          </ul>
        ),
      },
    ],
  },
  {
    name: 'card',
    title: 'ds.c.card',
    summary: 'ds.s.card',
    params: [
      p('href', 'string', true, 'ds.p.cardHref'),
      p('title', 'string', true, 'ds.p.cardTitle'),
      p('body', 'string', false),
      p('meta', 'string', false),
      p('level', '2 | 3 | 4', false),
    ],
    examples: [
      {
        name: 'list',
        title: 'ds.e.cards',
        code: '<ul class="cards">\n  <li><Card href="/learn/1" title="스마트폰 기초" meta="…" body="…" /></li>\n</ul>',
        render: (v) => (
          <ul class="cards">
            <li>
              <Card
                href="#card-1"
                title={v.t('ds.ex.card1')}
                meta={v.t('ds.ex.card1Meta')}
                body={v.t('ds.ex.card1Body')}
              />
            </li>
            <li>
              <Card
                href="#card-2"
                title={v.t('ds.ex.card2')}
                meta={v.t('ds.ex.card2Meta')}
                body={v.t('ds.ex.card2Body')}
              />
            </li>
          </ul>
        ),
      },
    ],
  },
  {
    name: 'save-for-later',
    title: 'ds.c.saveLater',
    summary: 'ds.s.saveLater',
    params: [
      p('v', 'View', true),
      p('label', 'string', false, 'ds.p.saveLabel'),
      p('reference', 'string', true, 'ds.p.saveReference'),
      p('resumeHref', 'string', false),
      p('keptUntil', 'string', false),
    ],
    examples: [
      {
        name: 'button',
        title: 'ds.e.saveButton',
        code: '<ButtonGroup>\n  <Button>계속</Button>\n  <SaveLaterButton v={v} />\n</ButtonGroup>\n// handler: if (wantsSaveLater(values)) → save without checking, show <SavedBanner>',
        render: (v) => (
          <form method="get" action="/design-system/save-for-later">
            <ButtonGroup>
              <Button>{v.t('common.continue')}</Button>
              <SaveLaterButton v={v} />
            </ButtonGroup>
          </form>
        ),
      },
      {
        name: 'saved',
        title: 'ds.e.saved',
        code: '<SavedBanner v={v} reference="GA-7K2P" resumeHref="/apply/resume" keptUntil="2026년 12월 23일" />',
        render: (v) => (
          <SavedBanner
            v={v}
            id="ex-saved"
            reference="GA-7K2P"
            resumeHref="#"
            keptUntil={v.t('ds.ex.keptUntil')}
          />
        ),
      },
    ],
  },
]

/** A component's documentation by its slug. */
export const findComponent = (name: string): ComponentDoc | undefined =>
  COMPONENT_EXAMPLES.find((c) => c.name === name)
