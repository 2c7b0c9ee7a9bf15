import type { Messages } from '../../platform/i18n/index.ts'

/** Korean and English texts for assistive-device / internet-fee support, document checks, delivery and repairs. */
const M: [key: string, ko: string, en: string][] = [
  [
    'devices.door.aid',
    '보조기기·인터넷 요금 지원 신청하기',
    'Apply for an assistive device or internet-fee support',
  ],
  [
    'devices.door.aidStatus',
    '보조기기·인터넷 지원 신청 보기',
    'See my assistive-device and internet-fee applications',
  ],
  ['devices.status.referenceShort', '신청 번호', 'Reference'],
  // assistive devices and internet-fee support
  ['devices.aid.kind.assistive', '정보통신 보조기기', 'Assistive device'],
  ['devices.aid.kind.internet', '인터넷 요금 지원', 'Internet-fee support'],
  ['devices.aid.item.screen_reader_sw', '화면 낭독 프로그램', 'Screen reader software'],
  ['devices.aid.item.screen_reader_phone', '휴대폰용 화면 낭독기', 'Screen reader for phones'],
  ['devices.aid.item.magnifier_desktop', '탁상형 확대 독서기', 'Desktop video magnifier'],
  ['devices.aid.item.magnifier_portable', '휴대용 확대기', 'Portable magnifier'],
  ['devices.aid.item.braille_terminal', '점자정보단말기', 'Braille notetaker (terminal)'],
  ['devices.aid.item.braille_display', '점자 디스플레이', 'Braille display'],
  ['devices.aid.item.big_key_keyboard', '큰 글자 키보드', 'Large-key keyboard'],
  ['devices.aid.item.special_mouse', '특수 마우스(트랙볼)', 'Special mouse (trackball)'],
  ['devices.aid.item.sign_video_phone', '수어 영상 전화기', 'Sign-language video phone'],
  [
    'devices.aid.catalogue',
    '보조기기 목록과 가격 — 나라에서 {pct}%(기초생활수급자·차상위는 {low}%)를 내고 나머지를 본인이 냅니다',
    'Assistive devices and prices — the state pays {pct}% ({low}% for basic-livelihood and near-poverty applicants); you pay the rest',
  ],
  ['devices.aid.field.kind', '무엇을 신청하나요', 'What are you applying for'],
  ['devices.aid.field.item', '보조기기', 'Assistive device'],
  [
    'devices.aid.field.itemHint',
    '보조기기를 신청할 때만 고르세요',
    'Choose only when applying for an assistive device',
  ],
  ['devices.aid.field.price', '가격', 'Price'],
  ['devices.aid.field.copay', '본인 부담', 'You pay'],
  ['devices.aid.field.copayStandard', '본인 부담 ({pct}%)', 'You pay ({pct}%)'],
  [
    'devices.aid.field.copayLow',
    '수급자·차상위 본인 부담 ({pct}%)',
    'Basic livelihood / near-poverty pay ({pct}%)',
  ],
  ['devices.aid.field.fee', '한 달 인터넷 요금(원)', 'Monthly internet fee (won)'],
  [
    'devices.aid.field.feeHint',
    '인터넷 요금 지원을 신청할 때만 적으세요. 한 달에 {cap}까지 지원합니다',
    'Only for internet-fee support. Up to {cap} a month is paid',
  ],
  ['devices.aid.share', '비용 나누기', 'Who pays what'],
  [
    'devices.aid.calc.standard',
    '가격 {price} × 나라 {statePct}% = {state}, 본인 부담 {copayPct}% = {copay}',
    'Price {price} × state {statePct}% = {state}; you pay {copayPct}% = {copay}',
  ],
  [
    'devices.aid.calc.lowIncome',
    '가격 {price} × 나라 {statePct}%(기초생활수급자·차상위) = {state}, 본인 부담 {copayPct}% = {copay}',
    'Price {price} × state {statePct}% (basic livelihood / near-poverty) = {state}; you pay {copayPct}% = {copay}',
  ],
  [
    'devices.aid.calc.internet',
    '한 달 요금 {price} 중 {state} 지원(한도 {cap}), 본인 부담 {copay}',
    'Monthly fee {price}: {state} paid by the programme (up to {cap}); you pay {copay}',
  ],
  [
    'devices.aid.rule.needs.assistive',
    '보조기기는 등록 장애인이 신청할 수 있습니다',
    'Assistive devices are for people with a registered disability',
  ],
  [
    'devices.aid.rule.needs.internet',
    '인터넷 요금 지원은 기초생활수급자, 차상위, 등록 장애인, 혼자 사는 65세 이상 어르신이 받을 수 있습니다',
    'Internet-fee support is for basic-livelihood, near-poverty, registered-disability applicants and seniors 65+ living alone',
  ],
  ['devices.aid.err.kind', '무엇을 신청하는지 고르세요', 'Choose what you are applying for'],
  ['devices.aid.err.item', '보조기기를 고르세요', 'Choose the assistive device'],
  [
    'devices.aid.err.fee',
    '한 달 인터넷 요금을 숫자로 적으세요',
    'Enter the monthly internet fee as a number',
  ],
  [
    'devices.aid.err.alreadyApplied',
    '이미 같은 지원을 신청하셨습니다. 신청 상태를 확인하세요',
    'You have already applied for this support. See your application',
  ],
  [
    'devices.aid.apply.title',
    '보조기기·인터넷 요금 지원 신청',
    'Apply for an assistive device or internet-fee support',
  ],
  [
    'devices.aid.apply.lead',
    '본인 부담금은 아래 가격표와 신청하신 분의 상황으로 계산되어 신청 후 바로 보입니다.',
    'Your share is computed from the price list below and your situation, and shown as soon as you apply.',
  ],
  [
    'devices.aid.mine.title',
    '보조기기·인터넷 지원 신청',
    'My assistive-device and internet-fee applications',
  ],
  ['devices.aid.staff.title', '보조기기·인터넷 지원 신청', 'Assistive-device and internet-fee applications'],
  [
    'devices.aid.staff.new',
    '보조기기·인터넷 지원 대신 신청',
    'Enter an assistive-device or internet-fee application',
  ],
  ['devices.aid.staff.one', '지원 신청', 'Support application'],
  // document checks
  ['devices.doc.title', '서류 확인', 'Document checks'],
  [
    'devices.doc.lead',
    '확인한 사실만 기록합니다. 서류 사본이나 스캔은 저장하지 않습니다.',
    'Only the check is recorded. No copy or scan of the document is kept.',
  ],
  ['devices.doc.caption', '확인한 서류', 'Documents checked'],
  ['devices.doc.none', '아직 확인한 서류가 없습니다', 'No documents checked yet'],
  ['devices.doc.open', '서류 확인', 'Documents'],
  ['devices.doc.record', '확인 기록하기', 'Record the check'],
  ['devices.doc.field.document', '서류', 'Document'],
  ['devices.doc.kind.id_card', '신분증', 'Identity card'],
  ['devices.doc.kind.livelihood_certificate', '기초생활수급자 증명서', 'Basic livelihood certificate'],
  ['devices.doc.kind.near_poverty_certificate', '차상위 확인서', 'Near-poverty certificate'],
  ['devices.doc.kind.disability_certificate', '장애인 증명서', 'Disability certificate'],
  ['devices.doc.kind.family_relation', '가족관계증명서', 'Family relation certificate'],
  ['devices.doc.kind.school_enrolment', '재학 증명서', 'School enrolment certificate'],
  ['devices.doc.kind.care_leaver_certificate', '보호종료 확인서', 'Care-leaver certificate'],
  ['devices.doc.kind.internet_bill', '인터넷 요금 청구서', 'Internet bill'],
  ['devices.doc.kind.other', '그 밖의 서류', 'Other document'],
  ['devices.doc.result.verified', '확인됨', 'Verified'],
  ['devices.doc.result.not_valid', '맞지 않음', 'Not valid'],
  ['devices.doc.err.document', '서류를 고르세요', 'Choose the document'],
  ['devices.doc.err.result', '확인 결과를 고르세요', 'Choose the result'],
  [
    'devices.doc.err.noneVerified',
    '승인하려면 먼저 서류를 하나 이상 확인해 기록하세요',
    'Record at least one verified document before approving',
  ],
]

export const supportMessages: Messages = {
  ko: Object.fromEntries(M.map(([k, ko]) => [k, ko])),
  en: Object.fromEntries(M.map(([k, , en]) => [k, en])),
}
