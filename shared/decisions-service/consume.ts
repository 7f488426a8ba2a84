import { mapWithConcurrency } from '../concurrency';
import { rewardDelta, rewardingEvents } from '../decisions/rewards';
import type { DecisionLogRecord, Experiment } from '../decisions/schemas';
import type { LearningEvent } from '../decisions/types';
import type { EventBody } from '../profiles/events';
import { padSequence } from '../profiles/state';
import { decodeStreamRecord } from '../stream/records';
import type { AppliedOutcome, DeadLetter, DeadLetterSink, DecisionLogStore, ExperimentStore, LearningStore, RawStreamRecord, StoredLearning, StoredReward } from './ports';
import { DecisionStreamPayloadSchema } from './stream';

/** Folds learning events into an experiment's stored state and refits its model (the core, behind a port). */
export interface Learner {
  /** The next serialised state: `stored` (undefined: the prior) with `events` folded in, in order. */
  fold(experiment: Experiment, stored: unknown, events: readonly LearningEvent[]): unknown;
}

export interface ConsumeDeps {
  log: DecisionLogStore;
  experiments: Pick<ExperimentStore, 'get'>;
  learning: LearningStore;
  learner: Learner;
  deadLetters: DeadLetterSink;
  clock: { now(): Date };
}

export interface ConsumeStats {
  records: number;
  /** Decision records written to the log (rewrites on redelivery included: they are idempotent). */
  decisionsLogged: number;
  /** Decisions served before their user's erasure that reached the stream after it: never logged. */
  decisionsOfErasedUsers: number;
  /** Outcomes joined to their decision within the reward window (first delivery only). */
  outcomesJoined: number;
  /** Outcomes after their decision's reward window: counted as late, never as rewards. */
  lateOutcomes: number;
  /** Outcomes whose id was already applied to their decision (a resend, or the same event twice). */
  duplicateOutcomes: number;
  /** Events with a decisionId that is not in the log (expired, erased, or never served). */
  unmatchedOutcomes: number;
  /** Outcomes of an event type the decision's objective does not reward, or beyond the per-decision limit. */
  ignoredOutcomes: number;
  /** Learning events at or below an experiment's watermark: folded by an earlier delivery. */
  replayed: number;
  experimentsWritten: number;
  /** Records this consumer has no use for (events without decisionId, consent changes). */
  skipped: number;
  deadLettered: number;
  failedRecords: number;
}

export interface ConsumeResult {
  batchItemFailures: { itemIdentifier: string }[];
  stats: ConsumeStats;
}

/** Outcomes kept per decision (for redelivery and dedup); more are ignored and counted. */
export const MAX_OUTCOMES_PER_DECISION = 64;
const MAX_CONFLICT_ATTEMPTS = 3;
const CONCURRENCY = 16;

interface Position {
  shardId: string;
  sequenceNumber: string;
  /** Zero-padded, so string order is numeric order. */
  padded: string;
}

interface ServedEntry extends Position {
  log: DecisionLogRecord;
}

interface OutcomeEntry extends Position {
  decisionId: string;
  outcomeId: string;
  event: string;
  value?: number;
  at: string;
}

interface PendingLearning extends Position {
  experimentId: string;
  event: LearningEvent;
}

/**
 * Applies one Kinesis batch (one shard) to the decision log and the experiments' learning state:
 * 1. decode every record; poison ones go to the dead-letter sink with their reason, records of no use
 *    here (events without `decisionId`, consent changes) are skipped and counted;
 * 2. materialise `served` decisions into the log (idempotent puts), except those served before their
 *    user's erasure (still on the stream when the erasure deleted the user's log);
 * 3. join outcomes (API outcomes and clickstream events carrying `decisionId`) to their decision: one
 *    conditional write per decision, whose item remembers each applied outcome (id, stream position,
 *    reward delta, late) so a resend is a duplicate and a redelivery replays exactly what was applied;
 * 4. per experiment, fold the batch's learning events above its per-shard watermark and refit the
 *    model in one conditional write (re-folded on a conflict), but only up to the first failed record
 *    of the shard: Lambda resumes there, so everything after it is delivered again;
 * 5. report the failed records as batch item failures.
 * Replaying any batch, whole or in part, leaves the log, the rewards and the models as they were.
 */
