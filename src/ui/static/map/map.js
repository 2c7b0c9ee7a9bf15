// Gachi map island: upgrades each <div data-map> that MapFigure (src/ui/components/map.tsx) renders.
// The list/table before it is the page's content; this only adds a map of the same data. Leaflet 1.9.4
// is loaded from our own server (/api/v1/map/assets/, the npm package) when a map is first shown, so a
// page that never shows a map loads nothing more than this file. No tile server unless one is configured.
;(() => {
  if (window.__gachiMap) return
  window.__gachiMap = true
  const ASSETS = '/api/v1/map/assets/'
  let leaflet = null

  function loadLeaflet() {
    if (leaflet) return leaflet
    leaflet = new Promise((resolve, reject) => {
      const css = document.createElement('link')
      css.rel = 'stylesheet'
      css.href = `${ASSETS}leaflet.css?v=1.9.4`
      document.head.appendChild(css)
      const s = document.createElement('script')
      s.src = `${ASSETS}leaflet.js?v=1.9.4`
      s.onload = () => (window.L ? resolve(window.L) : reject(new Error('no Leaflet')))
      s.onerror = reject
      document.head.appendChild(s)
    })
    return leaflet
  }

  const english = document.documentElement.lang === 'en'
  const nameOf = (p) => (english && p.nameEn ? p.nameEn : p.name) || ''
  const detailOf = (p) => (english && p.detailEn ? p.detailEn : p.detail) || ''

  /** Popup content as DOM nodes (text only: never HTML from data). */
  function popup(p, layerLabel) {
    const box = document.createElement('div')
    const title = document.createElement('strong')
    title.textContent = nameOf(p)
    box.appendChild(title)
    for (const line of [
      layerLabel,
      detailOf(p),
      typeof p.value === 'number' ? p.value.toLocaleString() : '',
    ]) {
      if (!line) continue
      const el = document.createElement('div')
      el.textContent = line
      box.appendChild(el)
    }
    return box
  }

  function colourFor(legend, value) {
    if (!legend || typeof value !== 'number') return null
    for (const s of legend.stops) if (value <= s.to) return s.color
    return legend.stops.length ? legend.stops[legend.stops.length - 1].color : null
  }

  const heatMax = (fc) =>
    Math.max(1, ...fc.features.map((f) => Number(f.properties.weight ?? f.properties.value ?? 1)))

  /** What a layer shows, for data-drawn: count, total heat weight, the feature ids of small layers. */
  const drawnOf = (fc) => ({
    n: fc.features.length,
    weight: fc.features.reduce((a, f) => a + Number(f.properties?.weight ?? f.properties?.value ?? 1), 0),
    ids: fc.features.length <= 200 ? fc.features.map((f) => String(f.id)) : null,
  })

  async function fetchLayer(ref, fresh) {
    const res = await fetch(ref.url, {
      credentials: 'same-origin',
      // a refresh must not get the copy a public layer lets the browser keep for a few minutes
      cache: fresh ? 'no-store' : 'default',
      headers: { accept: 'application/json' },
    })
    if (!res.ok) throw new Error(String(res.status))
    return res.json()
  }

  /**
   * Re-reads every layer of a drawn map and swaps the features in place (same map, same view, same layer
   * switcher): a page whose list refreshes itself (the guides' live board) sends `gachi:map-refresh` to the
   * [data-map] element so the map never lags behind the list. A map not drawn yet has nothing to refresh
   * (it reads fresh data when it is first shown).
   */
  async function refresh(el) {
    const drawn = el.gachiLayers
    if (!drawn) return
    const info = JSON.parse(el.dataset.drawn || '{}')
    await Promise.all(
      drawn.map(async ({ ref, layer }) => {
        try {
          const fc = await fetchLayer(ref, true)
          if (layer.gachiHeat) layer.gachiHeat.max = heatMax(fc)
          layer.clearLayers()
          layer.addData(fc)
          info[ref.id] = drawnOf(fc)
        } catch {
          /* keep what is shown; the next round tries again */
        }
      }),
    )
    el.dataset.drawn = JSON.stringify(info)
    el.dataset.refreshed = String(Number(el.dataset.refreshed || 0) + 1)
  }

  function drawLayer(L, _map, ref, fc) {
    const colour = ref.color || '#0b5cad'
    if (ref.kind === 'choropleth') {
      return L.geoJSON(fc, {
        style: (f) => {
          const fill = colourFor(ref.legend, f.properties?.value)
          return fill
            ? { color: '#505a5f', weight: 1, fillColor: fill, fillOpacity: 0.75 }
            : { color: colour, weight: 1.5, fillOpacity: 0 }
        },
        onEachFeature: (f, layer) => layer.bindPopup(() => popup(f.properties || {}, ref.label)),
      })
    }
    if (ref.kind === 'heat') {
      // the scale is kept on the layer (heat.max) so a refresh can set it for the new data before addData
      const heat = { max: heatMax(fc) }
      const layer = L.geoJSON(fc, {
        pointToLayer: (f, latlng) => {
          const w = Number(f.properties.weight ?? f.properties.value ?? 1) / heat.max
          return L.circleMarker(latlng, {
            radius: 6 + 22 * Math.sqrt(w),
            stroke: false,
            fillColor: colour,
            fillOpacity: 0.15 + 0.5 * w,
          })
        },
        onEachFeature: (f, layer) => layer.bindPopup(() => popup(f.properties || {}, ref.label)),
      })
      layer.gachiHeat = heat
      return layer
    }
    return L.geoJSON(fc, {
      pointToLayer: (_f, latlng) =>
        L.circleMarker(latlng, {
          radius: 9,
          color: '#ffffff',
          weight: 2,
          fillColor: colour,
          fillOpacity: 0.95,
        }),
      onEachFeature: (f, layer) => layer.bindPopup(() => popup(f.properties || {}, ref.label)),
    })
  }

  async function draw(el, status) {
    status.textContent = el.dataset.loading
    let L
    try {
      L = await loadLeaflet()
    } catch {
      status.textContent = el.dataset.failed
      return false
    }
    el.hidden = false
    const [lat, lon] = (el.dataset.center || '37.5665,126.978').split(',').map(Number)
    const map = L.map(el, { preferCanvas: true, zoomSnap: 0.5 }).setView(
      [lat, lon],
      Number(el.dataset.zoom || 11),
    )
    // the container is focusable (arrow keys pan, +/- zoom); name it and say the list has the same content
    el.setAttribute('role', 'region')
    el.setAttribute('aria-label', el.dataset.label || '')
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.tileAttribution || '' }).addTo(map)
    }
    map.attributionControl.addAttribution(el.dataset.attribution || '')
    const refs = JSON.parse(el.dataset.layers || '[]')
    const overlays = {}
    // what was drawn, per layer id (count, total heat weight, and the feature ids of small layers), so
    // tests and assistive checks can see that the map shows the same rows as the table
    const drawnInfo = {}
    const layers = []
    let bounds = null
    let failed = 0
    await Promise.all(
      refs.map(async (ref) => {
        try {
          const fc = await fetchLayer(ref)
          const layer = drawLayer(L, map, ref, fc).addTo(map)
          overlays[ref.label] = layer
          layers.push({ ref, layer })
          drawnInfo[ref.id] = drawnOf(fc)
          // fit to what was asked for (points; areas only when a choropleth is all there is)
          if (
            fc.features.length &&
            (ref.kind !== 'choropleth' || refs.every((r) => r.kind === 'choropleth'))
          ) {
            const b = layer.getBounds()
            if (b.isValid()) bounds = bounds ? bounds.extend(b) : b
          }
        } catch {
          failed++
        }
      }),
    )
    // where the search started from: a larger dark ring, named in its popup
    if (el.dataset.origin) {
      const [olat, olon] = el.dataset.origin.split(',').map(Number)
      const ring = L.circleMarker([olat, olon], {
        radius: 12,
        color: '#0b0c0c',
        weight: 4,
        fillColor: '#ffdd00',
        fillOpacity: 1,
      }).addTo(map)
      ring.bindPopup(() => popup({ name: el.dataset.originLabel || '' }, ''))
      bounds = bounds ? bounds.extend(ring.getLatLng()) : null
    }
    if (refs.length > 1) {
      // each layer's name with its marker colour (an SVG swatch: no inline styles under the CSP)
      const named = {}
      for (const ref of refs) {
        if (!overlays[ref.label]) continue
        const label = document.createElement('span')
        if (ref.kind !== 'choropleth') {
          const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
          svg.setAttribute('width', '16')
          svg.setAttribute('height', '16')
          svg.setAttribute('aria-hidden', 'true')
          svg.setAttribute('class', 'map-swatch')
          const c = document.createElementNS('http://www.w3.org/2000/svg', 'circle')
          c.setAttribute('cx', '8')
          c.setAttribute('cy', '8')
          c.setAttribute('r', '7')
          c.setAttribute('fill', ref.color || '#0b5cad')
          c.setAttribute('stroke', '#ffffff')
          c.setAttribute('stroke-width', '1.5')
          svg.appendChild(c)
          label.appendChild(svg)
        }
        label.appendChild(document.createTextNode(` ${ref.label}`))
        named[label.outerHTML] = overlays[ref.label]
      }
      L.control.layers(null, named, { collapsed: false }).addTo(map)
    }
    if (bounds) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 })
    status.textContent = failed ? el.dataset.failed : el.dataset.same
    el.dataset.drawn = JSON.stringify(drawnInfo)
    el.gachiLayers = layers
    return true
  }

  for (const el of document.querySelectorAll('[data-map]')) {
    el.addEventListener('gachi:map-refresh', () => refresh(el))
    const status = document.createElement('p')
    status.className = 'map-figure__status'
    status.setAttribute('role', 'status')
    el.after(status)
    if (el.dataset.lazy !== 'true') {
      draw(el, status)
      continue
    }
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'button button--secondary map-figure__toggle'
    button.textContent = el.dataset.show
    button.setAttribute('aria-expanded', 'false')
    button.setAttribute('aria-controls', el.id)
    el.before(button)
    let drawn = false
    button.addEventListener('click', async () => {
      const open = button.getAttribute('aria-expanded') === 'true'
      if (open) {
        el.hidden = true
        button.setAttribute('aria-expanded', 'false')
        button.textContent = el.dataset.show
        return
      }
      button.setAttribute('aria-expanded', 'true')
      button.textContent = el.dataset.hide
      if (!drawn) drawn = await draw(el, status)
      else el.hidden = false
    })
  }
})()
