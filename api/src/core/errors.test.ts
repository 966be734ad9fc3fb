import { describe, expect, it } from 'vitest'
import { isDeadlock, isUniqueViolation } from './errors.ts'

describe('database error kinds', () => {
  it('a deadlock, as mysql2, the Prisma adapter or Prisma itself report it', () => {
    expect(isDeadlock({ errno: 1213 })).toBe(true)
    expect(isDeadlock({ code: 'ER_LOCK_DEADLOCK' })).toBe(true)
    expect(isDeadlock({ meta: { driverAdapterError: { cause: { code: 1213 } } } })).toBe(true)
    expect(isDeadlock(Object.assign(new Error('Transaction failed due to a write conflict or a deadlock. Please retry your transaction'), { code: 'P2034' }))).toBe(true)
    expect(isDeadlock(new Error('Deadlock found when trying to get lock; try restarting transaction'))).toBe(true)
    expect(isDeadlock({ code: 'P2002' })).toBe(false)
    expect(isDeadlock(new Error('Lock wait timeout exceeded'))).toBe(false)
  })

  it('a unique-key violation', () => {
    expect(isUniqueViolation({ code: 'P2002' })).toBe(true)
    expect(isUniqueViolation({ errno: 1062 })).toBe(true)
    expect(isUniqueViolation({ meta: { driverAdapterError: { cause: { originalCode: '1062' } } } })).toBe(true)
    expect(isUniqueViolation({ errno: 1213 })).toBe(false)
  })
})
