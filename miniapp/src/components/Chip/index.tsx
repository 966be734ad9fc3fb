import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { keyboardActivation } from '../../utils/keyboard'

type Props = {
  id?: string
  /**
   * `radio`: one choice of a row (filters, pickers; the default); `checkbox`: any number of a row
   * may be on; `button`: an action, not a state (e.g. take an offered time slot).
   */
  kind?: 'radio' | 'checkbox' | 'button'
  /** Chosen (radio, checkbox); shown highlighted and announced as checked. */
  active?: boolean
  onTap: () => void
  className?: string
  /** What a screen reader says when the text alone is too short (「一」 → 「周一」). */
  label?: string
  children: ReactNode
}

/**
 * One chip of a filter or choice row, at least one tap target high. Taro's View is no button: the
 * chip says what it is (role, aria-checked) and, on H5, takes keyboard focus and is activated by
 * Enter and Space as a native control is (WCAG 2.1.1). The row around it carries the group role.
 */
export default function Chip({ id, kind = 'radio', active = false, onTap, className, label, children }: Props) {
  const classes = ['chip', active ? 'chip--active' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <View
      id={id}
      className={classes}
      role={kind}
      aria-checked={kind === 'button' ? undefined : active ? 'true' : 'false'}
      aria-label={label}
      {...keyboardActivation(onTap)}
      onClick={onTap}
    >
      {children}
    </View>
  )
}
