/**
 * Ports of the decisions service: what its use cases need from storage, the stream and the profile
 * store. The DynamoDB and Kinesis adapters live in shared/aws/decision-*.ts; the tests use in-memory
 * fakes with the same contracts (conditional writes answer 'conflict'/'exists' instead of throwing).
 */
import type { DecisionLogRecord, Experiment } from '../decisions/schemas';
import type { FeatureSource } from '../decisions/types';
import type { DecisionStreamPayload } from './stream';

export interface StoredExperiment {
  experiment: Experiment;
}

/** The experiment's folded statistics and fitted model: the core's serialised learning state. */
export interface StoredLearning {
  /** Opaque to the service: what the core's serialiser produced. */
  state: unknown;
  /** Bumped by every write; writes are conditional on it. */
  version: number;
  /** shardId → highest stream sequence number folded (zero-padded): the exactly-once guard. */
  watermarks: Record<string, string>;
  updatedAt: string;
}

export interface ExperimentStore {
  get(experimentId: string): Promise<Experiment | undefined>;
  /** The experiment and its learning state in one read (the decision function caches both). */
  getWithLearning(experimentId: string): Promise<{ experiment: Experiment; learning?: StoredLearning } | undefined>;
  /** Creates (expectedVersion undefined: only if absent) or replaces (only if still at expectedVersion). */
  save(experiment: Experiment, expectedVersion: number | undefined): Promise<'saved' | 'conflict'>;
}

export interface LearningStore {
  load(experimentIds: readonly string[]): Promise<Map<string, StoredLearning>>;
  /** Stores the learning state if it is still at expectedVersion (undefined: only if absent). */
  save(experimentId: string, learning: StoredLearning, expectedVersion: number | undefined): Promise<'saved' | 'conflict'>;
}

/** One applied outcome, kept on its decision so a redelivery replays exactly what was applied. */
export interface AppliedOutcome {
  /** The outcome id (the event id for clickstream outcomes). */
  id: string;
  shardId: string;
  /** Zero-padded sequence number of the stream record that carried it. */
  seq: string;
  event: string;
  previousReward: number;
  delta: number;
  late: boolean;
  at: string;
}

/** A decision's reward bookkeeping (one item per decision that has outcomes). */
export interface StoredReward {
  decisionId: string;
  reward: number;
  counted: string[];
  applied: AppliedOutcome[];
  version: number;
}

/** A logged decision with what it earned (0 before any outcome), for results and off-policy evaluation. */
export interface LoggedDecision {
  record: DecisionLogRecord;
  reward: number;
  lateOutcomes: number;
}

export interface DecisionLogStore {
  /** Writes decision records (idempotent: a record rewritten is unchanged). Returns the ids that could not be written. */
  put(records: readonly DecisionLogRecord[]): Promise<{ failed: string[] }>;
  /** Decisions by id, with their reward items. */
  load(decisionIds: readonly string[]): Promise<Map<string, { record: DecisionLogRecord; reward?: StoredReward }>>;
  /** Stores the reward item if it is still at expectedVersion (undefined: only if absent). */
  saveReward(record: DecisionLogRecord, reward: StoredReward, expectedVersion: number | undefined): Promise<'saved' | 'conflict'>;
  /** The most recent decisions of an experiment (at most `limit`, at or after `since`), newest first. */
  listByExperiment(experimentId: string, options: { limit: number; since?: string }): Promise<LoggedDecision[]>;
  /**
   * Deletes every decision and reward item of a pseudonymous user, having first recorded the erasure
   * time, so that a decision served before it and still on the stream is never logged (`erasures`);
   * the decisions young enough for the outcomes API to call them "not logged yet" are marked erased
   * (`markErased`). Returns how many items went.
   */
  eraseUser(uid: string, erasedAt: Date): Promise<number>;
  /**
   * Marks decisions as belonging to an erased user (the consumer's, for decisions it kept out of the
   * log). A marker holds no user id and is needed only while an outcome could be told "not logged yet".
   */
  markErased(decisionIds: readonly string[]): Promise<void>;
  /** Whether a decision was marked erased (read only for a decision not in the log). */
  isErased(decisionId: string): Promise<boolean>;
  /** The latest erasure time (ISO) of each of these users that has one (kept for as long as the stream keeps records). */
  erasures(uids: readonly string[]): Promise<Map<string, string>>;
}

/** Port: the durable write path of the decision log (and of API outcomes): the events stream. */
export interface DecisionStream {
  /** One put; throws when the stream refused it (the caller answers 503, the client may resend). */
  put(uid: string, payload: DecisionStreamPayload, receivedAt: string): Promise<void>;
}

/** What one profile read returns: the live features (absent: unknown user, a cold start) and consent. */
export interface ProfileSnapshot {
  features?: FeatureSource;
  /** False when the user refused the `personalised-marketing` purpose. */
  personalisedMarketingAllowed: boolean;
}

/** Port: at most one round trip per decision (profile and consent state together). */
export interface ProfileSnapshotReader {
  read(uid: string, now: number): Promise<ProfileSnapshot>;
}

export interface Clock {
  now(): Date;
}

/** Dead letters: same contract as the profiles' (reason + raw record). */
export type { DeadLetter, DeadLetterSink, RawStreamRecord } from '../profiles/update-profiles';
