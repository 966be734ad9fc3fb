import sanitizeHtml from 'sanitize-html'
import { FILE_PATH } from './fileUrls.ts'

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'span'],
  allowedAttributes: { a: ['href', 'rel', 'target'], img: ['src', 'alt', 'width', 'height'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // <script>/<style> bodies are dropped with their tags, not kept as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object'],
  // Images only from our own uploads, as the files route's exact path: no `..`, no encoded
  // characters, no extra segments, and no signed `?t=` suffix (a body keeps the plain path).
  exclusiveFilter: (frame) => frame.tag === 'img' && !FILE_PATH.test(frame.attribs.src ?? ''),
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer', target: '_blank' } }),
  },
}

/**
 * Keeps a safe subset of HTML for notice bodies: text structure, links (http/https only) and
 * our own uploaded images. Scripts, styles, event handlers, javascript: URLs and foreign images
 * are removed. Plain text (no tags) becomes paragraphs.
 */
export function sanitizeRichText(input: string): string {
  const html = /<[a-z][\s\S]*>/i.test(input)
    ? input
    : input.split(/\n{2,}|\r\n\r\n/).map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`).join('')
  return sanitizeHtml(html, OPTIONS).trim()
}

/** The readable text of sanitised HTML, collapsed, for summaries and subscribe messages. */
export function plainText(html: string, max = 200): string {
  const text = sanitizeHtml(html.replace(/<\/(p|li|h3|h4|blockquote)>|<br\s*\/?>/gi, ' '), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
  const chars = Array.from(text)
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
