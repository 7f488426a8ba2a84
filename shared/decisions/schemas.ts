/**
 * The decisions capability's contracts: experiments (what may be served, to whom, judged by which
 * objective), decision requests and responses, the replayable decision log, outcomes, folded per-arm
 * statistics, results and off-policy evaluation. Types are inferred from these schemas.
 *
 * Shape errors are 400s (`ExperimentConfigSchema.safeParse`); settings that parse but cannot work
 * together (a control arm that is not an arm, an exploration floor the arms cannot all get) are 422s
 * with every reason listed by `experimentConfigProblems` (see ./experiment.ts).
 */
import { z } from 'zod';
import { UserIdSchema as CanonicalUserIdSchema } from '../privacy/user-id';
import { MIN_MAGNITUDE, boundedNumber, fraction, positive, unstorableNumberPaths } from '../validation/numbers';
import { DEVICE_TYPES } from '../profiles/events';
import { nestingDepth } from '../validation/depth';
import { prototypeKeyPaths } from '../validation/keys';
import { canonicalTextSchema, hasNoControlCharacter, isWellFormed, malformedStringPaths } from '../validation/strings';
import { variantIdSchema } from '../copy/variant-id';

/** Reserved: would become an object's prototype if a key ever reached a plain object. */
const notPrototype = (value: string) => value.toLowerCase() !== '__proto__' && value !== 'constructor' && value !== 'prototype';

/** Experiment ids: 1-128 characters of A-Z a-z 0-9 _ . : - (the same alphabet as campaign ids). */
export const ExperimentIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'experimentId must be 1-128 characters of A-Z, a-z, 0-9, _ . : -')
  // `/v1/experiments/..` is resolved away by every URL parser: such an experiment could be made but never read.
  .refine((id) => !/^\.+$/.test(id), 'experimentId must not consist of dots only (a URL path cannot carry it)')
  .refine(notPrototype, 'experimentId is a reserved word');

/**
 * Arm ids are compared exactly (case-sensitive, no trimming): the form the caller sends is the one
 * stored and served. 1-64 characters of A-Z a-z 0-9 _ . : -, not a reserved word.
 */
export const ArmIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'armId must be 1-64 characters of A-Z, a-z, 0-9, _ . : -')
  .refine(notPrototype, 'armId is a reserved word');

/** Outcome event names: clickstream event types (`ad_click`, `add_to_cart`, `purchase`…) or custom. */
export const OutcomeEventSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'event must be 1-32 characters of a-z, 0-9, _ starting with a letter');

/** The pseudonymous user id carried on the stream and in the log (HMAC-SHA256 hex, or a test id). */
export const PseudonymSchema = z.string().min(1).max(128);

/**
 * A raw user id as the caller sends it, in the one canonical form every edge uses (NFC, trimmed,
 * 1-256 characters; shared/privacy/user-id.ts), so a decision reads the consent and the profile of
 * the user the events and consents edges know by that id. It never leaves the edge (the service
 * pseudonymises it).
 */
export const UserIdSchema = CanonicalUserIdSchema;

export const MAX_ARMS = 50;
export const MAX_PAYLOAD_BYTES = 4096;
/** DynamoDB stores an item nested at most 32 levels; a payload sits 4 levels down in its experiment item. */
export const MAX_PAYLOAD_DEPTH = 16;

/** UTF-8 sizes with the web platform's encoder, not Node's Buffer: the console compiles and bundles this module too. */
const utf8 = new TextEncoder();

/** Whatever the caller renders for an arm (an offer, an item id, a text): JSON up to 4 KiB whose numbers can be stored. */
export const ArmPayloadSchema = z
  .unknown()
  .meta({ description: `Any JSON value, at most ${MAX_PAYLOAD_BYTES} bytes serialised and ${MAX_PAYLOAD_DEPTH} levels of nesting; no "__proto__" key` })
  // Checked on the value as parsed: z.json() rebuilds objects, and a "__proto__" key would vanish silently.
  .superRefine((value, ctx) => {
    // First, and without recursion: every later check walks the value recursively.
    if (nestingDepth(value, MAX_PAYLOAD_DEPTH) > MAX_PAYLOAD_DEPTH) {
      ctx.addIssue({ code: 'custom', message: `payload nests at most ${MAX_PAYLOAD_DEPTH} levels of arrays and objects (deeper cannot be stored)` });
      return;
    }
    for (const path of prototypeKeyPaths(value)) ctx.addIssue({ code: 'custom', path, message: '"__proto__" cannot be a payload key: JavaScript readers take it as the object\'s prototype, so it would be lost' });
  })
  .pipe(z.json())
  .superRefine((value, ctx) => {
    if (utf8.encode(JSON.stringify(value)).byteLength > MAX_PAYLOAD_BYTES) ctx.addIssue({ code: 'custom', message: `payload must serialise to at most ${MAX_PAYLOAD_BYTES} bytes of JSON` });
    for (const path of unstorableNumberPaths(value)) {
      ctx.addIssue({ code: 'custom', path, message: `a payload number must be 0, or between ${MIN_MAGNITUDE} and ${Number.MAX_SAFE_INTEGER} in magnitude (others cannot be stored)` });
    }
    for (const path of malformedStringPaths(value)) ctx.addIssue({ code: 'custom', path, message: 'must not contain lone surrogates (not Unicode text)' });
  });

