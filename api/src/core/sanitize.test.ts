import { describe, expect, it } from 'vitest'
import { plainText, sanitizeRichText } from './sanitize.ts'

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
    const out = sanitizeRichText('<h3>安排</h3><ul><li><strong>9点</strong></li></ul><a href="https://gov.cn/a">详情</a><img src="/api/v1/files/u/ab12.jpg" alt="图">')
    expect(out).toContain('<h3>安排</h3><ul><li><strong>9点</strong></li></ul>')
    expect(out).toContain('<a href="https://gov.cn/a" rel="noopener noreferrer" target="_blank">详情</a>')
    expect(out).toContain('<img src="/api/v1/files/u/ab12.jpg" alt="图" />')
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
