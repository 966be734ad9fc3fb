/** Plain DOM stand-ins for the Taro components our pages use, keeping Taro's event shapes. */
import type { ReactNode } from 'react'

type Common = { id?: string; className?: string; children?: ReactNode; role?: string; onClick?: () => void; [aria: `aria-${string}`]: unknown }

export function View({ children, ...rest }: Common) {
  return <div {...rest}>{children}</div>
}

export function Text({ children, ...rest }: Common) {
  return <span {...rest}>{children}</span>
}

type OpenTypeHandler = (e: { detail: Record<string, unknown> }) => void

/** What WeChat answers to an open-type button's tap (`getPhoneNumber`, `agreePrivacyAuthorization`); tests set it. */
export const openTypeReplies: Record<string, Record<string, unknown>> = {}

/** Forgets the programmed open-type answers. */
export function resetComponentMocks() {
  for (const k of Object.keys(openTypeReplies)) delete openTypeReplies[k]
}

/** A button; with an `openType`, a tap also delivers WeChat's answer (from `openTypeReplies`) to its handler. */
export function Button({ children, disabled, openType, onGetPhoneNumber, onAgreePrivacyAuthorization, onClick, ...rest }: Common & {
  disabled?: boolean; openType?: string; onGetPhoneNumber?: OpenTypeHandler; onAgreePrivacyAuthorization?: OpenTypeHandler
}) {
  const tap = () => {
    onClick?.()
    if (openType === 'getPhoneNumber') onGetPhoneNumber?.({ detail: openTypeReplies.getPhoneNumber ?? { errMsg: 'getPhoneNumber:ok' } })
    if (openType === 'agreePrivacyAuthorization') onAgreePrivacyAuthorization?.({ detail: openTypeReplies.agreePrivacyAuthorization ?? {} })
  }
  return (
    <button type='button' disabled={disabled} data-open-type={openType} onClick={tap} {...rest}>
      {children}
    </button>
  )
}

export function Input(props: {
  id?: string; className?: string; value?: string; placeholder?: string; password?: boolean; type?: string; maxlength?: number
  onInput?: (e: { detail: { value: string } }) => void; onBlur?: () => void
}) {
  return (
    <input
      id={props.id}
      className={props.className}
      value={props.value}
      placeholder={props.placeholder}
      type={props.password ? 'password' : 'text'}
      maxLength={props.maxlength}
      onChange={(e) => props.onInput?.({ detail: { value: e.target.value } })}
      onBlur={props.onBlur}
    />
  )
}

export function Switch(props: { checked?: boolean; color?: string; onChange?: (e: { detail: { value: boolean } }) => void }) {
  return <input type='checkbox' role='switch' checked={props.checked} onChange={(e) => props.onChange?.({ detail: { value: e.target.checked } })} />
}

export function Image(props: { id?: string; className?: string; src: string; mode?: string; lazyLoad?: boolean; onClick?: () => void }) {
  return <img id={props.id} className={props.className} src={props.src} alt='' onClick={props.onClick} />
}

/** Renders the HTML string the way Taro's H5 rich-text does (innerHTML). */
export function RichText(props: { id?: string; className?: string; nodes: string }) {
  return <div id={props.id} className={props.className} dangerouslySetInnerHTML={{ __html: props.nodes }} />
}

export function Textarea(props: {
  id?: string; className?: string; value?: string; placeholder?: string; maxlength?: number; autoHeight?: boolean
  onInput?: (e: { detail: { value: string } }) => void
}) {
  return (
    <textarea
      id={props.id}
      className={props.className}
      value={props.value}
      placeholder={props.placeholder}
      maxLength={props.maxlength}
      onChange={(e) => props.onInput?.({ detail: { value: e.target.value } })}
    />
  )
}

/** A picker stand-in: its children, plus a hidden input tests can change to pick a value. */
export function Picker(props: { mode?: string; value?: string; start?: string; children?: ReactNode; onChange?: (e: { detail: { value: string } }) => void }) {
  return (
    <div data-picker={props.mode}>
      {props.children}
      <input aria-label={`picker-${props.mode}`} value={props.value ?? ''} onChange={(e) => props.onChange?.({ detail: { value: e.target.value } })} />
    </div>
  )
}
