import type { Condition, Criterion, ProgrammeDef, Text2 } from './types.ts'

/**
 * The programmes the navigator knows, as data: Gachi's own programmes (one-click application into
 * the existing flows) and the main national and city supports relevant to digital inclusion. Every
 * version names its source; docs/navigator.md lists them with what was checked. Amounts are those
 * of the cited announcements; the person is always told to confirm with the office that decides.
 */

const t = (ko: string, en: string): Text2 => ({ ko, en })

// ── requirements shared by several programmes ────────────────────────────────────────────────────
const inCity: Criterion = {
  when: { q: 'residence', in: ['city'] },
  text: t('이 도시에 살고 있어요', 'You live in this city'),
}
const age65: Criterion = {
  when: { q: 'age', in: ['65_74', '75_plus'] },
  text: t('만 65세 이상이에요', 'You are 65 or older'),
}
const age50: Criterion = {
  when: { q: 'age', in: ['50_64', '65_74', '75_plus'] },
  text: t('만 50세 이상이에요', 'You are 50 or older'),
}
const livelihood: Criterion = {
  when: { q: 'income', in: ['livelihood'] },
  text: t('기초생활수급자예요', 'You receive basic livelihood security (기초생활수급)'),
}
const nearPoverty: Criterion = {
  when: { q: 'income', in: ['near_poverty'] },
  text: t('차상위계층이에요', 'You are in the near-poverty group (차상위계층)'),
}
const registeredDisability: Criterion = {
  when: { q: 'disability', in: ['severe', 'mild'] },
  text: t('등록 장애인이에요', 'You have a registered disability'),
}
const seniorAlone: Condition = {
  all: [
    { q: 'age', in: ['65_74', '75_plus'] },
    { q: 'livesAlone', in: ['yes'] },
  ],
}

const GACHI_FROM = '2026-01-01'
const gachiSource = {
  title: 'Gachi programme rules (docs/devices.md, docs/education.md); IT Seoul, we share hope',
  url: '/docs/navigator',
}

