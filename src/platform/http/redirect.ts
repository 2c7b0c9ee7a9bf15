/** Only same-site paths may be a redirect target (never `//host` or `/\\host`); anything else goes home. */
export function safeBack(back: string | undefined): string {
  return back?.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\') ? back : '/'
}