export async function consumeDecisionStream(records: readonly RawStreamRecord[], deps: ConsumeDeps): Promise<ConsumeResult> {
  const stats: ConsumeStats = {
    records: records.length,
    decisionsLogged: 0,
    decisionsOfErasedUsers: 0,
    outcomesJoined: 0,
    lateOutcomes: 0,
    duplicateOutcomes: 0,
    unmatchedOutcomes: 0,
    ignoredOutcomes: 0,
    replayed: 0,
    experimentsWritten: 0,
    skipped: 0,
    deadLettered: 0,
    failedRecords: 0,
  };
  const failed = new Map<string, Position>();
  const fail = (position: Position) => failed.set(`${position.shardId}:${position.sequenceNumber}`, position);
  const letters: DeadLetter[] = [];
  let served: ServedEntry[] = [];
  const outcomes: OutcomeEntry[] = [];

  // 1. decode
  for (const raw of records) {
    const position: Position = { shardId: raw.shardId, sequenceNumber: raw.sequenceNumber, padded: padSequence(raw.sequenceNumber) };
    const decoded = decodeRecord(raw);
    if ('reason' in decoded) letters.push({ reason: decoded.reason, shardId: raw.shardId, sequenceNumber: raw.sequenceNumber, data: raw.data });
    else if (decoded.type === 'skip') stats.skipped += 1;
    else if (decoded.type === 'served') served.push({ ...position, log: decoded.log });
    else outcomes.push({ ...position, ...decoded.outcome });
  }
  if (letters.length > 0) {
    try {
      await deps.deadLetters.send(letters);
      stats.deadLettered = letters.length;
    } catch {
      // The sink is down: keep the records in the stream rather than lose them.
      for (const letter of letters) fail({ shardId: letter.shardId, sequenceNumber: letter.sequenceNumber, padded: padSequence(letter.sequenceNumber) });
    }
  }

  // 2. the log, without the decisions of users erased after they were served (in flight at the erasure)
  if (served.length > 0) {
    try {
      const erasures = await deps.log.erasures([...new Set(served.map((entry) => entry.log.uid))]);
      const kept = served.filter((entry) => {
        const erasedAt = erasures.get(entry.log.uid);
        return erasedAt === undefined || Date.parse(entry.log.at) > Date.parse(erasedAt);
      });
      stats.decisionsOfErasedUsers = served.length - kept.length;
      if (kept.length < served.length) {
        // So that their outcomes get a 404 at once rather than "not logged yet, resend".
        const keptIds = new Set(kept.map((entry) => entry.log.decisionId));
        await deps.log.markErased(served.filter((entry) => !keptIds.has(entry.log.decisionId)).map((entry) => entry.log.decisionId));
      }
      served = kept;
      const { failed: unwritten } = await deps.log.put(served.map((entry) => entry.log));
      const refused = new Set(unwritten);
      for (const entry of served) if (refused.has(entry.log.decisionId)) fail(entry);
      stats.decisionsLogged = served.length - served.filter((entry) => refused.has(entry.log.decisionId)).length;
    } catch {
      for (const entry of served) fail(entry);
    }
  }

  // 3. outcomes, one conditional write per decision
  const pending: PendingLearning[] = served.map((entry) => ({ ...entry, experimentId: entry.log.experimentId, event: decisionEvent(entry.log) }));
  if (outcomes.length > 0) {
    const byDecision = groupBy(outcomes, (outcome) => outcome.decisionId);
    const servedHere = new Map(served.map((entry) => [entry.log.decisionId, entry.log]));
    let stored: Awaited<ReturnType<DecisionLogStore['load']>> | undefined;
    try {
      stored = await deps.log.load([...byDecision.keys()]);
    } catch {
      for (const outcome of outcomes) fail(outcome);
    }
    if (stored) {
      const found = stored;
      await mapWithConcurrency([...byDecision], CONCURRENCY, async ([decisionId, group]) => {
        const record = found.get(decisionId)?.record ?? servedHere.get(decisionId);
        if (!record) {
          stats.unmatchedOutcomes += group.length;
          return;
        }
        let reward = found.get(decisionId)?.reward;
        for (let attempt = 1; attempt <= MAX_CONFLICT_ATTEMPTS; attempt++) {
          const joined = joinOutcomes(record, reward, group);
          try {
            const outcome = joined.changed ? await deps.log.saveReward(record, joined.reward, reward?.version) : 'saved';
            if (outcome === 'saved') {
              stats.outcomesJoined += joined.counts.joined;
              stats.lateOutcomes += joined.counts.late;
              stats.duplicateOutcomes += joined.counts.duplicate;
              stats.ignoredOutcomes += joined.counts.ignored;
              pending.push(...joined.learning);
              return;
            }
            reward = (await deps.log.load([decisionId])).get(decisionId)?.reward;
          } catch {
            break;
          }
        }
        for (const outcome of group) fail(outcome);
      });
    }
  }

  // 4. fold per experiment, up to the shard's first failure
  const firstFailure = new Map<string, string>();
  for (const position of failed.values()) {
    const current = firstFailure.get(position.shardId);
    if (current === undefined || position.padded < current) firstFailure.set(position.shardId, position.padded);
  }
  const foldable = pending.filter((entry) => {
    const limit = firstFailure.get(entry.shardId);
    return limit === undefined || entry.padded < limit;
  });
  const byExperiment = groupBy(foldable, (entry) => entry.experimentId);
  if (byExperiment.size > 0) {
    let learning: Map<string, StoredLearning> | undefined;
    try {
      learning = await deps.learning.load([...byExperiment.keys()]);
    } catch {
      for (const entry of foldable) fail(entry);
    }
    if (learning) {
      const loaded = learning;
      await mapWithConcurrency([...byExperiment], CONCURRENCY, async ([experimentId, entries]) => {
        entries.sort(comparePositions);
        let current = loaded.get(experimentId);
        try {
          const experiment = await deps.experiments.get(experimentId);
          if (!experiment) {
            // Decisions are only served for stored experiments, and experiments are never deleted.
            stats.unmatchedOutcomes += entries.filter((entry) => entry.event.kind !== 'decision').length;
            return;
          }
          for (let attempt = 1; attempt <= MAX_CONFLICT_ATTEMPTS; attempt++) {
            const fresh = entries.filter((entry) => {
              const watermark = current?.watermarks[entry.shardId];
              return watermark === undefined || entry.padded > watermark;
            });
            if (fresh.length === 0) {
              stats.replayed += entries.length;
              return;
            }
            const watermarks = { ...current?.watermarks };
            for (const entry of fresh) if (!(watermarks[entry.shardId]! >= entry.padded)) watermarks[entry.shardId] = entry.padded;
            const next: StoredLearning = {
              state: deps.learner.fold(experiment, current?.state, fresh.map((entry) => entry.event)),
              version: (current?.version ?? 0) + 1,
              watermarks,
              updatedAt: deps.clock.now().toISOString(),
            };
            if ((await deps.learning.save(experimentId, next, current?.version)) === 'saved') {
              stats.experimentsWritten += 1;
              stats.replayed += entries.length - fresh.length;
              return;
            }
            // Another writer (a sibling shard) got there first: fold again on its state.
            current = (await deps.learning.load([experimentId])).get(experimentId);
          }
        } catch {
          // fall through: retry the experiment's records
        }
        for (const entry of entries) fail(entry);
      });
    }
  }

  stats.failedRecords = failed.size;
  return { batchItemFailures: [...failed.values()].map((position) => ({ itemIdentifier: position.sequenceNumber })), stats };
}

