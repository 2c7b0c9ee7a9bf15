// Staff idle time-out warning: shows a banner 2 minutes before the session would end and extends it in one click.
// Without JavaScript the same form is a plain POST that extends the session and returns to the page.
;(() => {
  const box = document.getElementById('session-warning')
  if (!box) return
  const idleMs = Number(box.dataset.idleMinutes || '30') * 60000
  const warnMs = idleMs - 2 * 60000
  let timer
  const arm = () => {
    clearTimeout(timer)
    box.hidden = true
    timer = setTimeout(() => {
      box.hidden = false
      const button = box.querySelector('button')
      if (button) button.focus()
    }, warnMs)
  }
  const form = box.querySelector('form')
  form?.addEventListener('submit', async (event) => {
    event.preventDefault()
    const body = new FormData(form)
    const res = await fetch(form.action, {
      method: 'POST',
      body,
      headers: { accept: 'application/json', 'x-csrf-token': String(body.get('_csrf') || '') },
      credentials: 'same-origin',
    })
    if (res.ok) {
      const status = box.querySelector('[data-extended]')
      if (status) status.textContent = status.getAttribute('data-extended') || ''
      arm()
    } else {
      window.location.href = '/staff/sign-in?ended=idle'
    }
  })
  arm()
})()
