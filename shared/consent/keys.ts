/**
 * The consents table: one partition per pseudonymous user (`uid`), holding
 * - `v#<version>`: the ledger, one item per change, append-only (written only if the version is new);
 * - `state`: a copy of the newest version, so readers that cannot query (the decision function's
 *   BatchGetItem together with the profile) get the current state by key;
 * - `proof#<erasedAt>#<version>`: after an erasure, the minimal proof of each recorded choice, with a TTL
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
/** Keyed by the erasure too: a user erased twice keeps the proof of both ledgers. */
export const proofKey = (erasedAt: string, version: number) => `${CONSENTS_TABLE.proofPrefix}${erasedAt}#${String(version).padStart(12, '0')}`;

/** Proof of consent and refusal outlives an erasure by this long unless CDK sets `consentProofRetentionDays`. */
export const DEFAULT_PROOF_RETENTION_DAYS = 3 * 365;