type Decoded = { type: 'skip' } | { type: 'served'; log: DecisionLogRecord } | { type: 'outcome'; outcome: Omit<OutcomeEntry, keyof Position> } | { reason: string };

function decodeRecord(raw: RawStreamRecord): Decoded {
  const decoded = decodeStreamRecord(raw.data, raw.partitionKey);
  if (!decoded.ok) return { reason: decoded.reason };
  const record = decoded.record;
  if (record.kind === 'consent' || record.kind === 'identify') return { type: 'skip' };
  if (record.kind === 'decision') {
    const parsed = DecisionStreamPayloadSchema.safeParse(record.decision);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      return { reason: `decision payload does not match its schema: ${issues.join('; ')}` };
    }
    const payload = parsed.data;
    if (payload.type === 'served') {
      if (payload.log.uid !== record.uid) return { reason: 'decision log uid does not match the record uid' };
      return { type: 'served', log: payload.log };
    }
    const { outcomeId, event, value } = payload.outcome;
    return { type: 'outcome', outcome: { decisionId: payload.decisionId, outcomeId, event, ...(value === undefined ? {} : { value }), at: record.receivedAt } };
  }
  const event = record.event;
  if (!event.decisionId) return { type: 'skip' };
  const value = outcomeValue(event);
  return { type: 'outcome', outcome: { decisionId: event.decisionId, outcomeId: event.eventId, event: event.type, ...(value === undefined ? {} : { value }), at: record.receivedAt } };
}

