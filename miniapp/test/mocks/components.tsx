/** Plain DOM stand-ins for the Taro components our pages use, keeping Taro's event shapes. */
import type { ReactNode } from 'react'

type Common = { id?: string; className?: string; children?: ReactNode; role?: string; onClick?: () => void; [aria: `aria-${string}`]: unknown }

export function View({ children, ...rest }: Common) {
  return <div {...rest}>{children}</div>
}

export function Text({ children, ...rest }: Common) {
  return <span {...rest}>{children}</span>
}

export function Button({ children, disabled, openType: _o, onGetPhoneNumber: _g, ...rest }: Common & { disabled?: boolean; openType?: string; onGetPhoneNumber?: unknown }) {
  return (
    <button type='button' disabled={disabled} {...rest}>
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

export function Switch(props: { checked?: boolean; onChange?: (e: { detail: { value: boolean } }) => void }) {
  return <input type='checkbox' role='switch' checked={props.checked} onChange={(e) => props.onChange?.({ detail: { value: e.target.checked } })} />
}
