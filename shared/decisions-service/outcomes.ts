import { z } from 'zod';
import { DecisionIdSchema, type Outcome } from '../decisions/schemas';
import { notFound, serviceUnavailable } from '../http/errors';
import { decisionIdTime, mayBeUnlogged } from './decision-ids';
import type { Clock, DecisionLogStore, DecisionStream } from './ports';

export const DecisionPathSchema = z.object({ decisionId: DecisionIdSchema });


export interface OutcomeReceipt {
  decisionId: string;
  outcomeId: string;
  /**
   * `accepted`: on its way to be joined (once, however often it is resent); `late`: after the reward
   * window, counted as late; `duplicate`: this outcome id was already applied to the decision.
   */
  status: 'accepted' | 'late' | 'duplicate';
}

/**
 * POST /v1/decisions/{decisionId}/outcomes, for systems that send no clickstream:
 * 1. read the decision from the log (its user, for the partition key, and its reward deadline);
 *    a decision served moments ago may not be logged yet: 503, resend, unless it is marked as an
 *    erased user's; otherwise unknown is a 404;
 * 2. put the outcome on the stream with the decision's user as partition key, so the consumer joins
 *    it after its decision, in order, exactly once by `outcomeId`.
 */
export async function reportOutcome(decisionId: string, outcome: Outcome, deps: { log: Pick<DecisionLogStore, 'load' | 'isErased'>; stream: DecisionStream; clock: Clock }): Promise<OutcomeReceipt> {
  const now = deps.clock.now();
  const found = (await deps.log.load([decisionId])).get(decisionId);
  if (!found) {
    const minted = decisionIdTime(decisionId);
    // A 503 says resending helps: never for a decision whose user was erased (the log will not have it).
    if (minted !== undefined && mayBeUnlogged(minted, now.getTime()) && !(await deps.log.isErased(decisionId))) {
      throw serviceUnavailable(`decision ${decisionId} is not logged yet (decisions reach the log within seconds); resend the outcome shortly`);
    }
    throw notFound(`no decision ${decisionId} (unknown, or past the log's retention, or erased)`);
  }
  const receipt = { decisionId, outcomeId: outcome.outcomeId };
  if (found.reward?.applied.some((entry) => entry.id === outcome.outcomeId)) return { ...receipt, status: 'duplicate' };
  try {
    await deps.stream.put(found.record.uid, { type: 'outcome', decisionId, outcome }, now.toISOString());
  } catch {
    throw serviceUnavailable('the outcome could not be recorded (the stream refused it); resend it');
  }
  return { ...receipt, status: now.toISOString() > found.record.rewardDeadline ? 'late' : 'accepted' };
}
