/** What a key handler needs of the event: Taro's H5 components deliver the DOM's own KeyboardEvent. */
export type KeyPress = { key: string; target: unknown; currentTarget: unknown; preventDefault(): void }

/** How a control is activated from the keyboard: a button (and a checkbox, radio, tab) by Enter or Space, a link by Enter only. */
export type Activation = 'button' | 'link'

/**
 * Props that make a tappable View operable by keyboard on H5, as a native button or link is:
 * reachable with Tab (tabIndex 0) and activated by Enter, and for a button also by Space (which
 * would otherwise scroll the page; on a link Space scrolls, as on a native one).
 * WeChat has no keyboard, so the WeChat build gets none of it.
 */
export function keyboardActivation(activate: () => void, as: Activation = 'button'): { tabIndex?: number; onKeyDown?: (e: KeyPress) => void } {
  if (process.env.TARO_ENV !== 'h5') return {}
  return {
    tabIndex: 0,
    onKeyDown: (e) => {
      // A key pressed on a control inside this one (a link in a card) is that control's.
      if (e.target !== e.currentTarget) return
      if (e.key !== 'Enter' && (as === 'link' || (e.key !== ' ' && e.key !== 'Spacebar'))) return
      e.preventDefault()
      activate()
    },
  }
}

/**
 * Everything a View acting as a button, checkbox, radio or link needs to be operated: the tap, and
 * on H5 the keyboard (`keyboardActivation`). Spread it: `<View role='button' {...pressable(go)}>`,
 * `<View role='link' {...pressable(open, 'link')}>`.
 */
export function pressable(activate: () => void, as: Activation = 'button'): { onClick: () => void; tabIndex?: number; onKeyDown?: (e: KeyPress) => void } {
  return { onClick: activate, ...keyboardActivation(activate, as) }
}
