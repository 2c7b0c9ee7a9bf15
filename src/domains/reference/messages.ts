import type { Messages } from '../../platform/i18n/index.ts'

export const referenceMessages: Messages = {
  ko: {
    'reference.badDistrict': '자치구 코드는 숫자 5자리입니다',
    'place.community_service_center': '주민센터',
    'place.senior_welfare_center': '노인복지관',
    'place.social_welfare_center': '사회복지관',
    'place.disability_welfare_center': '장애인복지관',
    'place.digital_learning_center': '디지털 배움터',
    'place.lifelong_learning_center': '평생학습관',
    'place.fifty_plus_center': '50플러스센터',
    'place.library': '도서관',
    'place.senior_hall': '경로당',
    'place.senior_gathering_place': '어르신 쉼터',
    'place.public_office': '공공기관',
    'place.subway_station': '지하철역',
  },
  en: {
    'reference.badDistrict': 'A district code is 5 digits',
    'place.community_service_center': 'Community service centre',
    'place.senior_welfare_center': 'Senior welfare centre',
    'place.social_welfare_center': 'Social welfare centre',
    'place.disability_welfare_center': 'Disability welfare centre',
    'place.digital_learning_center': 'Digital learning centre',
    'place.lifelong_learning_center': 'Lifelong learning centre',
    'place.fifty_plus_center': '50 Plus centre',
    'place.library': 'Library',
    'place.senior_hall': 'Senior hall',
    'place.senior_gathering_place': 'Senior gathering place',
    'place.public_office': 'Public office',
    'place.subway_station': 'Subway station',
  },
}
