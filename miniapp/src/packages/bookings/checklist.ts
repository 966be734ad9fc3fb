import Taro from '@tarojs/taro'
import type { MaterialDto } from '../../services/bookings'

/** Where the ticks of a service's materials checklist are kept on this phone. */
export const checklistKey = (serviceId: number) => `llt.bookingMaterials.${serviceId}`

/**
 * The materials of a service the resident has ticked, by name (a renamed or removed item simply
 * loses its tick; the others keep theirs when staff reorder the list).
 */
export function loadChecked(serviceId: number, materials: MaterialDto[]): string[] {
  let stored: unknown
  try {
    stored = Taro.getStorageSync(checklistKey(serviceId))
  } catch {
    return []
  }
  if (!Array.isArray(stored)) return []
  const names = new Set(materials.map((m) => m.name))
  return stored.filter((n): n is string => typeof n === 'string' && names.has(n))
}

/** Remembers the ticks (best effort: a full storage only loses the ticks). */
export function saveChecked(serviceId: number, checked: string[]): void {
  try {
    Taro.setStorageSync(checklistKey(serviceId), checked)
  } catch {
    // nothing to do: the checklist still works for this visit
  }
}

/** Ticks or unticks one material and returns the new list (in the service's order). */
export function toggleChecked(materials: MaterialDto[], checked: string[], name: string): string[] {
  const set = new Set(checked)
  if (set.has(name)) set.delete(name)
  else set.add(name)
  return materials.map((m) => m.name).filter((n) => set.has(n))
}

/** 「已备齐 3/5」 */
export function readyText(materials: MaterialDto[], checked: string[]): string {
  return `已备齐 ${checked.length}/${materials.length}`
}

/** 「户口本原件」 / 「身份证复印件 ×2（正反面）」 */
export function materialText(m: MaterialDto): string {
  return `${m.name}${m.copies && m.copies > 1 ? ` ×${m.copies}` : ''}${m.note ? `（${m.note}）` : ''}`
}