export const ArmSchema = z.strictObject({
  armId: ArmIdSchema,
  payload: ArmPayloadSchema.optional(),
  /** The copy variant this arm serves, when the arm came from (or links to) a copy job: its id as the copy API gives it (the job's UUID compared in lower case). */
  copyVariantId: variantIdSchema('copyVariantId').optional(),
});
export type Arm = z.infer<typeof ArmSchema>;

/** Binary objectives (a decision is rewarded 0 or 1) use Beta posteriors; the others Gaussian ones. */
export const SIMPLE_OBJECTIVES = ['click', 'conversion', 'revenue'] as const;

/** Bound on one weight of a weighted objective, so a decision's reward stays a small finite number. */
export const MAX_OBJECTIVE_WEIGHT = 1000;

export const WeightedObjectiveSchema = z.strictObject({
  type: z.literal('weighted'),
  /** Each event type counts once per decision, with its weight: e.g. ad_click 1, add_to_cart 2, purchase 10. */
  weights: z
    .array(
      z.strictObject({
        event: OutcomeEventSchema,
        weight: boundedNumber('weight', { min: -MAX_OBJECTIVE_WEIGHT, max: MAX_OBJECTIVE_WEIGHT, allowZero: false }),
      }),
    )
    .min(1)
    .max(16),
});

/**
 * `click`: 1 if an `ad_click`/`click` follows within the window; `conversion`: 1 if a `purchase`/
 * `conversion` does; `revenue`: the sum of `value` over `purchase`/`conversion`/`revenue` outcomes;
 * weighted: Σ weight over the distinct event types seen (see rewards.ts).
 */
export const ObjectiveSchema = z.union([z.enum(SIMPLE_OBJECTIVES), WeightedObjectiveSchema]);
export type Objective = z.infer<typeof ObjectiveSchema>;

const SplitSchema = z
  .array(z.strictObject({ armId: ArmIdSchema, weight: boundedNumber('weight', { min: 0, max: 1_000_000 }) }))
  .min(2)
  .max(MAX_ARMS);

export const PolicySchema = z.preprocess(
  (value) => (typeof value === 'string' ? { type: value } : value),
  z.discriminatedUnion('type', [
    /** A fixed split, sticky per user; equal shares unless `split` gives weights (any positive scale). */
    z.strictObject({ type: z.literal('ab'), split: SplitSchema.optional() }),
    /** Thompson sampling per arm, no personal features. */
    z.strictObject({ type: z.literal('bandit') }),
    /** Thompson sampling over the user's live profile features (per-arm Bayesian linear regression). */
    z.strictObject({ type: z.literal('contextual') }),
  ]),).meta({
  // The JSON Schema of a preprocess is its output's; a request may also name the policy by its type alone.
  override: ({ jsonSchema, io }: { jsonSchema: Record<string, unknown>; io: 'input' | 'output' }) => {
    if (io !== 'input') return;
    const objectForm = { ...jsonSchema };
    for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
    jsonSchema.anyOf = [{ type: 'string', enum: ['ab', 'bandit', 'contextual'] }, objectForm];
  },
});
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyType = Policy['type'];

export const TestPlanInputSchema = z.strictObject({
  /** The control's current rate of the objective (e.g. 0.03 click-through), strictly between 0 and 1. */
  baselineRate: positive('baselineRate', 1e-6, 1 - 1e-6),
  /** Relative lift to detect, e.g. 0.1 for +10 %. */
  minimumDetectableEffect: positive('minimumDetectableEffect', 1e-6, 10),
  /** Decisions per day across the experiment. */
  dailyTraffic: z.number().int().min(1).max(1_000_000_000),
});
export type TestPlanInput = z.infer<typeof TestPlanInputSchema>;

