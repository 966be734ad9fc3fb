import { View } from '@tarojs/components'
import type { ReactNode } from 'react'

/** A labelled form field with its hint and the error shown right under it. */
export default function Field(props: { label: string; error?: string; hint?: string; children: ReactNode; id?: string }) {
  return (
    <View className={`field${props.error ? ' field--invalid' : ''}`} id={props.id}>
      <View className='field__label'>{props.label}</View>
      <View className='field__control'>{props.children}</View>
      {props.error ? <View className='field__error' role='alert'>{props.error}</View> : null}
      {!props.error && props.hint ? <View className='field__hint'>{props.hint}</View> : null}
    </View>
  )
}
