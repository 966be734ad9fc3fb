import { useState } from 'react'
import { asApiError } from '../../hooks/useResource'

/**
 * The state of a card's actions where one of them needs a reason (驳回, 撤回): the reason typed,
 * its message, the busy flag and the card's error. `reasonText()` checks the reason is at least
 * `min` characters (else shows `missing` under it); `run()` performs an action and puts an API
 * refusal of the `reason` field under the reason, any other refusal in the card's banner.
 */
export function useReasonedAction(min: number, missing: string) {
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const reasonText = () => {
    const text = reason.trim()
    setReasonError(text.length < min ? missing : undefined)
    return text.length < min ? undefined : text
  }

  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(undefined)
    try {
      await action()
      return true
    } catch (e) {
      const err = asApiError(e)
      if (err.fieldMessage('reason')) setReasonError(err.fieldMessage('reason'))
      else setError(err.message)
      return false
    } finally {
      setBusy(false)
    }
  }

  return { reason, setReason, reasonError, busy, error, reasonText, run }
}
