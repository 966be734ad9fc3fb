/**
 * Helpers for the Open311 tests: raw requests (form, JSON, XML answers) and a small strict XML
 * parser, so every XML answer is parsed back rather than matched as text. The parser accepts only
 * what a well-formed GeoReport document holds: one XML declaration, elements without attributes,
 * text with the five predefined entities (and numeric references); anything else throws.
 */

export type XmlNode = { name: string; children: XmlNode[]; text: string }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decode(raw: string): string {
  if (/[<>]/.test(raw)) throw new Error(`raw < or > in text: ${raw}`)
  return raw.replace(/&([^;]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated entity in: ${raw}`)
    if (name in ENTITIES) return ENTITIES[name]
    const num = /^#(?:x([0-9a-fA-F]+)|(\d+))$/.exec(name)
    if (num) return String.fromCodePoint(num[1] ? parseInt(num[1], 16) : Number(num[2]))
    throw new Error(`unknown entity &${name};`)
  })
}

/** Parses a whole document (declaration required) into its root element; throws if not well-formed. */
export function parseXml(doc: string): XmlNode {
  const decl = /^<\?xml version="1\.0" encoding="utf-8"\?>\s*/i.exec(doc)
  if (!decl) throw new Error('missing XML declaration')
  const tokens = doc.slice(decl[0].length).split(/(<[^>]*>)/).filter((t) => t !== '')
  const stack: XmlNode[] = []
  let root: XmlNode | undefined
  for (const t of tokens) {
    if (t.startsWith('<')) {
      const m = /^<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>$/.exec(t)
      if (!m) throw new Error(`malformed tag ${t}`)
      const [, closing, name, selfClosing] = m
      if (closing) {
        const open = stack.pop()
        if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`)
        continue
      }
      if (root && !stack.length) throw new Error('content after the root element')
      const node: XmlNode = { name, children: [], text: '' }
      if (stack.length) stack[stack.length - 1].children.push(node)
      else root = node
      if (!selfClosing) stack.push(node)
    } else {
      if (!stack.length) {
        if (t.trim()) throw new Error(`text outside the root: ${t}`)
        continue
      }
      stack[stack.length - 1].text += decode(t)
    }
  }
  if (stack.length || !root) throw new Error('unclosed element')
  return root
}

/** The names of an element's children, in order. */
export const childNames = (n: XmlNode) => n.children.map((c) => c.name)

/** The text of the named child (throws when it is missing). */
export function childText(n: XmlNode, name: string): string {
  const c = n.children.find((x) => x.name === name)
  if (!c) throw new Error(`<${n.name}> has no <${name}>`)
  return c.text
}

export type RawRes = { status: number; type: string; text: string; json: any; headers: Headers }

/** A request whose answer is read as text (and as JSON when it is JSON). */
export async function raw(baseUrl: string, method: string, path: string, body?: { form?: Record<string, string | number>; json?: unknown }): Promise<RawRes> {
  const init: RequestInit = { method }
  if (body?.form) {
    init.body = new URLSearchParams(Object.entries(body.form).map(([k, v]): [string, string] => [k, String(v)]))
    init.headers = { 'content-type': 'application/x-www-form-urlencoded' }
  } else if (body?.json !== undefined) {
    init.body = JSON.stringify(body.json)
    init.headers = { 'content-type': 'application/json' }
  }
  const res = await fetch(baseUrl + path, init)
  const text = await res.text()
  const type = res.headers.get('content-type') ?? ''
  return { status: res.status, type, text, json: type.startsWith('application/json') ? JSON.parse(text) : undefined, headers: res.headers }
}

/** ISO 8601 with the +08:00 offset and whole seconds, as every Open311 time must be. */
export const W3C_BEIJING = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/
