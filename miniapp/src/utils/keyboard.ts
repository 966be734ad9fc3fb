/** What a key handler needs of the event: Taro's H5 components deliver the DOM's own KeyboardEvent. */
export type KeyPress = { key: string; preventDefault(): void }

/**
 * Props that make a tappable View operable by keyboard on H5, as a native button is: reachable
 * with Tab (tabIndex 0) and activated by Enter or Space (Space would otherwise scroll the page).
 * WeChat has no keyboard, so the WeChat build gets none of it.
 */
export function keyboardActivation(activate: () => void): { tabIndex?: number; onKeyDown?: (e: KeyPress) => void } {
  if (process.env.TARO_ENV !== 'h5') return {}
  return {
    tabIndex: 0,
    onKeyDown: (e) => {
      if (e.key !== 'Enter' && e.key !== ' ' && e.key !== 'Spacebar') return
      e.preventDefault()
      activate()
    },
  }
}
