import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useElderMode } from '../../hooks/useElderMode'

/** The root of every page: carries the theme class that 关怀模式 switches. */
export default function PageShell({ children, className }: { children: ReactNode; className?: string }) {
  const elder = useElderMode()
  return <View className={`page${elder ? ' page--elder' : ''}${className ? ` ${className}` : ''}`}>{children}</View>
}
