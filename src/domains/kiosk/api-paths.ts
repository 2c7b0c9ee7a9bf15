/** Where the kiosk API lives (src/app.ts mounts every API route under /api/v1). */
export const API_PREFIX_KIOSK = '/api/v1/kiosk'
