import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useElderMode } from '../../hooks/useElderMode'
import PrivacySheet from '../PrivacySheet'

/**
 * The root of every page: carries the theme class that 关怀模式 switches, and in WeChat the
 * privacy sheet (whichever page uses a privacy-protected API, the sheet is there).
 */
export default function PageShell({ children, className }: { children: ReactNode; className?: string }) {
  const elder = useElderMode()
  return (
    <View className={`page${elder ? ' page--elder' : ''}${className ? ` ${className}` : ''}`}>
      {children}
      {process.env.TARO_ENV === 'weapp' ? <PrivacySheet /> : null}
    </View>
  )
}
