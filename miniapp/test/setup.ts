import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { resetComponentMocks } from './mocks/components'
import { resetTaroMock, showModal } from './mocks/taro'
import { resetSessionCache } from '../src/stores/session'
import { resetElderModeCache } from '../src/stores/elder'

// Tests run as the H5 build unless a test says otherwise.
process.env.TARO_ENV = 'h5'

beforeEach(() => {
  resetTaroMock()
  resetComponentMocks()
  resetSessionCache()
  resetElderModeCache()
  process.env.TARO_ENV = 'h5'
})

afterEach(() => {
  cleanup()
  // WeChat and Taro H5 refuse a modal whose button text is longer than 4 characters (the modal never
  // opens, so the action never runs): every modal a test opened must fit.
  for (const [opts] of showModal.mock.calls as [{ confirmText?: string; cancelText?: string }][]) {
    for (const key of ['confirmText', 'cancelText'] as const) {
      const text = opts?.[key]
      if (text !== undefined && Array.from(text).length > 4) throw new Error(`showModal ${key} 「${text}」 is longer than 4 characters: WeChat and Taro H5 refuse it`)
    }
  }
})
