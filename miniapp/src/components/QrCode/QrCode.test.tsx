import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import QrCode from './index'
import { qrMatrix } from './matrix'

/** The 7×7 finder pattern every QR code has in three corners: a dark ring, a light ring, a dark 3×3 centre. */
const finderDark = (r: number, c: number) => r === 0 || r === 6 || c === 0 || c === 6 || (r >= 2 && r <= 4 && c >= 2 && c <= 4)

describe('QrCode', () => {
  it('computes a version 1 code (21×21) for an 8-character booking code, with its three finder patterns', () => {
    const m = qrMatrix('K7M3QX9A')
    expect(m).toHaveLength(21)
    expect(m.every((row) => row.length === 21)).toBe(true)
    for (let r = 0; r < 7; r++) {
      for (let c = 0; c < 7; c++) {
        expect(m[r][c]).toBe(finderDark(r, c))
        expect(m[r][20 - 6 + c]).toBe(finderDark(r, c))
        expect(m[20 - 6 + r][c]).toBe(finderDark(r, c))
      }
    }
    // The timing pattern between the top finders alternates dark and light.
    expect(m[6].slice(8, 13)).toEqual([true, false, true, false, true])
  })

  it('grows with the text: a longer text in bytes needs a larger version', () => {
    expect(qrMatrix('https://example.org/booking/K7M3QX9A?from=wechat')).toHaveLength(33)
  })

  it('renders one View per module in rows, dark ones marked, with an accessible label', () => {
    const { container } = render(<QrCode id='qr' text='K7M3QX9A' label='预约码 K7M3QX9A 的二维码' />)
    const root = container.querySelector('#qr')!
    expect(root.getAttribute('role')).toBe('img')
    expect(root.getAttribute('aria-label')).toBe('预约码 K7M3QX9A 的二维码')
    const rows = root.querySelectorAll('.qr__row')
    expect(rows).toHaveLength(21)
    expect(root.querySelectorAll('.qr__cell')).toHaveLength(21 * 21)
    const dark = qrMatrix('K7M3QX9A').flat().filter(Boolean).length
    expect(root.querySelectorAll('.qr__cell--dark')).toHaveLength(dark)
    expect(rows[0].querySelectorAll('.qr__cell--dark').length).toBeGreaterThanOrEqual(14) // two finder tops
  })
})
