// Taro's components in H5 pass tabIndex on to their element: a scrolling row or box can then take
// keyboard focus and be scrolled with the arrow keys (axe scrollable-region-focusable). WeChat ignores it.
export {}

declare module '@tarojs/components/types/common' {
  interface StandardProps {
    tabIndex?: number
  }
}
