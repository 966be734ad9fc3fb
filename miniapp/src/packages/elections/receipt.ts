import Taro from '@tarojs/taro'

/**
 * The receipt code (回执码) kept on this phone only, per election and round: saved when the ballot
 * is cast, read by the board (核对我保存的回执码) and the election's page (我的回执码). It is never
 * sent anywhere; the server keeps no link between a voter and a tracker.
 */
export const receiptKey = (electionId: number, roundId: number) => `election-receipt:${electionId}:${roundId}`

const TRACKER = /^[0-9A-Z]{12}$/

/** Saves the code; false when the phone refused (a full storage): the resident then copies it by hand. */
export function saveReceipt(electionId: number, roundId: number, tracker: string): boolean {
  try {
    Taro.setStorageSync(receiptKey(electionId, roundId), tracker)
    return true
  } catch {
    return false
  }
}

/** The code saved on this phone for that round, if any. */
export function savedReceipt(electionId: number, roundId: number): string | undefined {
  try {
    const stored: unknown = Taro.getStorageSync(receiptKey(electionId, roundId))
    return typeof stored === 'string' && TRACKER.test(stored) ? stored : undefined
  } catch {
    return undefined
  }
}
