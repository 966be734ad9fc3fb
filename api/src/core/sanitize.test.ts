import { describe, expect, it } from 'vitest'
import { plainText, sanitizeRichText } from './sanitize.ts'

const HEX = '3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7'
const KEY = `${HEX}.jpg`

describe('sanitizeRichText', () => {
  it('drops scripts with their content, event handlers and javascript: links', () => {
    const out = sanitizeRichText('<p onclick="steal()">停水<script>alert(document.cookie)</script>通知</p><a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>')
    expect(out).not.toMatch(/script|onclick|onerror|javascript|alert/i)
    expect(out).toContain('<p>停水通知</p>')
  })
  it('forces safe link attributes whatever the author wrote', () => {
    expect(sanitizeRichText('<a href="https://gov.cn" target="_self" rel="opener">x</a>')).toBe('<a href="https://gov.cn" target="_blank" rel="noopener noreferrer">x</a>')
  })
  it('keeps structure, safe links and our own images', () => {
    const out = sanitizeRichText(`<h3>安排</h3><ul><li><strong>9点</strong></li></ul><a href="https://gov.cn/a">详情</a><img src="/api/v1/files/${KEY}" alt="图">`)
    expect(out).toContain('<h3>安排</h3><ul><li><strong>9点</strong></li></ul>')
    expect(out).toContain('<a href="https://gov.cn/a" rel="noopener noreferrer" target="_blank">详情</a>')
    expect(out).toContain(`<img src="/api/v1/files/${KEY}" alt="图" />`)
  })
  it('keeps an image only at the files route\'s exact key shape', () => {
    for (const ext of ['jpg', 'png', 'webp']) {
      const src = `/api/v1/files/${HEX}.${ext}`
      expect(sanitizeRichText(`<img src="${src}">`)).toBe(`<img src="${src}" />`)
    }
    const refused = [
      `/api/v1/files/../../api/v1/admin/outbox?x=${KEY}`,
      `/api/v1/files/../../../etc/passwd`,
      `/api/v1/files/%2e%2e/%2e%2e/api/v1/me`,
      `/api/v1/files/%2E%2E%2F${KEY}`,
      `/api/v1/files/&#46;&#46;/${KEY}`,
      `/api/v1/files/u/${KEY}`,
      `/api/v1/files/${KEY}/extra`,
      `/api/v1/files/${KEY}?t=1999999999.AAAAAAAAAAAAAAAAAAAAAA`,
      `/api/v1/files/${KEY}#x`,
      `/api/v1/files/${HEX.toUpperCase()}.jpg`,
      `/api/v1/files/${HEX}.gif`,
      `/api/v1/files/${HEX}.jpg.png`,
      `/api/v1/files/${HEX.slice(1)}.jpg`,
      `//evil.example/api/v1/files/${KEY}`,
      `https://evil.example/api/v1/files/${KEY}`,
      `/api/v1//files/${KEY}`,
      ` /api/v1/files/${KEY}`,
    ]
    for (const src of refused) expect([src, sanitizeRichText(`<p>文</p><img src="${src}">`)]).toEqual([src, '<p>文</p>'])
  })
  it('removes images from elsewhere, styles and iframes', () => {
    const out = sanitizeRichText('<img src="https://evil.example/track.gif"><style>p{}</style><iframe src="https://x"></iframe><p style="color:red">文</p>')
    expect(out).toBe('<p>文</p>')
  })
  it('turns plain text into escaped paragraphs', () => {
    expect(sanitizeRichText('第一段\n第二行\n\n第二段 1<2 且 3>2 & 完')).toBe('<p>第一段<br />第二行</p><p>第二段 1&lt;2 且 3&gt;2 &amp; 完</p>')
  })
})

describe('plainText', () => {
  it('extracts readable text and truncates by characters', () => {
    expect(plainText('<p>明天&nbsp;停水</p><p>请储水</p>')).toBe('明天 停水 请储水')
    expect(plainText('<p>一二三四五六</p>', 4)).toBe('一二三…')
  })
})
