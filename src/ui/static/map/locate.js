// "Search near where I am now" on /nearby: only after the person presses the button (and the browser asks
// them) is the location read; it goes into the same GET search as the form, rounded to about 100 m, and is
// not stored. Without JavaScript or geolocation this block stays hidden and the form works as it is.
;(() => {
  const box = document.querySelector('[data-locate]')
  if (!box || !('geolocation' in navigator)) return
  const button = box.querySelector('[data-locate-button]')
  const status = box.querySelector('[data-locate-status]')
  const msgs = box.querySelector('template[data-locate-messages]')
  const say = (key) => {
    const m = msgs?.content.querySelector(`[data-msg="${key}"]`)
    status.textContent = m ? m.textContent : ''
  }
  box.hidden = false
  button.addEventListener('click', () => {
    say('asking')
    button.disabled = true
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const q = new URLSearchParams()
        q.set('lat', pos.coords.latitude.toFixed(3))
        q.set('lon', pos.coords.longitude.toFixed(3))
        for (const c of document.querySelectorAll('form.nearby-form input[name="kinds"]:checked'))
          q.append('kinds', c.value)
        window.location.assign(`/nearby?${q.toString()}`)
      },
      (err) => {
        button.disabled = false
        say(err && err.code === 1 ? 'denied' : 'failed')
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 },
    )
  })
})()
