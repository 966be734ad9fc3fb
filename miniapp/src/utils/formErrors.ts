import type { ApiError } from '../services/request'

/**
 * The API's per-field messages (`details.fields`) mapped onto a form's fields — the first message
 * per field; fields the form does not show map to undefined and are left to a banner.
 */
export function formErrors<K extends string>(e: ApiError, fieldOf: (apiField: string) => K | undefined): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {}
  for (const f of e.fields ?? []) {
    const name = fieldOf(f.field)
    if (name && !out[name]) out[name] = f.message
  }
  return out
}

/** A `fieldOf` for a form whose fields are named as the API names them (a `body.` prefix is dropped). */
export function fieldsNamed<K extends string>(keys: readonly K[]): (apiField: string) => K | undefined {
  return (apiField) => {
    const name = apiField.replace(/^body\./, '')
    return (keys as readonly string[]).includes(name) ? (name as K) : undefined
  }
}
