import type { Db } from '../../platform/db/client.ts'
import * as repo from './repo.ts'
import type { ArticleInput } from './schema.ts'
import { saveArticle } from './service.ts'

const img = (name: string, altKo: string, altEn: string) => ({
  src: `/static/help/${name}.svg`,
  altKo,
  altEn,
})

/** Starter articles for seniors, in plain Korean and English (loaded once; edits make new versions). */
export const SEED_ARTICLES: ArticleInput[] = [
  {
    slug: 'text-size',
    titleKo: '휴대전화 글자를 크게 하기',
    titleEn: 'Making the text on your phone bigger',
    summaryKo: '글자가 작아서 잘 안 보이면 설정에서 글자 크기를 키울 수 있습니다.',
    summaryEn: 'If the letters are too small to read, you can make them bigger in Settings.',
    devices: ['phone', 'android', 'iphone'],
    tasks: ['text-size', 'settings'],
    steps: [
      {
        ko: '바탕화면에서 톱니바퀴 모양의 "설정"을 누르세요.',
        en: 'On the home screen, tap "Settings" (the gear icon).',
        image: img(
          'settings',
          '설정 화면에 "디스플레이" 메뉴가 강조되어 있는 휴대전화 그림',
          'A phone showing the Settings screen with "Display" highlighted',
        ),
      },
      {
        ko: '"디스플레이"를 누르세요. 아이폰은 "손쉬운 사용"을 누르세요.',
        en: 'Tap "Display". On an iPhone, tap "Accessibility".',
      },
      {
        ko: '"글자 크기와 스타일"을 누르고, 막대를 오른쪽으로 밀면 글자가 커집니다.',
        en: 'Tap "Font size and style" and slide the bar to the right to make the letters bigger.',
        image: img(
          'text-size',
          '글자 크기 막대를 오른쪽으로 민 화면. 큰 "가" 글자가 보입니다',
          'The font-size bar slid to the right, with a large sample letter',
        ),
      },
      {
        ko: '잘 보이는 크기가 되면 뒤로 가기를 누르세요. 바로 적용됩니다.',
        en: 'When the size is comfortable, go back. It takes effect at once.',
      },
    ],
  },
  {
    slug: 'scam-sms',
    titleKo: '사기 문자(스미싱) 알아보기',
    titleEn: 'Spotting a scam text message (smishing)',
    summaryKo:
      '택배, 청첩장, 부고, 정부 지원금을 핑계로 인터넷 주소를 누르게 하는 문자는 사기일 수 있습니다.',
    summaryEn:
      'Texts about parcels, weddings, funerals or government money that ask you to tap a link may be scams.',
    devices: ['phone'],
    tasks: ['scam', 'safety', 'sms'],
    steps: [
      {
        ko: '모르는 번호에서 온 문자의 인터넷 주소는 누르지 마세요.',
        en: 'Do not tap a link in a text from a number you do not know.',
        image: img(
          'scam-sms',
          '택배 주소 확인 문자에 인터넷 주소가 있고 큰 X 표시가 된 그림',
          'A parcel-delivery text with a link, crossed out with a large X',
        ),
      },
      {
        ko: '가족이라며 돈이나 카드 사진을 달라고 하면, 먼저 그 가족에게 직접 전화해 확인하세요.',
        en: 'If someone says they are family and asks for money or a photo of your card, call that person directly first.',
      },
      {
        ko: '이미 눌렀다면 휴대전화를 비행기 모드로 바꾸고 118(한국인터넷진흥원)에 전화하세요.',
        en: 'If you already tapped it, switch the phone to airplane mode and call 118 (KISA).',
      },
      {
        ko: '돈을 보냈다면 바로 112나 은행에 전화해 지급 정지를 요청하세요.',
        en: 'If you sent money, call 112 or your bank at once and ask them to stop the payment.',
      },
    ],
  },
  {
    slug: 'video-call',
    titleKo: '가족과 영상통화 하기',
    titleEn: 'Video-calling your family',
    summaryKo: '카카오톡으로 손주 얼굴을 보며 통화할 수 있습니다.',
    summaryEn: 'You can see your grandchildren while you talk, using KakaoTalk.',
    devices: ['phone'],
    tasks: ['video-call', 'kakaotalk', 'family'],
    steps: [
      {
        ko: '카카오톡을 열고 아래의 사람 모양 "친구"를 누르세요.',
        en: 'Open KakaoTalk and tap "Friends" (the person icon) at the bottom.',
      },
      { ko: '통화할 가족의 이름을 누르세요.', en: 'Tap the name of the family member you want to call.' },
      {
        ko: '"영상통화"를 누르세요. 가족이 받으면 얼굴이 보입니다.',
        en: 'Tap "Video call". When they answer, you will see their face.',
        image: img(
          'video-call',
          '영상통화 화면. 가운데 가족의 얼굴, 아래에 초록색 받기와 빨간색 끊기 단추',
          'A video call screen with a face in the middle and green answer and red hang-up buttons below',
        ),
      },
      { ko: '끝낼 때는 빨간 단추를 누르세요.', en: 'To finish, tap the red button.' },
    ],
  },
  {
    slug: 'kiosk-order',
    titleKo: '키오스크로 주문하기',
    titleEn: 'Ordering at a kiosk',
    summaryKo: '식당이나 카페의 무인 주문기에서 천천히 주문하는 방법입니다. 시간이 걸려도 괜찮습니다.',
    summaryEn:
      'How to order slowly at a self-service machine in a restaurant or café. It is okay to take your time.',
    devices: ['kiosk'],
    tasks: ['kiosk', 'ordering', 'payment'],
    steps: [
      {
        ko: '화면을 한 번 누르면 시작합니다. "매장에서 먹기" 또는 "포장"을 고르세요.',
        en: 'Touch the screen to start. Choose "Eat here" or "Take away".',
      },
      {
        ko: '먹고 싶은 메뉴 사진을 누르고, 수량을 확인하세요.',
        en: 'Tap the picture of what you want and check the number.',
        image: img(
          'kiosk',
          '키오스크 화면. 메뉴 사진 네 개와 아래의 파란 "결제하기" 단추',
          'A kiosk screen with four menu pictures and a blue "Pay" button at the bottom',
        ),
      },
      {
        ko: '"결제하기"를 누르고 카드를 아래 투입구에 넣으세요.',
        en: 'Tap "Pay" and put your card into the slot below.',
      },
      {
        ko: '어려우면 직원에게 "도와주세요"라고 말해도 됩니다.',
        en: 'If it is hard, you can ask the staff for help.',
      },
    ],
  },
  {
    slug: 'wifi-connect',
    titleKo: '공공 와이파이 연결하기',
    titleEn: 'Connecting to public Wi-Fi',
    summaryKo: '버스 정류장과 공원에서 무료 와이파이를 쓰면 데이터 요금이 들지 않습니다.',
    summaryEn: 'Free Wi-Fi at bus stops and parks saves your mobile data.',
    devices: ['phone'],
    tasks: ['wifi', 'internet'],
    steps: [
      { ko: '"설정"에서 "연결" 또는 "Wi-Fi"를 누르세요.', en: 'In Settings, tap "Connections" or "Wi-Fi".' },
      {
        ko: '목록에서 시(市) 이름이 들어간 공공 와이파이를 누르세요.',
        en: 'Tap the public Wi-Fi with the city’s name in the list.',
      },
      {
        ko: '부채꼴 모양이 화면 위에 보이면 연결된 것입니다.',
        en: 'When the fan-shaped icon appears at the top, you are connected.',
      },
    ],
  },
]

/** Loads the starter articles that are not there yet (idempotent). */
export async function seedArticles(db: Db, now = new Date()): Promise<number> {
  let n = 0
  for (const a of SEED_ARTICLES) {
    if (await repo.articleBySlug(db, a.slug)) continue
    await saveArticle(db, 'system', a, now)
    n++
  }
  return n
}
