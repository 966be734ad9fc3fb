// Taro's components in H5 pass tabIndex on to their element: a scrolling row or box can then take
// keyboard focus and be scrolled with the arrow keys (axe scrollable-region-focusable). WeChat ignores it.
// onKeyDown (H5) is bound as the element's own `keydown` listener: chips are activated by Enter and
// Space with it (utils/keyboard.ts).
import type { KeyPress } from '../src/utils/keyboard'

declare module '@tarojs/components/types/common' {
  interface StandardProps {
    tabIndex?: number
    onKeyDown?: (event: KeyPress) => void
  }
}
