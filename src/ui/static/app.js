// Gachi progressive enhancement. Every page works without this file; it only moves focus to the
// error summary after a form is sent back with errors (GOV.UK pattern), so screen-reader and
// keyboard users land on the list of what to fix. Loaded with `defer`; CSP allows only 'self'.
;(() => {
  const summary = document.querySelector('.error-summary[data-autofocus]')
  if (summary instanceof HTMLElement) {
    summary.focus()
  }
})()
