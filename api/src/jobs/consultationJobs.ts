import type { Deps } from '../core/context.ts'
import { expireProposals } from '../modules/consultations/consultation.transitions.ts'

/** Proposals that did not gather their support within 30 days expire (announced to their audience). */
export async function runConsultationJobs(deps: Deps): Promise<void> {
  while ((await expireProposals(deps)) === 100) {
    /* drain */
  }
}