/** What a clickstream event is worth for a revenue objective: a purchase's order total. */
function outcomeValue(event: EventBody): number | undefined {
  if (event.type !== 'purchase') return undefined;
  return Math.round(event.items.reduce((sum, item) => sum + item.price * item.quantity, 0) * 100) / 100;
}

const decisionEvent = (log: DecisionLogRecord): LearningEvent => ({
  kind: 'decision',
  armId: log.chosenArmId,
  propensity: log.propensity,
  holdout: log.holdout,
  personalised: log.personalised,
  features: log.features.map(({ i, v }) => ({ i, v })),
});

/**
 * Applies a decision's outcomes (in stream order) to its reward item. An outcome already applied by
 * this very record (an earlier delivery) replays its stored entry; an outcome id applied by another
 * record is a duplicate; anything else is new: late after the reward deadline, otherwise the
 * objective's reward delta.
 */
function joinOutcomes(record: DecisionLogRecord, stored: StoredReward | undefined, group: readonly OutcomeEntry[]) {
  const reward: StoredReward = stored
    ? { ...stored, counted: [...stored.counted], applied: [...stored.applied] }
    : { decisionId: record.decisionId, reward: 0, counted: [], applied: [], version: 0 };
  const rewarding = new Set(rewardingEvents(record.objective));
  const counts = { joined: 0, late: 0, duplicate: 0, ignored: 0 };
  const learning: PendingLearning[] = [];
  let changed = false;
  const deadline = Date.parse(record.rewardDeadline);
  for (const outcome of [...group].sort(comparePositions)) {
    const replay = reward.applied.find((entry) => entry.shardId === outcome.shardId && entry.seq === outcome.sequenceNumber && entry.id === outcome.outcomeId);
    let entry: AppliedOutcome;
    if (replay) {
      entry = replay;
    } else if (reward.applied.some((applied) => applied.id === outcome.outcomeId)) {
      counts.duplicate += 1;
      continue;
    } else if (!rewarding.has(outcome.event) || reward.applied.length >= MAX_OUTCOMES_PER_DECISION) {
      counts.ignored += 1;
      continue;
    } else {
      const late = Date.parse(outcome.at) > deadline;
      const applied = late ? { delta: 0, state: { reward: reward.reward, counted: reward.counted } } : rewardDelta(record.objective, reward, outcome);
      entry = { id: outcome.outcomeId, shardId: outcome.shardId, seq: outcome.sequenceNumber, event: outcome.event, previousReward: reward.reward, delta: applied.delta, late, at: outcome.at };
      reward.reward = applied.state.reward;
      reward.counted = [...applied.state.counted];
      reward.applied.push(entry);
      changed = true;
      if (late) counts.late += 1;
      else counts.joined += 1;
    }
    const event = outcomeEvent(record, entry);
    if (event) learning.push({ shardId: outcome.shardId, sequenceNumber: outcome.sequenceNumber, padded: outcome.padded, experimentId: record.experimentId, event });
  }
  return { reward, changed, counts, learning };
}

function outcomeEvent(record: DecisionLogRecord, entry: AppliedOutcome): LearningEvent | undefined {
  const cohort = { armId: record.chosenArmId, holdout: record.holdout, personalised: record.personalised };
  if (entry.late) return { kind: 'late', ...cohort };
  if (entry.delta === 0) return undefined;
  return { kind: 'reward', ...cohort, propensity: record.propensity, features: record.features.map(({ i, v }) => ({ i, v })), previousReward: entry.previousReward, delta: entry.delta };
}

const comparePositions = (a: Position, b: Position) => (a.shardId === b.shardId ? (a.padded < b.padded ? -1 : a.padded > b.padded ? 1 : 0) : a.shardId < b.shardId ? -1 : 1);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
