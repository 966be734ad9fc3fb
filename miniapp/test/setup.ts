import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { resetComponentMocks } from './mocks/components'
import { resetTaroMock } from './mocks/taro'
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

afterEach(() => cleanup())
