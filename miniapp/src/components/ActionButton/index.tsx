import { Button } from '@tarojs/components'
import type { ComponentProps } from 'react'

type Props = Omit<ComponentProps<typeof Button>, 'disabled' | 'className'> & {
  kind?: 'primary' | 'secondary' | 'danger'
  block?: boolean
  grow?: boolean
  disabled?: boolean
  className?: string
}

/**
 * The app's button, sized by the theme variables. `disabled` is left off entirely when false:
 * Taro's H5 button would otherwise render disabled="false", which its own stylesheet greys out.
 * When on, aria-disabled says so too: Taro's H5 button is not a <button>, so without it screen
 * readers (and axe, which then holds its dimmed text to the contrast of an active one) miss it.
 */
export default function ActionButton({ kind = 'primary', block, grow, disabled, className, ...rest }: Props) {
  const classes = ['btn', `btn--${kind}`, block ? 'btn--block' : '', grow ? 'btn--grow' : '', className ?? ''].filter(Boolean).join(' ')
  return <Button {...rest} className={classes} disabled={disabled || undefined} aria-disabled={disabled ? 'true' : undefined} />
}
