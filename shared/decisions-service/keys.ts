/**
 * The decisions table's key design, shared by the CDK stacks and the store adapter
 * (shared/aws/decision-store.ts). One table, generic keys:
 *
 * | item                 | pk                  | sk                | also                                    |
 * | -------------------- | ------------------- | ----------------- | --------------------------------------- |
 * | experiment           | `EXP#<experimentId>` | `CONFIG`          | config, version, status                 |
 * | arm statistics+model | `EXP#<experimentId>` | `MODEL`           | folded stats, fitted model, per-shard watermarks, version |
 * | decision (log)       | `DEC#<decisionId>`   | `DECISION`        | `uid`, `expBucket`/`logKey`, `expiresAt` (TTL) |
 * | rewards + outcome markers | `DEC#<decisionId>` | `REWARD`       | reward, applied outcome ids (dedup), `uid`, `expBucket`/`logKey`, `expiresAt` |
 * | erasure of a user    | `ERASED#<uid>`      | `ERASED`          | `erasedAt`, `expiresAt` (TTL); no `uid`, so no index lists it |
 * | decision of an erased user | `DEC#<decisionId>` | `ERASED`    | `expiresAt` (TTL, the outcomes API's grace); no `uid`: lets an outcome get 404, not "not logged yet" |
 *
 * `byUser` (uid → keys) finds every item of a pseudonymous user for erasure; `byExperiment`
 * (`<experimentId>#<bucket>` → `<decidedAt>#<decisionId>#…`) lists an experiment's log for
 * results and off-policy evaluation, spread over a few buckets so a busy experiment has no hot key.
 */
export const DECISIONS_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  userIndex: { name: 'byUser', partitionKey: 'uid', sortKey: 'sk' },
  experimentIndex: { name: 'byExperiment', partitionKey: 'expBucket', sortKey: 'logKey' },
} as const;

/** Buckets of the byExperiment index per experiment. */
export const EXPERIMENT_LOG_BUCKETS = 8;

export const experimentPk = (experimentId: string) => `EXP#${experimentId}`;
export const decisionPk = (decisionId: string) => `DEC#${decisionId}`;
export const erasurePk = (uid: string) => `ERASED#${uid}`;
export const CONFIG_SK = 'CONFIG';
export const MODEL_SK = 'MODEL';
export const DECISION_SK = 'DECISION';
export const REWARD_SK = 'REWARD';
export const ERASED_SK = 'ERASED';
