// Writes brotli (.br) and gzip (.gz) siblings of the H5 build's scripts, styles and other text
// assets, at the best ratios (brotli 11, gzip 9): the API serves them to clients that accept them
// instead of compressing on every request. Run after `taro build --type h5` (npm run build:h5).
// HTML is left alone: the API reads it to hash its inline scripts into the CSP.
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

const DIR = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/h5')
const TEXT = /\.(?:js|mjs|css|svg|json|map|txt|wasm)$/
const MIN_BYTES = 1024
const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

async function* files(dir) {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* files(p)
    else if (entry.isFile()) yield p
  }
}

/** Writes `file.br` and `file.gz` when each is smaller than the file; removes a stale one otherwise. */
async function precompress(file) {
  const raw = await fs.readFile(file)
  const packed = {
    '.br': await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    '.gz': await gzip(raw, { level: 9 }),
  }
  for (const [ext, data] of Object.entries(packed)) {
    if (data.length < raw.length) await fs.writeFile(file + ext, data)
    else await fs.rm(file + ext, { force: true })
  }
  return { raw: raw.length, br: Math.min(packed['.br'].length, raw.length), gz: Math.min(packed['.gz'].length, raw.length) }
}

const all = []
for await (const f of files(DIR)) all.push(f)
const siblings = new Set(all.filter((f) => /\.(?:br|gz)$/.test(f)))
const sources = all.filter((f) => !siblings.has(f) && TEXT.test(f))
// A sibling whose source is gone (a watch build left it) would be served for nothing: drop it.
for (const s of siblings) if (!all.includes(s.replace(/\.(?:br|gz)$/, ''))) await fs.rm(s)

const big = []
for (const f of sources) if ((await fs.stat(f)).size >= MIN_BYTES) big.push(f)
const sizes = await Promise.all(big.map(precompress))
const sum = (k) => sizes.reduce((n, s) => n + s[k], 0)
const kb = (n) => `${(n / 1024).toFixed(0)} KB`
console.log(`precompressed ${sizes.length} files: ${kb(sum('raw'))} → br ${kb(sum('br'))}, gzip ${kb(sum('gz'))}`)
