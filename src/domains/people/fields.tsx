import { Radios } from '../../ui/components/form.tsx'
import type { FormState, View } from '../../ui/view.ts'
import { CONSENT_METHODS } from './tables.ts'

/**
 * The consent part of every "on someone's behalf" form: did the person agree, and how. Fields
 * `consentGiven` (yes/no) and `consentMethod`, as the people schemas (ProxyInput) read them.
 */
export const ConsentFields = ({ v, form }: { v: View; form?: FormState | undefined }) => (
  <>
    <Radios
      v={v}
      form={form}
      name="consentGiven"
      label={v.t('people.field.consentGiven')}
      hint={v.t('people.field.consentGivenHint')}
      options={[
        { value: 'yes', label: v.t('common.yes') },
        { value: 'no', label: v.t('common.no') },
      ]}
    />
    <Radios
      v={v}
      form={form}
      name="consentMethod"
      label={v.t('people.field.consentMethod')}
      options={CONSENT_METHODS.map((m) => ({ value: m, label: v.t(`people.consentMethod.${m}`) }))}
    />
  </>
)
