import { randomBytes } from 'node:crypto';

/**
 * Decision ids and the time they carry, apart from the policy code: the outcomes API and the erasure
 * (profiles function) read them without bundling the bandit.
 */

/**
 * Decision ids are time-ordered and unguessable: the time in base 36 (8 characters until 2059), then
 * 96 random bits. The outcomes API reads the time back to tell "not logged yet" from "never served".
 */
export function mintDecisionId(now: number): string {
  return `${now.toString(36).padStart(8, '0')}${randomBytes(12).toString('base64url')}`;
}

/** When a decision id (as minted above) was minted, or undefined for an id of another form. */
export function decisionIdTime(decisionId: string): number | undefined {
  if (decisionId.length !== 24) return undefined;
  const time = parseInt(decisionId.slice(0, 8), 36);
  return Number.isSafeInteger(time) ? time : undefined;
}

/** How long after serving a decision may still be on its way into the log (the consumer's lag). */
export const LOG_GRACE_MS = 120_000;

/** Whether a decision minted at `minted` may still be on its way into the log at `now`. */
export const mayBeUnlogged = (minted: number, now: number) => minted <= now && now - minted < LOG_GRACE_MS;