export const PROGRAMMES: ProgrammeDef[] = [
  // ── Gachi's own programmes: apply in one click ─────────────────────────────────────────────────
  {
    key: 'gachi.devices',
    owner: 'gachi',
    title: t('컴퓨터·노트북·태블릿 나눔', 'A free refurbished computer, laptop or tablet'),
    summary: t(
      '기증받아 정비한 컴퓨터나 태블릿을 무료로 받을 수 있어요.',
      'Donated, wiped and refurbished computers and tablets, given free of charge.',
    ),
    bring: [
      t('신분증', 'An identity card'),
      t(
        '해당하면 수급자·차상위·장애인 증명서',
        'If it applies: proof of livelihood, near-poverty or disability status',
      ),
    ],
    how: {
      text: t(
        '같이에서 바로 신청하거나, 주민센터에서 도움을 받아 신청할 수 있어요.',
        'Apply here in Gachi, or at your community centre with their help.',
      ),
      channels: ['gachi', 'centre', 'phone'],
    },
    apply: '/devices/apply',
    events: ['childSchool', 'lostJob', 'disability', 'livingAlone', 'turning65'],
    versions: [
      {
        from: GACHI_FROM,
        criteria: [
          {
            when: { q: 'device', in: ['none', 'phone_only'] },
            text: t('집에 컴퓨터나 태블릿이 없어요', 'You have no computer or tablet at home'),
          },
          {
            when: {
              any: [
                { q: 'income', in: ['livelihood', 'near_poverty'] },
                { q: 'disability', in: ['severe', 'mild'] },
                seniorAlone,
                { q: 'schoolChild', in: ['yes'] },
              ],
            },
            text: t(
              '수급자·차상위, 장애인, 혼자 사는 어르신, 학교 다니는 자녀가 있는 가정 중 하나예요',
              'You are in a priority group: livelihood or near-poverty, disability, a senior living alone, or a family with a school child',
            ),
          },
        ],
        benefit: t(
          '정비된 기기 1대 (무료, 배송 또는 방문 수령)',
          'One refurbished device (free; delivered or collected)',
        ),
        source: gachiSource,
      },
    ],
  },
  {
    key: 'gachi.internet',
    owner: 'gachi',
    title: t('인터넷 요금 지원', 'Help with the internet bill'),
    summary: t(
      '집 인터넷 요금을 매달 일부 지원해요.',
      'Part of your monthly home internet fee is paid for you.',
    ),
    bring: [t('최근 인터넷 요금 청구서', 'A recent internet bill'), t('신분증', 'An identity card')],
    how: {
      text: t(
        '같이에서 바로 신청하거나 주민센터에서 신청해요.',
        'Apply here in Gachi or at your community centre.',
      ),
      channels: ['gachi', 'centre'],
    },
    apply: '/devices/aid/apply?kind=internet',
    events: ['internetCost', 'lostJob', 'livingAlone'],
    versions: [
      {
        from: GACHI_FROM,
        criteria: [
          {
            when: {
              any: [
                { q: 'income', in: ['livelihood', 'near_poverty'] },
                { q: 'disability', in: ['severe', 'mild'] },
                seniorAlone,
              ],
            },
            text: t(
              '수급자·차상위, 장애인, 혼자 사는 어르신 중 하나예요',
              'You are on livelihood or near-poverty support, have a registered disability, or are a senior living alone',
            ),
          },
        ],
        benefit: t('매달 인터넷 요금 일부 (상한 있음)', 'Part of the monthly internet fee (up to a cap)'),
        source: gachiSource,
      },
    ],
  },
  {
    key: 'gachi.classes',
    owner: 'gachi',
    title: t('디지털 배움 교실', 'Digital skills classes'),
    summary: t(
      '스마트폰, 키오스크, 은행 앱, 영상통화를 천천히 배워요. 누구나 무료예요.',
      'Learn the smartphone, kiosks, banking apps and video calls at your own pace. Free for everyone.',
    ),
    bring: [t('가지고 있다면 스마트폰', 'Your smartphone, if you have one')],
    how: {
      text: t('같이에서 수업을 고르거나 전화로 신청해요.', 'Choose a class in Gachi or sign up by phone.'),
      channels: ['gachi', 'phone', 'centre'],
    },
    apply: '/learn?goal=smartphone_basics',
    events: ['turning65', 'livingAlone', 'lostJob', 'disability'],
    versions: [
      { from: GACHI_FROM, criteria: [], benefit: t('무료 수업', 'Free classes'), source: gachiSource },
    ],
  },
  {
    key: 'gachi.volunteer50',
    owner: 'gachi',
    title: t('50+ 디지털 안내사·또래 강사 활동', 'Volunteer at 50+: digital guide or peer tutor'),
    summary: t(
      '2주 교육을 받고 이웃에게 디지털을 알려 주는 활동이에요. 활동 시간 확인서를 드려요.',
      'After two weeks of training, help neighbours with digital things. You get a certificate of your hours.',
    ),
    bring: [t('신분증', 'An identity card')],
    how: {
      text: t(
        '같이에서 바로 지원하고, 면접 일정을 안내받아요.',
        'Apply here in Gachi; we will arrange an interview.',
      ),
      channels: ['gachi', 'phone'],
    },
    apply: '/volunteer/apply',
    events: ['turning65', 'lostJob', 'livingAlone'],
    versions: [
      {
        from: GACHI_FROM,
        criteria: [age50],
        benefit: t(
          '교육, 수료증, 봉사시간 확인서',
          'Training, a certificate and a record of volunteer hours',
        ),
        source: {
          title: 'Seoul 50plus Foundation, Portal 50+ (../shared/seeds/002); Gachi volunteering rules',
          url: 'https://www.50plus.or.kr',
        },
      },
    ],
  },
  // ── national and city supports ────────────────────────────────────────────────────────────────
  {
    key: 'national.ictAssistive',
    owner: 'national',
    title: t('정보통신 보조기기 구입 지원', 'ICT assistive-device subsidy'),
    summary: t(
      '화면 확대기, 점자정보단말기, 특수 키보드 같은 보조기기 값의 80%(수급자·차상위는 90%)를 지원해요.',
      'The state pays 80% of an ICT assistive device (screen magnifier, Braille display, special keyboard); 90% on livelihood or near-poverty support.',
    ),
    bring: [
      t('장애인 등록증 또는 국가유공자증', 'Disability registration card or veteran card'),
      t('해당하면 수급자·차상위 증명서', 'If it applies: livelihood or near-poverty certificate'),
    ],
    how: {
      text: t(
        '공고 기간에 같이 또는 주민센터에서 신청해요. 문의: 정보통신보조기기 보급사업 누리집',
        'Apply during the call period in Gachi or at your community centre. Information: the national programme site',
      ),
      channels: ['gachi', 'centre', 'online'],
      url: 'https://www.at4u.or.kr',
    },
    apply: '/devices/aid/apply?kind=assistive',
    events: ['disability'],
    versions: [
      {
        from: '2007-01-01',
        criteria: [
          {
            when: {
              any: [
                { q: 'disability', in: ['severe', 'mild'] },
                { q: 'veteran', in: ['yes'] },
              ],
            },
            text: t(
              '등록 장애인이거나 상이등급을 받은 국가유공자예요',
              'You have a registered disability, or are a veteran with a disability rating',
            ),
          },
        ],
        benefit: t(
          '제품 가격의 80% (기초생활수급자·차상위계층은 90%)',
          '80% of the price (90% for basic livelihood and near-poverty recipients)',
        ),
        source: {
          title:
            '장애인 정보통신보조기기 보급사업 (과학기술정보통신부·한국지능정보사회진흥원); 장애인복지법 제32조, 국가유공자법 제6조 — 서울경제 2017, 2019',
          url: 'https://m.sedaily.com/NewsViewAmp/1OFUCHVKVZ',
        },
      },
    ],
  },
  {
    key: 'national.telecomLivelihood',
    owner: 'national',
    title: t('이동통신 요금 감면 (기초생활수급자)', 'Mobile phone bill discount (basic livelihood)'),
    summary: t(
      '휴대전화 기본료를 면제하고 통화료를 50% 깎아 줘요.',
      'Your basic mobile fee is waived and call charges are halved.',
    ),
    bring: [t('신분증', 'An identity card')],
    how: {
      text: t(
        '주민센터, 통신사 대리점·고객센터(114), 복지로·정부24에서 신청해요.',
        'Apply at the community centre, your carrier (shop or 114), or online at Bokjiro / Gov24.',
      ),
      channels: ['centre', 'phone', 'online'],
      phone: '114',
      url: 'https://www.bokjiro.go.kr',
    },
    events: ['internetCost', 'lostJob'],
    versions: [
      {
        from: '2011-01-01',
        to: '2017-12-21',
        criteria: [livelihood],
        benefit: t(
          '기본료 월 15,000원까지 면제, 통화료 50% (월 최대 22,500원)',
          'Basic fee waived up to ₩15,000 a month, calls 50% off (at most ₩22,500 a month)',
        ),
        source: {
          title: 'SBS 뉴스: 기초생활수급자 이동전화 요금감면액',
          url: 'https://news.sbs.co.kr/amp/news.amp?news_id=N1001599203',
        },
      },
      {
        from: '2017-12-22',
        criteria: [livelihood],
        benefit: t(
          '생계·의료급여: 기본료 26,000원 면제, 통화료 50% (월 최대 33,500원). 주거·교육급여는 감면액이 더 적어요',
          'Livelihood/medical benefit: basic fee waived up to ₩26,000, calls 50% off (at most ₩33,500 a month); housing/education benefit gets less',
        ),
        source: {
          title: '전기통신사업법 시행령 (보편적 역무), 과학기술정보통신부 고시 — 저소득층 요금감면 확대',
          url: 'https://www.pansamall.co.kr/board/product/read.html?no=5170&board_no=1',
        },
      },
    ],
  },
  {
    key: 'national.telecomNearPoverty',
    owner: 'national',
    title: t('이동통신 요금 감면 (차상위계층)', 'Mobile phone bill discount (near-poverty)'),
    summary: t(
      '휴대전화 기본료와 통화료를 깎아 줘요.',
      'Part of your basic mobile fee and call charges is taken off.',
    ),
    bring: [t('신분증, 차상위계층 확인서', 'An identity card and the near-poverty certificate')],
    how: {
      text: t(
        '주민센터, 통신사 대리점·고객센터(114), 복지로에서 신청해요.',
        'Apply at the community centre, your carrier (shop or 114), or at Bokjiro.',
      ),
      channels: ['centre', 'phone', 'online'],
      phone: '114',
      url: 'https://www.bokjiro.go.kr',
    },
    events: ['internetCost', 'lostJob'],
    versions: [
      {
        from: '2017-12-22',
        criteria: [nearPoverty],
        benefit: t(
          '기본료·통화료 감면 (금액은 통신사에서 확인)',
          'A discount on basic and call fees (your carrier confirms the amount)',
        ),
        source: {
          title: '전기통신사업법 시행령 (보편적 역무) — 이동통신 요금감면 대상 (차상위계층)',
          url: 'http://hnrehab.cafe24.com/bbs/view.php?page=9&wcode=09&wnum=127',
        },
      },
    ],
  },
  {
    key: 'national.telecomDisability',
    owner: 'national',
    title: t('이동통신 요금 감면 (장애인)', 'Mobile phone bill discount (disability)'),
    summary: t(
      '휴대전화 기본료와 통화료를 35% 깎아 줘요.',
      '35% off your basic mobile fee and call charges.',
    ),
    bring: [t('신분증, 장애인 등록증', 'An identity card and your disability registration card')],
    how: {
      text: t(
        '통신사 대리점·고객센터(114)나 주민센터에서 신청해요.',
        'Apply at your carrier (shop or 114) or the community centre.',
      ),
      channels: ['centre', 'phone'],
      phone: '114',
    },
    events: ['disability', 'internetCost'],
    versions: [
      {
        from: '2011-01-01',
        criteria: [registeredDisability],
        benefit: t('기본료·통화료 35% 감면', '35% off basic and call fees'),
        source: {
          title: '서울경제: 요금감면 신청 안내 (보건복지부)',
          url: 'https://sedaily.com/NewsView/1HLQ23BN0H',
        },
      },
    ],
  },
  {
    key: 'national.telecomBasicPension',
    owner: 'national',
    title: t('이동통신 요금 감면 (기초연금 수급자)', 'Mobile phone bill discount (basic pension)'),
    summary: t(
      '휴대전화 요금을 매달 최대 11,000원 깎아 줘요.',
      'Up to ₩11,000 a month off your mobile bill.',
    ),
    bring: [t('신분증', 'An identity card')],
    how: {
      text: t(
        '기초연금을 신청할 때 주민센터에서 함께 신청하거나, 통신사 대리점·고객센터(114), 복지로에서 신청해요.',
        'Apply together with the basic pension at the community centre, or at your carrier (shop or 114), or at Bokjiro.',
      ),
      channels: ['centre', 'phone', 'online'],
      phone: '114',
      url: 'https://www.bokjiro.go.kr',
    },
    events: ['turning65', 'internetCost'],
    versions: [
      {
        from: '2018-07-13',
        criteria: [
          {
            when: { q: 'basicPension', in: ['yes'] },
            text: t('기초연금을 받고 있어요', 'You receive the basic pension'),
          },
        ],
        benefit: t(
          '월 최대 11,000원 (요금이 22,000원 미만이면 50%)',
          'Up to ₩11,000 a month (50% when the bill is under ₩22,000)',
        ),
        source: {
          title: '전기통신사업법 시행령 개정, 과학기술정보통신부·보건복지부 (2018.7.13 시행) — 중부매일',
          url: 'http://www.jbnews.com/news/articleView.html?idxno=1211690',
        },
      },
    ],
  },
  {
    key: 'national.basicPension',
    owner: 'national',
    title: t('기초연금', 'Basic pension'),
    summary: t(
      '만 65세 이상 중 소득과 재산이 적은 70%가 매달 받는 연금이에요. 받게 되면 휴대전화 요금 감면도 함께 신청할 수 있어요.',
      'A monthly pension for the 70% of people aged 65+ with the lowest income and assets. With it you can also get the mobile bill discount.',
    ),
    bring: [t('신분증, 통장 사본', 'An identity card and a copy of your bank book')],
    how: {
      text: t(
        '주민센터나 국민연금공단 지사에 가거나, 복지로에서 온라인으로 신청해요. 상담: 국번없이 129',
        'Apply at the community centre, a National Pension Service branch, or online at Bokjiro. Advice: 129',
      ),
      channels: ['centre', 'online', 'phone'],
      phone: '129',
      url: 'https://www.bokjiro.go.kr',
    },
    events: ['turning65', 'livingAlone'],
    versions: [
      {
        from: '2014-07-01',
        criteria: [
          age65,
          {
            when: { q: 'basicPension', in: ['no'] },
            text: t('아직 기초연금을 받지 않아요', 'You do not receive it yet'),
          },
          {
            when: { verify: 'income70' },
            text: t(
              '소득·재산이 선정기준액 이하인지는 신청할 때 확인해요',
              'Whether your income and assets are under the threshold is checked when you apply',
            ),
          },
        ],
        benefit: t('매달 연금 (금액은 해마다 고시)', 'A monthly pension (the amount is set each year)'),
        source: {
          title: '기초연금법 제3조 (기초연금 수급권자의 범위)',
          url: 'https://www.law.go.kr/법령/기초연금법',
        },
      },
    ],
  },
  {
    key: 'national.digitalLearning',
    owner: 'national',
    title: t('디지털배움터', 'Digital Learning Centres (디지털배움터)'),
    summary: t(
      '나라에서 운영하는 무료 디지털 교육이에요. 주민센터·복지관·도서관에서 배우거나 강사가 찾아와요.',
      'Free national digital training at community centres, welfare centres and libraries, or a tutor who comes to your group.',
    ),
    bring: [t('가지고 있다면 스마트폰', 'Your smartphone, if you have one')],
    how: {
      text: t(
        '누리집에서 지역을 골라 신청하거나 콜센터(1800-0096)에 전화해요.',
        'Choose your area on the website or call 1800-0096.',
      ),
      channels: ['online', 'phone'],
      phone: '1800-0096',
      url: 'https://www.디지털배움터.kr',
    },
    events: ['turning65', 'lostJob', 'livingAlone'],
    versions: [
      {
        from: '2020-06-01',
        criteria: [],
        benefit: t(
          '무료 교육 (스마트폰, 키오스크, 컴퓨터, 온라인 생활)',
          'Free training (smartphone, kiosks, computer, everyday online services)',
        ),
        source: {
          title: '과학기술정보통신부 보도자료: 디지털 배움터 거점센터 (2024.9.13)',
          url: 'https://korea.kr/news/policyNewsView.do?newsId=148933961',
        },
      },
    ],
  },
  {
    key: 'city.fiftyPlus',
    owner: 'city',
    title: t('50플러스 센터 (일자리·교육·활동)', '50plus centres (jobs, learning, activities)'),
    summary: t(
      '만 50세 이상을 위한 일자리, 교육, 봉사 활동을 안내해요.',
      'Jobs, courses and volunteering for people aged 50 and over.',
    ),
    bring: [t('신분증', 'An identity card')],
    how: {
      text: t(
        '가까운 50플러스 센터에 가거나 누리집에서 신청해요.',
        'Visit a 50plus centre near you or apply on its website.',
      ),
      channels: ['centre', 'online'],
      url: 'https://www.50plus.or.kr',
    },
    events: ['lostJob', 'turning65'],
    versions: [
      {
        from: '2016-01-01',
        criteria: [age50, inCity],
        benefit: t('일자리 상담, 강좌, 보람일자리', 'Job advice, courses and paid community roles'),
        source: {
          title: '서울50플러스재단, 포털 50+ (../shared/seeds/002_4b871ce197bdd636.txt)',
          url: 'https://www.50plus.or.kr',
        },
      },
    ],
  },
]

/** The built-in programmes by key. */
export const PROGRAMME_BY_KEY = new Map(PROGRAMMES.map((p) => [p.key, p]))
