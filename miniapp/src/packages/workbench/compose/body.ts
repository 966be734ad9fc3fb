/**
 * The notice body is edited as plain text: each line is a paragraph and `**…**` is bold. The API
 * keeps (and sanitises) HTML, so text becomes `<p>` paragraphs on the way out and an existing
 * notice's HTML becomes text again when it is edited.
 */

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** `第一段\n**重要**：停水` → `<p>第一段</p><p><strong>重要</strong>：停水</p>`. */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${escapeHtml(line).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')}</p>`)
    .join('')
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' }

/** Tags the plain-text editor keeps as they are; anything else is flattened (see `isLossless`). */
const SIMPLE_TAGS = /^(p|br|strong|b)$/i

/** The editable text of a notice's HTML (paragraphs → lines, strong → `**`). */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\s*(strong|b)\b[^>]*>/gi, '**')
    .replace(/<\s*\/\s*(strong|b)\s*>/gi, '**')
    .replace(/<\s*\/\s*(p|h3|li|blockquote|ul|ol)\s*>/gi, '\n')
    .replace(/<\s*li\b[^>]*>/gi, '• ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#?\w+);/g, (m, name: string) => ENTITIES[name] ?? m)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n')
}

/** Whether editing this HTML as text keeps it as it is (no lists, headings, links or images in the body). */
export function isLossless(html: string): boolean {
  const tags = html.match(/<\s*\/?\s*([a-z0-9]+)/gi) ?? []
  return tags.every((t) => SIMPLE_TAGS.test(t.replace(/[<\s/]/g, '')))
}
