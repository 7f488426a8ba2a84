import { newExperiment } from '../../shared/decisions/experiment';
import { ExperimentConfigSchema, type DecisionLogRecord, type Experiment, type ExperimentConfigInput } from '../../shared/decisions/schemas';
import type { DeadLetter, DeadLetterSink, DecisionLogStore, DecisionStream, ExperimentStore, LearningStore, LoggedDecision, ProfileSnapshot, ProfileSnapshotReader, RawStreamRecord, StoredLearning, StoredReward } from '../../shared/decisions-service/ports';
import type { DecisionStreamPayload } from '../../shared/decisions-service/stream';

/**
 * In-memory stores with the adapters' contracts (conditional writes answer 'conflict'), and switches
 * that make the next calls fail, so every failure path of the use cases can be driven.
 */
export class FakeDecisionStores {
  readonly experimentsById = new Map<string, Experiment>();
  readonly learningById = new Map<string, StoredLearning>();
  readonly records = new Map<string, DecisionLogRecord>();
  readonly rewards = new Map<string, StoredReward>();
  readonly erasedAt = new Map<string, string>();
  readonly erasedDecisions = new Set<string>();
  /** Counts of calls, by operation. */
  readonly calls = { putLog: 0, saveReward: 0, saveLearning: 0, loadLearning: 0 };
  /** Throw on the next N calls of an operation. */
  readonly failNext = { putLog: 0, loadLog: 0, saveReward: 0, saveLearning: 0, loadLearning: 0 };
  /** Answer 'conflict' on the next N learning saves (after applying `beforeConflict`, as a concurrent writer). */
  conflictNextLearningSaves = 0;
  beforeConflict?: () => void;

  private maybeFail(operation: keyof FakeDecisionStores['failNext']) {
    if (this.failNext[operation] > 0) {
      this.failNext[operation] -= 1;
      throw new Error(`${operation} failed (injected)`);
    }
  }

  readonly experiments: ExperimentStore = {
    get: async (experimentId) => structuredClone(this.experimentsById.get(experimentId)),
    getWithLearning: async (experimentId) => {
      const experiment = this.experimentsById.get(experimentId);
      if (!experiment) return undefined;
      const learning = this.learningById.get(experimentId);
      return { experiment: structuredClone(experiment), ...(learning ? { learning: structuredClone(learning) } : {}) };
    },
    save: async (experiment, expectedVersion) => {
      const current = this.experimentsById.get(experiment.experimentId);
      if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion) return 'conflict';
      this.experimentsById.set(experiment.experimentId, structuredClone(experiment));
      return 'saved';
    },
  };

  readonly learning: LearningStore = {
    load: async (experimentIds) => {
      this.calls.loadLearning += 1;
      this.maybeFail('loadLearning');
      return new Map(experimentIds.filter((id) => this.learningById.has(id)).map((id) => [id, structuredClone(this.learningById.get(id)!)]));
    },
    save: async (experimentId, learning, expectedVersion) => {
      this.calls.saveLearning += 1;
      this.maybeFail('saveLearning');
      if (this.conflictNextLearningSaves > 0) {
        this.conflictNextLearningSaves -= 1;
        this.beforeConflict?.();
        return 'conflict';
      }
      const current = this.learningById.get(experimentId);
      if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion) return 'conflict';
      this.learningById.set(experimentId, structuredClone(learning));
      return 'saved';
    },
  };

  readonly log: DecisionLogStore = {
    put: async (records) => {
      this.calls.putLog += 1;
      this.maybeFail('putLog');
      for (const record of records) this.records.set(record.decisionId, structuredClone(record));
      return { failed: [] };
    },
    load: async (decisionIds) => {
      this.maybeFail('loadLog');
      const found = new Map<string, { record: DecisionLogRecord; reward?: StoredReward }>();
      for (const id of decisionIds) {
        const record = this.records.get(id);
        const reward = this.rewards.get(id);
        if (record) found.set(id, reward ? { record: structuredClone(record), reward: structuredClone(reward) } : { record: structuredClone(record) });
      }
      return found;
    },
    saveReward: async (_record, reward, expectedVersion) => {
      this.calls.saveReward += 1;
      this.maybeFail('saveReward');
      const current = this.rewards.get(reward.decisionId);
      if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion) return 'conflict';
      this.rewards.set(reward.decisionId, structuredClone({ ...reward, version: (expectedVersion ?? 0) + 1 }));
      return 'saved';
    },
    listByExperiment: async (experimentId, options) => {
      const list: LoggedDecision[] = [...this.records.values()]
        .filter((record) => record.experimentId === experimentId && (!options.since || record.at >= options.since))
        .sort((a, b) => (a.at < b.at ? 1 : -1))
        .slice(0, options.limit)
        .map((record) => {
          const reward = this.rewards.get(record.decisionId);
          return { record: structuredClone(record), reward: reward?.reward ?? 0, lateOutcomes: reward?.applied.filter((entry) => entry.late).length ?? 0 };
        });
      return list;
    },
    eraseUser: async (uid, erasedAt) => {
      this.erasedAt.set(uid, erasedAt.toISOString());
      let erased = 0;
      for (const [id, record] of this.records) {
        if (record.uid !== uid) continue;
        this.records.delete(id);
        this.erasedDecisions.add(id);
        erased += 1;
        if (this.rewards.delete(id)) erased += 1;
      }
      return erased;
    },
    markErased: async (decisionIds) => {
      for (const id of decisionIds) this.erasedDecisions.add(id);
    },
    isErased: async (decisionId) => this.erasedDecisions.has(decisionId),
    erasures: async (uids) => new Map(uids.flatMap((uid) => (this.erasedAt.has(uid) ? [[uid, this.erasedAt.get(uid)!] as const] : []))),
  };
}

