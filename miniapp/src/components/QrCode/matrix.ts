import qrcode from 'qrcode-generator'

/** Upper-case letters, digits and ` $%*+-./:` fit QR's alphanumeric mode (a smaller code). */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/

/**
 * The dark/light modules of the QR code of `text` (error correction M, the smallest version that
 * holds it): `rows[r][c]` is true when the module is dark.
 */
export function qrMatrix(text: string): boolean[][] {
  const qr = qrcode(0, 'M')
  qr.addData(text, ALPHANUMERIC.test(text) ? 'Alphanumeric' : 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)))
}
