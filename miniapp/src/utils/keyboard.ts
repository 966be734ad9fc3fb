/** What a key handler needs of the event: Taro's H5 components deliver the DOM's own KeyboardEvent. */
export type KeyPress = { key: string; target: unknown; currentTarget: unknown; preventDefault(): void }

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
      // A key pressed on a control inside this one (a link in a card) is that control's.
      if (e.target !== e.currentTarget) return
      if (e.key !== 'Enter' && e.key !== ' ' && e.key !== 'Spacebar') return
      e.preventDefault()
      activate()
    },
  }
}

/**
 * Everything a View acting as a button, checkbox or radio needs to be operated: the tap, and on
 * H5 the keyboard (`keyboardActivation`). Spread it: `<View role='button' {...pressable(go)}>`.
 */
export function pressable(activate: () => void): { onClick: () => void; tabIndex?: number; onKeyDown?: (e: KeyPress) => void } {
  return { onClick: activate, ...keyboardActivation(activate) }
}