export class FakeDeadLetters implements DeadLetterSink {
  readonly letters: DeadLetter[] = [];
  failNext = 0;
  async send(letters: readonly DeadLetter[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('queue unavailable (injected)');
    }
    this.letters.push(...letters);
  }
}

/** Captures what the decision and outcome APIs put on the stream. */
export class FakeDecisionStream implements DecisionStream {
  readonly puts: { uid: string; payload: DecisionStreamPayload; receivedAt: string }[] = [];
  failNext = 0;
  async put(uid: string, payload: DecisionStreamPayload, receivedAt: string): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('ProvisionedThroughputExceededException (injected)');
    }
    this.puts.push({ uid, payload: structuredClone(payload), receivedAt });
  }
}

export class FakeProfiles implements ProfileSnapshotReader {
  readonly snapshots = new Map<string, ProfileSnapshot>();
  reads = 0;
  async read(uid: string): Promise<ProfileSnapshot> {
    this.reads += 1;
    return this.snapshots.get(uid) ?? { personalisedMarketingAllowed: true };
  }
}

export const T0 = Date.parse('2026-03-02T10:00:00Z');
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
export const UID_A = 'pseudonym-of-alice-000000000000000000000';
export const UID_B = 'pseudonym-of-bob-00000000000000000000000';

export function experimentFixture(id = 'exp-1', overrides: Partial<ExperimentConfigInput> = {}): Experiment {
  const config = ExperimentConfigSchema.parse({
    arms: [{ armId: 'a', payload: { text: 'A' } }, { armId: 'b', payload: { text: 'B' } }],
    objective: 'click',
    policy: 'bandit',
    rewardWindowSeconds: 3600,
    ...overrides,
  });
  return newExperiment(id, config, at(-3600));
}

/** A decision log record as the decision function writes it (two arms, uniform). */
export function logRecord(decisionId: string, overrides: Partial<DecisionLogRecord> = {}): DecisionLogRecord {
  return {
    v: 1,
    decisionId,
    experimentId: 'exp-1',
    experimentVersion: 1,
    uid: UID_A,
    at: at(0),
    policy: 'bandit',
    modelVersion: 0,
    features: [{ i: 0, h: 1, v: 1 }],
    actions: [
      { armId: 'a', p: 0.5 },
      { armId: 'b', p: 0.5 },
    ],
    chosenArmId: 'a',
    propensity: 0.5,
    holdout: false,
    personalised: true,
    rewardDeadline: at(3600),
    objective: 'click',
    ...overrides,
  };
}

/** Builds Kinesis records with increasing sequence numbers on one shard. */
export class StreamBuilder {
  private sequence = 49_650_000_000_000_000_000_000_000_000_000_000_000_000_000_000n;
  readonly records: RawStreamRecord[] = [];
  constructor(private readonly shardId = 'shardId-000000000000') {}

  private push(uid: string, payload: unknown): RawStreamRecord {
    this.sequence += 17n;
    const record = { shardId: this.shardId, sequenceNumber: this.sequence.toString(), partitionKey: uid, data: Buffer.from(JSON.stringify(payload)).toString('base64') };
    this.records.push(record);
    return record;
  }

  served(log: DecisionLogRecord, receivedAt = log.at): RawStreamRecord {
    return this.push(log.uid, { v: 1, kind: 'decision', uid: log.uid, receivedAt, decision: { type: 'served', log } });
  }

  apiOutcome(uid: string, decisionId: string, outcome: { outcomeId: string; event: string; value?: number }, receivedAt: string): RawStreamRecord {
    return this.push(uid, { v: 1, kind: 'decision', uid, receivedAt, decision: { type: 'outcome', decisionId, outcome } });
  }

  event(uid: string, event: Record<string, unknown>, receivedAt: string): RawStreamRecord {
    return this.push(uid, { v: 1, uid, receivedAt, event: { timestamp: receivedAt, ...event } });
  }

  raw(uid: string, payload: unknown): RawStreamRecord {
    return this.push(uid, payload);
  }
}
