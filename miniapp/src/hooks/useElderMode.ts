import { useSyncExternalStore } from 'react'
import { isElderModeOn, subscribeElderMode } from '../stores/elder'

/** True while 关怀模式 is on; re-renders when the switch changes. */
export function useElderMode(): boolean {
  return useSyncExternalStore(subscribeElderMode, isElderModeOn, isElderModeOn)
}
