/**
 * 关怀模式 (elder mode) decision. It is a theme: a class on each page root switches the CSS
 * variables for text size, tap targets and contrast; nothing else forks.
 */

/** What the user chose on the switch; null = never touched, follow WeChat's font size. */
export type ElderPreference = 'on' | 'off' | null

/** WeChat's standard font size setting (16 on some clients, 17 on others); above it = enlarged text. */
export const WECHAT_DEFAULT_FONT_SIZE = 17

/**
 * Elder mode is on when the user switched it on, off when they switched it off, and otherwise
 * follows WeChat's font-size setting: an enlarged system font turns it on by itself.
 */
export function resolveElderMode(preference: ElderPreference, fontSizeSetting?: number | null): boolean {
  if (preference === 'on') return true
  if (preference === 'off') return false
  return typeof fontSizeSetting === 'number' && fontSizeSetting > WECHAT_DEFAULT_FONT_SIZE
}

/** Reads a stored preference defensively (storage may hold anything). */
export function parsePreference(raw: unknown): ElderPreference {
  return raw === 'on' || raw === 'off' ? raw : null
}
