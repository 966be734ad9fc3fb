import type { Deps } from '../core/context.ts'
import { expireProposals } from '../modules/consultations/consultation.transitions.ts'
import { closeDueVotes } from '../modules/consultations/consultation.vote.ts'

/**
 * Proposals that did not gather their support within 30 days expire (announced to their
 * audience); votes past their deadline close (quorum fixed, totals shown), each exactly once.
 */
export async function runConsultationJobs(deps: Deps): Promise<void> {
  while ((await expireProposals(deps)) === 100) {
    /* drain */
  }
  while ((await closeDueVotes(deps)) === 100) {
    /* drain */
  }
}
