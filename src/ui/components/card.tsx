import type { Child } from 'hono/jsx'

/**
 * A card for a list of things to choose from (classes, articles, places): the title is a link and the
 * whole card is clickable, but only the title is read as the link. Put cards in `<ul class="cards">`.
 * @param href where the title links to
 * @param title the link text: name the thing itself, not "자세히 보기"
 * @param body a sentence or two
 * @param meta small facts under the title (date, place)
 * @param level heading level of the title (default 3)
 * @example <Card href="/learn/1" title="스마트폰 기초" meta="11월 25일 · 종로구" body="전화, 문자, 사진 찍기를 배웁니다." />
 */
export const Card = ({
  href,
  title,
  body,
  meta,
  level = 3,
  children,
}: {
  href: string
  title: string
  body?: string
  meta?: string
  level?: 2 | 3 | 4
  children?: Child
}) => {
  const H = `h${level}` as 'h3'
  return (
    <div class="card">
      <H class="card__title">
        <a class="card__link" href={href}>
          {title}
        </a>
      </H>
      {meta ? <p class="card__meta">{meta}</p> : null}
      {body ? <p class="card__body">{body}</p> : null}
      {children}
    </div>
  )
}