export const EXPERIMENT_STATUSES = ['running', 'paused', 'stopped'] as const;
export const MIN_REWARD_WINDOW_SECONDS = 60;
export const MAX_REWARD_WINDOW_SECONDS = 30 * 86_400;

/** The body of `PUT /v1/experiments/{experimentId}`. Unknown fields are refused (typos are 400s). */
export const ExperimentConfigSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine(isWellFormed, 'must not contain lone surrogates (not Unicode text)')
    // Printed in the console's lists and headings: a terminal escape or a line break would be printed as sent.
    .refine(hasNoControlCharacter, 'must not contain a control character')
    .optional(),
  arms: z.array(ArmSchema).min(2, 'an experiment needs at least 2 arms').max(MAX_ARMS, `an experiment has at most ${MAX_ARMS} arms`),
  objective: ObjectiveSchema.default('click'),
  policy: PolicySchema.default({ type: 'bandit' }),
  /** The arm the holdout gets and that lifts are measured against. */
  controlArmId: ArmIdSchema.optional(),
  /** Share of users (sticky) held out: they get the control arm, or nothing without one. */
  holdoutFraction: fraction('holdoutFraction', { max: 0.5 }).default(0),
  /** Outcomes later than this after their decision count as late, not as rewards. */
  rewardWindowSeconds: z.number().int().min(MIN_REWARD_WINDOW_SECONDS).max(MAX_REWARD_WINDOW_SECONDS).default(3600),
  /** Every arm's probability is at least this (bandit, contextual); arms × floor must be ≤ 1. */
  minExplorationProbability: fraction('minExplorationProbability', { max: 0.5 }).default(0.01),
  status: z.enum(EXPERIMENT_STATUSES).default('running'),
  testPlan: TestPlanInputSchema.optional(),
});
export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;

/** Where an arm came from: the PUT body, or a copy job's accepted/approved variant. */
export const StoredArmSchema = ArmSchema.extend({
  // Read back as stored: an arm written before copyVariantId was checked must not make its experiment unreadable (a 500).
  copyVariantId: z.string().min(1).max(200).optional(),
  source: z.enum(['api', 'copy']).default('api'),
  addedAt: z.iso.datetime().optional(),
});
export type StoredArm = z.infer<typeof StoredArmSchema>;

/** An experiment as stored and returned: the config, versioned (every change bumps the version). */
export const ExperimentSchema = ExperimentConfigSchema.extend({
  // Read back as stored: a name written before control characters were refused must not make its experiment unreadable (a 500).
  name: z.string().max(200).optional(),
  experimentId: ExperimentIdSchema,
  arms: z.array(StoredArmSchema).min(2).max(MAX_ARMS),
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** The copy job this experiment closes the loop with, if any. */
  copyJobId: z.string().min(1).max(128).optional(),
});
export type Experiment = z.infer<typeof ExperimentSchema>;

// ---------------------------------------------------------------------------------------------
// Decisions

const contextKey = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'context keys are 1-32 characters of a-z, 0-9, _ starting with a letter');
/** Strings in their canonical form (NFC, trimmed): one page is one feature however the client encoded it. */
const contextValue = z.union([canonicalTextSchema('context value', 64), boundedNumber('context value', { min: -1_000_000, max: 1_000_000 }), z.boolean()]);
/** The fields that override the profile's: refused unless they can (a silent fallback to the profile would hide the client's bug). */
const HOUR_RULE = "hour must be the user's local hour, an integer 0-23";
const contextOverrides = {
  hour: z.number({ error: HOUR_RULE }).int(HOUR_RULE).min(0, HOUR_RULE).max(23, HOUR_RULE),
  device: z.enum(DEVICE_TYPES, { error: `device must be one of the profile's device types: ${DEVICE_TYPES.join(', ')}` }),
};

/**
 * What the caller knows at the moment of choice (page, placement, locale…): at most 8 fields, each a
 * short string, a bounded number or a boolean. `hour` (0-23, the user's local hour) and `device`
 * (a device type of the events: mobile, desktop, tablet, tv, other) override the profile's. Keys
 * start with a lower-case letter, so no key can be `__proto__`.
 */
