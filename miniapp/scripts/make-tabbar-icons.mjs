#!/usr/bin/env node
/**
 * Draws the tab-bar icons (81×81 PNG, grey and selected green) from simple shapes, so the
 * project ships its own icons instead of fetching any. Run once; the PNGs are committed.
 */
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const SIZE = 81
const SS = 4 // supersampling per axis

// Shapes in a 0..1 unit square; each icon is a predicate "is this point ink?".
const inRect = (x, y, x0, y0, x1, y1, r = 0) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false
  const cx = Math.min(Math.max(x, x0 + r), x1 - r)
  const cy = Math.min(Math.max(y, y0 + r), y1 - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r + 1e-9
}
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const inTriangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry)
  const d1 = s(x, y, ax, ay, bx, by), d2 = s(x, y, bx, by, cx, cy), d3 = s(x, y, cx, cy, ax, ay)
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0))
}

const ICONS = {
  home: (x, y) =>
    (inTriangle(x, y, [0.5, 0.12], [0.1, 0.48], [0.9, 0.48]) || inRect(x, y, 0.2, 0.44, 0.8, 0.88, 0.03)) &&
    !inRect(x, y, 0.42, 0.62, 0.58, 0.88),
  services: (x, y) =>
    inRect(x, y, 0.2, 0.12, 0.8, 0.9, 0.06) &&
    !inRect(x, y, 0.3, 0.3, 0.7, 0.36) && !inRect(x, y, 0.3, 0.46, 0.7, 0.52) && !inRect(x, y, 0.3, 0.62, 0.56, 0.68),
  report: (x, y) =>
    (inRect(x, y, 0.1, 0.28, 0.9, 0.82, 0.08) || inRect(x, y, 0.34, 0.18, 0.66, 0.3, 0.03)) &&
    !(inCircle(x, y, 0.5, 0.55, 0.17) && !inCircle(x, y, 0.5, 0.55, 0.1)),
  consultation: (x, y) =>
    inRect(x, y, 0.1, 0.16, 0.9, 0.68, 0.1) || inTriangle(x, y, [0.26, 0.64], [0.46, 0.64], [0.22, 0.86]),
  mine: (x, y) => inCircle(x, y, 0.5, 0.32, 0.17) || (y >= 0.56 && y <= 0.9 && ((x - 0.5) / 0.36) ** 2 + ((y - 0.9) / 0.34) ** 2 <= 1),
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

function png(ink, [r, g, b]) {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1))
  for (let py = 0; py < SIZE; py++) {
    raw[py * (SIZE * 4 + 1)] = 0
    for (let px = 0; px < SIZE; px++) {
      let hits = 0
      for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) {
        if (ink((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE)) hits++
      }
      const o = py * (SIZE * 4 + 1) + 1 + px * 4
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b
      raw[o + 3] = Math.round((255 * hits) / (SS * SS))
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

const out = new URL('../src/assets/tabbar/', import.meta.url)
for (const [name, ink] of Object.entries(ICONS)) {
  writeFileSync(new URL(`${name}.png`, out), png(ink, [0x5c, 0x63, 0x70]))
  writeFileSync(new URL(`${name}-active.png`, out), png(ink, [0x1e, 0x6b, 0x52]))
}
console.log('tab-bar icons written to src/assets/tabbar/')
