// Help articles: "read aloud" with the browser's speech synthesis. Without it the button stays hidden
// and the article reads as usual (screen readers, print).
;(() => {
  const button = document.getElementById('read-aloud')
  if (!button || !('speechSynthesis' in window)) return
  const label = button.textContent
  const stop = button.getAttribute('data-stop') || label
  const lang = button.getAttribute('data-lang') || document.documentElement.lang
  button.hidden = false
  let speaking = false
  const reset = () => {
    speaking = false
    button.textContent = label
    button.setAttribute('aria-pressed', 'false')
  }
  button.setAttribute('aria-pressed', 'false')
  button.addEventListener('click', () => {
    window.speechSynthesis.cancel()
    if (speaking) return reset()
    const parts = [document.querySelector('h1'), document.getElementById('help-summary')]
      .concat(Array.from(document.querySelectorAll('#help-steps li p')))
      .filter(Boolean)
      .map((el) => el.textContent.trim())
    parts.forEach((text, i) => {
      const u = new SpeechSynthesisUtterance(text)
      u.lang = lang
      u.rate = 0.85
      if (i === parts.length - 1) u.onend = reset
      window.speechSynthesis.speak(u)
    })
    speaking = true
    button.textContent = stop
    button.setAttribute('aria-pressed', 'true')
  })
})()