export const DecisionContextSchema = z
  .record(contextKey, contextValue)
  .refine((record) => Object.keys(record).length <= 8, 'context has at most 8 fields')
  .superRefine((record, ctx) => {
    for (const [key, schema] of Object.entries(contextOverrides)) {
      if (!Object.hasOwn(record, key)) continue;
      const parsed = schema.safeParse(record[key]);
      if (!parsed.success) ctx.addIssue({ code: 'custom', path: [key], message: parsed.error.issues[0]?.message ?? `invalid ${key}` });
    }
  });
export type DecisionContext = z.infer<typeof DecisionContextSchema>;

/** The body of `POST /v1/decisions`. */
export const DecisionRequestSchema = z.strictObject({
  experimentId: ExperimentIdSchema,
  userId: UserIdSchema,
  context: DecisionContextSchema.optional(),
});
export type DecisionRequest = z.infer<typeof DecisionRequestSchema>;

/** Decision ids are opaque: 8-64 characters of A-Z a-z 0-9 _ - (the service mints them). */
export const DecisionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'decisionId must be 8-64 characters of A-Z, a-z, 0-9, _ -');

/** The response of `POST /v1/decisions`. */
export const DecisionResponseSchema = z.object({
  decisionId: DecisionIdSchema,
  /** null only for a holdout user of an experiment without a control arm: show nothing. */
  armId: ArmIdSchema.nullable(),
  /** The exact probability with which the served arm was chosen, 0 < p ≤ 1. */
  propensity: z.number().gt(0).max(1),
  payload: z.json().nullable(),
  holdout: z.boolean(),
  /**
   * false when the user refused personalised marketing: the decision used no personal features (the
   * context-free policy served it). true otherwise, whatever the policy (ab and bandit use no features).
   */
  personalised: z.boolean(),
});
export type DecisionResponse = z.infer<typeof DecisionResponseSchema>;

/** One hashed feature: slot in the model, 32-bit hash of its name (`seg=loyal-buyer`), value. */
export const LoggedFeatureSchema = z.strictObject({
  i: z.number().int().min(0).max(1023),
  h: z.number().int().min(0).max(0xffffffff),
  v: boundedNumber('feature value', { min: -1_000_000, max: 1_000_000 }),
});

/**
 * The decision log: one record per decision, written once (the Kinesis put is its write path) and
 * enough to replay or evaluate any policy offline, Vowpal-Wabbit-style (`--cb_explore_adf` logs
 * carry the same: shared features, the actions, the probability of each, the chosen one):
 *
 * | field | meaning |
 * | --- | --- |
 * | `v` | record version (1) |
 * | `decisionId`, `experimentId`, `experimentVersion` | what was decided, under which config |
 * | `uid` | the user's pseudonym (never the raw id) |
 * | `at` | decision time, ISO-8601 UTC |
 * | `policy` | `ab`, `bandit`, `contextual`, or `holdout` when the user was held out |
 * | `modelVersion` | version of the folded statistics/model the probabilities came from (0 = prior) |
 * | `features` | the hashed profile+context features (`[]` when not personalised), logged under every policy so a contextual candidate can be evaluated offline: slot, name hash, value |
 * | `actions` | every eligible arm with its probability, in arm order; probabilities sum to 1 (`[]` for an empty holdout) |
 * | `chosenArmId`, `propensity` | the served arm and its entry in `actions` (null/1 for an empty holdout) |
 * | `holdout`, `personalised` | cohort flags; results count each cohort apart |
 * | `rewardDeadline` | outcomes after this instant are late |
 * | `objective` | the objective the reward is computed with |
 */
export const DecisionLogRecordSchema = z.strictObject({
  v: z.literal(1),
  decisionId: DecisionIdSchema,
  experimentId: ExperimentIdSchema,
  experimentVersion: z.number().int().min(1),
  uid: PseudonymSchema,
  at: z.iso.datetime(),
  policy: z.enum(['ab', 'bandit', 'contextual', 'holdout']),
  modelVersion: z.number().int().min(0),
  features: z.array(LoggedFeatureSchema).max(64),
  actions: z.array(z.strictObject({ armId: ArmIdSchema, p: z.number().min(0).max(1) })).max(MAX_ARMS),
  chosenArmId: ArmIdSchema.nullable(),
  propensity: z.number().gt(0).max(1),
  holdout: z.boolean(),
  personalised: z.boolean(),
  rewardDeadline: z.iso.datetime(),
  objective: ObjectiveSchema,
});
export type DecisionLogRecord = z.infer<typeof DecisionLogRecordSchema>;

// ---------------------------------------------------------------------------------------------
// Outcomes

