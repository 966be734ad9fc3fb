import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import { asApiError } from './useResource'

type Confirm = { title: string; content: string; confirmText?: string; cancelText?: string }

/**
 * One action of a page or card (election staff steps, a resident's 支持 or 评价): asks for
 * confirmation first when given one, refuses a second tap while the first is on its way, and keeps
 * the API's message (e.g. 409 WRONG_PHASE, ROLL_OPEN, NOT_CONTESTED) to show next to the button.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const running = useRef(false)
  const run = async <T>(fn: () => Promise<T>, opts: { confirm?: Confirm; done?: string } = {}): Promise<T | undefined> => {
    if (running.current) return undefined
    if (opts.confirm) {
      const { confirm } = await Taro.showModal({ cancelText: '取消', confirmText: '确定', ...opts.confirm })
      if (!confirm) return undefined
    }
    running.current = true
    setBusy(true)
    setError(undefined)
    try {
      const result = await fn()
      if (opts.done) void Taro.showToast({ title: opts.done, icon: 'success' })
      return result
    } catch (e) {
      setError(asApiError(e).message)
      return undefined
    } finally {
      running.current = false
      setBusy(false)
    }
  }
  return { busy, error, setError, run }
}

