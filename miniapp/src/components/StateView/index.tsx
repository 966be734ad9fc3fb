import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { ApiError } from '../../services/request'
import ActionButton from '../ActionButton'
import Skeleton from '../Skeleton'

/** Spinner-free loading line (cheap on old phones, readable in 关怀模式). */
export function Loading({ text = '加载中…' }: { text?: string }) {
  return (
    <View className='state state--loading' aria-busy='true'>
      <View className='state__dot' />
      <View className='state__text'>{text}</View>
    </View>
  )
}

/** An honest empty state: says what is missing and, optionally, what to do. */
export function Empty({ title, hint }: { title: string; hint?: string }) {
  return (
    <View className='state state--empty'>
      <View className='state__title'>{title}</View>
      {hint ? <View className='state__text'>{hint}</View> : null}
    </View>
  )
}

/** A failed load with the server's message and a retry button. */
export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <View className='state state--error' role='alert'>
      <View className='state__title'>加载失败</View>
      <View className='state__text'>{error.message}</View>
      {error.requestId ? <View className='state__meta'>请求编号 {error.requestId}</View> : null}
      {onRetry ? (
        <ActionButton kind='secondary' className='state__retry' onClick={onRetry}>
          重试
        </ActionButton>
      ) : null}
    </View>
  )
}

/**
 * The state line of a cursor list, in order: a skeleton of rows (「正在加载」) while a first page
 * is on its way with nothing on screen; 加载失败 + 重试 when it failed with nothing on screen (on
 * opening, after a filter change or a refresh); `empty` only when the answer really was empty.
 */
export function ListState({ list, empty }: {
  list: { items: unknown[]; loading: boolean; loaded: boolean; error: ApiError | undefined; reload: () => Promise<void> }
  empty: ReactNode
}) {
  if (list.items.length > 0) return null
  if (list.loading) return <Skeleton kind='list' />
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.reload()} />
  return list.loaded ? <>{empty}</> : null
}
