import { forbidden } from './errors.ts'
import type { Actor } from './actor.ts'

/** A policy answers one question about one record; it may explain a refusal. */
export type Policy<R> = (actor: Actor, record: R) => boolean | string

/** Throws 403 with the policy's reason unless it allows the action. */
export function authorize<R>(actor: Actor, policy: Policy<R>, record: R): void {
  const verdict = policy(actor, record)
  if (verdict !== true) throw forbidden(typeof verdict === 'string' ? verdict : undefined)
}

/** The allowed actions for the caller, returned with a record so clients show the right buttons. */
export function allowedActions<R, K extends string>(
  actor: Actor,
  policies: Record<K, Policy<R>>,
  record: R,
): Record<K, boolean> {
  const out = {} as Record<K, boolean>
  for (const k of Object.keys(policies) as K[]) out[k] = policies[k](actor, record) === true
  return out
}
