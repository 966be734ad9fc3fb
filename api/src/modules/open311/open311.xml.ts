/**
 * The XML side of GeoReport v2: every answer is `<?xml …?>` and one root element whose children
 * mirror the JSON fields. Arrays become a wrapper element holding one element per item, named as
 * the spec names them (`<services><service>…`, `<endpoints><endpoint>…`).
 */

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue }

/** The element name of one item inside each list element the spec defines. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
}

// XML 1.0 admits tab, LF, CR and U+0020 upwards except lone surrogates and U+FFFE/U+FFFF; text
// stored elsewhere in the app could hold other control characters, which would break the document.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Escapes text for an element's content or an attribute value (and drops characters XML forbids). */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function element(name: string, value: XmlValue): string {
  if (value === undefined) return ''
  if (value === null) return `<${name}/>`
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item'
    const inner = value.map((v) => element(item, v)).join('')
    return inner ? `<${name}>${inner}</${name}>` : `<${name}/>`
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value).map(([k, v]) => element(k, v)).join('')
    return inner ? `<${name}>${inner}</${name}>` : `<${name}/>`
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

/**
 * One GeoReport XML document: `root` is the spec's root element; a list value becomes its items
 * (`toXml('services', [...])` → `<services><service>…</service></services>`), an object its fields.
 */
export function toXml(root: string, value: XmlValue): string {
  const body = element(root, value)
  return `<?xml version="1.0" encoding="utf-8"?>\n${body || `<${root}/>`}`
}