/** Money (major units) an outcome is worth; never below 1e-9 in magnitude, which DynamoDB could not store. */
const outcomeValue = boundedNumber('value', { min: -10_000_000, max: 10_000_000 });

/** The body of `POST /v1/decisions/{decisionId}/outcomes`; `outcomeId` makes a resend a no-op. */
export const OutcomeSchema = z.strictObject({
  outcomeId: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'outcomeId must be 1-128 characters of A-Z, a-z, 0-9, _ . : -'),
  event: OutcomeEventSchema,
  /** Money (major units) for revenue objectives; ignored by binary and weighted objectives. */
  value: outcomeValue.optional(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

/** An outcome joined to its decision (from the API or a clickstream event that carried `decisionId`). */
export const JoinedOutcomeSchema = z.strictObject({
  decisionId: DecisionIdSchema,
  experimentId: ExperimentIdSchema,
  armId: ArmIdSchema.nullable(),
  outcomeId: z.string().min(1).max(160),
  event: OutcomeEventSchema,
  value: outcomeValue.optional(),
  occurredAt: z.iso.datetime(),
  /** After the decision's reward deadline: counted as late, never as reward. */
  late: z.boolean(),
  /** The reward this outcome added to its decision (0 when it adds nothing, e.g. a second click). */
  rewardDelta: z.number(),
});
export type JoinedOutcome = z.infer<typeof JoinedOutcomeSchema>;

// ---------------------------------------------------------------------------------------------
// Off-policy evaluation

/** A candidate policy to evaluate from the log before it goes live. */
export const CandidatePolicySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fixed'), armId: ArmIdSchema }),
  z.strictObject({ type: z.literal('uniform') }),
  /** The experiment's current contextual model, frozen (greedy on its posterior mean, or Thompson probabilities). */
  z.strictObject({ type: z.literal('contextual-frozen'), mode: z.enum(['greedy', 'thompson']).default('thompson') }),
]);
export type CandidatePolicy = z.infer<typeof CandidatePolicySchema>;

/** The body of `POST /v1/experiments/{experimentId}/evaluate`. */
export const EvaluateRequestSchema = z.strictObject({
  policy: CandidatePolicySchema,
  /** Only decisions at or after this instant (default: all retained). */
  since: z.iso.datetime().optional(),
  /**
   * Bootstrap resamples for the intervals (0 = analytic intervals only). Decisions × resamples is
   * capped per request (`BOOTSTRAP_WORK_BUDGET`): past it fewer are used, and the response says how many.
   */
  bootstrapResamples: z.number().int().min(0).max(2000).default(200),
  /** At most this many of the most recent decisions are read. */
  maxDecisions: z.number().int().min(1).max(200_000).default(50_000),
});
export type EvaluateRequest = z.infer<typeof EvaluateRequestSchema>;
export type EvaluateRequestInput = z.input<typeof EvaluateRequestSchema>;

export const ESTIMATORS = ['ips', 'snips', 'dr'] as const;
export type EstimatorName = (typeof ESTIMATORS)[number];

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** One estimator's figure: value, 95% interval and how it was computed. */
export interface Estimate {
  readonly estimator: EstimatorName;
  readonly value: number;
  readonly interval: Interval;
  /** `analytic` (normal approximation with the estimator's sandwich variance) or `bootstrap`. */
  readonly intervalMethod: 'analytic' | 'bootstrap';
  /** Kish's effective sample size of the importance weights: (Σw)² / Σw². */
  readonly effectiveSampleSize: number;
}

/** The response of `POST /v1/experiments/{experimentId}/evaluate`. */
export interface EvaluateResponse {
  readonly experimentId: string;
  readonly policy: CandidatePolicy;
  readonly decisions: number;
  /** Bootstrap resamples behind the intervals: as requested, or fewer when decisions × resamples exceed the work budget (a note says so); 0 = analytic. */
  readonly bootstrapResamples: number;
  readonly estimates: readonly Estimate[];
  /** The logging policy's own average reward over the same decisions, for comparison. */
  readonly loggedValue: number;
  readonly modelVersion?: number;
  readonly notes: readonly string[];
}

/**
 * What the API answers: the response, with the most decisions it read (`maxDecisions`, fewer than asked
 * when the request's time limit would not allow more) and those it left out as still inside their
 * reward window (`immatureDecisions`).
 */
export type EvaluateAnswer = EvaluateResponse & { readonly maxDecisions: number; readonly immatureDecisions: number };
