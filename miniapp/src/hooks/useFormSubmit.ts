import Taro from '@tarojs/taro'
import { useCallback, useRef, useState, type Dispatch, type SetStateAction } from 'react'
import { newIdempotencyKey, type ApiError } from '../services/request'
import { formErrors } from '../utils/formErrors'
import { asApiError } from './useResource'

/** What a form gets from useFormSubmit. */
export type FormSubmit<K extends string> = {
  /** True while a submission is on its way; a second submit meanwhile is ignored. */
  busy: boolean
  /** Messages under the fields: the form's own checks (setErrors) or the API's `details.fields`. */
  errors: Partial<Record<K, string>>
  setErrors: Dispatch<SetStateAction<Partial<Record<K, string>>>>
  /** The API's refusal when no field explains it: the form shows it as a banner. */
  failure: ApiError | undefined
  setFailure: Dispatch<SetStateAction<ApiError | undefined>>
  /**
   * The Idempotency-Key for a body: the same content sent again (a retry after a lost answer)
   * reuses the key, so the API does it once; changed content gets a fresh key.
   */
  keyFor: (input: unknown) => string
  /**
   * Runs `send` with the busy flag set and the previous errors cleared. A thrown error becomes
   * field messages (through `fieldOf`) or, when no field is named, the failure banner. Resolves to
   * true when `send` succeeded, false when it failed or another submission was still running.
   */
  submit: (send: () => Promise<void>) => Promise<boolean>
  /**
   * Shows the form's own findings before anything is sent: they become the field messages and the
   * banner is cleared; when there are any, the first is toasted and scrolled to. True when none.
   */
  check: (found: Partial<Record<K, string>>) => boolean
}

/** Brings the first field with an error (or the error banner) into view once it has rendered. */
export function scrollToFormError() {
  setTimeout(() => {
    Promise.resolve(Taro.pageScrollTo({ selector: '.field--invalid, .banner--error', duration: 200 })).catch(() => undefined)
  }, 50)
}

/**
 * The submit plumbing the workbench and resident forms share: busy flag, field errors mapped by
 * `fieldOf` (see utils/formErrors), the error banner, and one Idempotency-Key per distinct body.
 */
export function useFormSubmit<K extends string>(fieldOf: (apiField: string) => K | undefined): FormSubmit<K> {
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({})
  const [failure, setFailure] = useState<ApiError>()
  const running = useRef(false)
  const attempt = useRef<{ key: string; body: string }>()
  const fieldOfRef = useRef(fieldOf)
  fieldOfRef.current = fieldOf

  const keyFor = useCallback((input: unknown) => {
    const body = JSON.stringify(input)
    if (attempt.current?.body !== body) attempt.current = { key: newIdempotencyKey(), body }
    return attempt.current.key
  }, [])

  const submit = useCallback(async (send: () => Promise<void>) => {
    if (running.current) return false
    running.current = true
    setBusy(true)
    setErrors({})
    setFailure(undefined)
    try {
      await send()
      return true
    } catch (e) {
      const err = asApiError(e)
      const byField = formErrors(err, fieldOfRef.current)
      setErrors(byField)
      if (!Object.keys(byField).length) setFailure(err)
      return false
    } finally {
      running.current = false
      setBusy(false)
    }
  }, [])

  const check = useCallback((found: Partial<Record<K, string>>) => {
    setErrors(found)
    setFailure(undefined)
    const first = Object.values(found)[0]
    if (!first) return true
    Taro.showToast({ title: first as string, icon: 'none' })
    scrollToFormError()
    return false
  }, [])

  return { busy, errors, setErrors, failure, setFailure, keyFor, submit, check }
}
