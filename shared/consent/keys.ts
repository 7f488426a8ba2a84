/**
 * The consents table: one partition per pseudonymous user (`uid`), holding
 * - `v#<version>`: the ledger, one item per change, append-only (written only if the version is new);
 * - `state`: a copy of the newest version, so readers that cannot query (the decision function's
 *   BatchGetItem together with the profile) get the current state by key;
 * - `proof#<version>`: after an erasure, the minimal proof of each recorded choice, with a TTL
 *   (`expiresAt`) for the retention period the README states.
 */
export const CONSENTS_TABLE = {
  partitionKey: 'uid',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  stateKey: 'state',
  versionPrefix: 'v#',
  proofPrefix: 'proof#',
} as const;

/** Zero-padded so that key order is version order. */
export const versionKey = (version: number) => `${CONSENTS_TABLE.versionPrefix}${String(version).padStart(12, '0')}`;
export const proofKey = (version: number) => `${CONSENTS_TABLE.proofPrefix}${String(version).padStart(12, '0')}`;

/** Proof of consent and refusal outlives an erasure by this long unless CDK sets `consentProofRetentionDays`. */
export const DEFAULT_PROOF_RETENTION_DAYS = 3 * 365;
