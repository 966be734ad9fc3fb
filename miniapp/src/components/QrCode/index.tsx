import { View } from '@tarojs/components'
import { useMemo } from 'react'
import { qrMatrix } from './matrix'
import './QrCode.css'

/**
 * A QR code drawn as rows of Views (no canvas: the same markup works in WeChat and the H5
 * portal and stays sharp at any size). The side comes from the stylesheet (`.qr`); each module
 * is 1/n of a row's width and as tall as it is wide, inside a white quiet zone.
 */
export default function QrCode({ text, label, id }: { text: string; label: string; id?: string }) {
  const rows = useMemo(() => qrMatrix(text), [text])
  // A percentage (of the row's width) is left as it is by Taro's px conversion, on every platform.
  const square = { paddingBottom: `${100 / rows.length}%` }
  return (
    <View id={id} className='qr' role='img' aria-label={label}>
      {rows.map((row, r) => (
        <View key={r} className='qr__row' aria-hidden='true'>
          {row.map((dark, c) => (
            <View key={c} className={dark ? 'qr__cell qr__cell--dark' : 'qr__cell'} style={square} />
          ))}
        </View>
      ))}
    </View>
  )
}
