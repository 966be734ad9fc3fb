import { View } from '@tarojs/components'
import { useEffect, useRef, type ReactNode } from 'react'
import { useElderMode } from '../../hooks/useElderMode'
import PrivacySheet from '../PrivacySheet'

/**
 * The root of every page: carries the theme class that 关怀模式 switches, and in WeChat the
 * privacy sheet (whichever page uses a privacy-protected API, the sheet is there).
 */
export default function PageShell({ children, className }: { children: ReactNode; className?: string }) {
  const elder = useElderMode()
  const root = useRef<HTMLElement>(null)
  useEffect(() => keyboardScrollable(root.current), [])
  return (
    <View ref={root} className={`page${elder ? ' page--elder' : ''}${className ? ` ${className}` : ''}`}>
      {children}
      {process.env.TARO_ENV === 'weapp' ? <PrivacySheet /> : null}
    </View>
  )
}

/**
 * H5: Taro's router puts each page in a `.taro_page` element that scrolls by itself. Taro's buttons
 * take no keyboard focus (chips do: components/Chip), so a keyboard could not scroll a long page: the
 * container is made focusable and marked as the page's main content (WCAG 2.1.1, axe
 * scrollable-region-focusable).
 */
function keyboardScrollable(el: HTMLElement | null) {
  if (process.env.TARO_ENV !== 'h5') return
  const container = el?.closest?.('.taro_page')
  if (!container) return
  container.setAttribute('tabindex', '0')
  container.setAttribute('role', 'main')
}
