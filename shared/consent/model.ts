import { z } from 'zod';
import { CONSENT_DECISIONS, CONSENT_PURPOSES, type ConsentChange, type ConsentDecision, type ConsentPurpose } from '../stream/records';

/**
 * Consent of one (pseudonymous) user to each purpose of processing, as a ledger of versions: every
 * change appends a new version holding the user's explicit choices after it, so the latest version is
 * the current state and the earlier ones are the audit trail (who, when, what, from which notice).
 * A purpose the user never chose follows the deployment's regime: granted under `opt-out`, refused
 * under `opt-in`. Pure: no clock, no ids, no storage; the service passes them in.
 */

export { CONSENT_DECISIONS, CONSENT_PURPOSES, type ConsentDecision, type ConsentPurpose };

export const CONSENT_REGIMES = ['opt-in', 'opt-out'] as const;
export const ConsentRegimeSchema = z.enum(CONSENT_REGIMES);
export type ConsentRegime = z.infer<typeof ConsentRegimeSchema>;

/** Where the person made the choice. */
export const CONSENT_SOURCES = ['app', 'web', 'support'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

const decision = z.enum(CONSENT_DECISIONS);
const noticeVersion = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only, e.g. "2026-03" or "privacy-notice-v4"');

/** The body of PUT /v1/consents/{userId}: one or more purposes, each granted or refused. */
export const ConsentRequestSchema = z.strictObject({
  purposes: z
    .strictObject({ profiling: decision.optional(), 'personalised-marketing': decision.optional() })
    .refine((purposes) => Object.values(purposes).some((value) => value !== undefined), `name at least one purpose: ${CONSENT_PURPOSES.join(', ')}`),
  source: z.enum(CONSENT_SOURCES),
  /** The version of the privacy notice the person saw when choosing. */
  noticeVersion,
});
export type ConsentRequest = z.infer<typeof ConsentRequestSchema>;

const ChoiceSchema = z.object({ decision, at: z.iso.datetime(), source: z.enum(CONSENT_SOURCES), noticeVersion: z.string() });
export type ConsentChoice = z.infer<typeof ChoiceSchema>;

/** One version of a user's consent: the change it records and the explicit choices after it. */
export const ConsentVersionSchema = z.object({
  version: z.number().int().min(1),
  changeId: z.string(),
  changedAt: z.iso.datetime(),
  /** Who recorded it: the access token's subject (a client application or a support tool). */
  by: z.string(),
  source: z.enum(CONSENT_SOURCES),
  noticeVersion: z.string(),
  /** What this change set. */
  changed: z.partialRecord(z.enum(CONSENT_PURPOSES), decision),
  /** Every explicit choice after the change; a purpose absent here follows the regime. */
  choices: z.partialRecord(z.enum(CONSENT_PURPOSES), ChoiceSchema),
});
export type ConsentVersion = z.infer<typeof ConsentVersionSchema>;

/** The regime's answer for a purpose the user never chose. */
export const defaultDecision = (regime: ConsentRegime): ConsentDecision => (regime === 'opt-in' ? 'refused' : 'granted');

export interface EffectivePurpose {
  status: ConsentDecision;
  /** `explicit`: the user chose; `default`: the deployment's regime decided. */
  basis: 'explicit' | 'default';
  at?: string;
  source?: ConsentSource;
  noticeVersion?: string;
}

export function effectivePurpose(current: ConsentVersion | undefined, purpose: ConsentPurpose, regime: ConsentRegime): EffectivePurpose {
  const choice = current?.choices[purpose];
  if (!choice) return { status: defaultDecision(regime), basis: 'default' };
  return { status: choice.decision, basis: 'explicit', at: choice.at, source: choice.source, noticeVersion: choice.noticeVersion };
}

export const isAllowed = (current: ConsentVersion | undefined, purpose: ConsentPurpose, regime: ConsentRegime): boolean =>
  effectivePurpose(current, purpose, regime).status === 'granted';

export interface Transition {
  purpose: ConsentPurpose;
  /** The effective status before and after (a default counts as its regime's answer). */
  from: ConsentDecision;
  to: ConsentDecision;
  basisBefore: 'explicit' | 'default';
}

export interface AppliedChange {
  next: ConsentVersion;
  /** Every purpose the request named, with its effective status before and after. */
  transitions: Transition[];
  /** True when some purpose's effective status changed (a reaffirmation changes none). */
  effectiveChange: boolean;
}

/**
 * The state machine: each named purpose moves to the requested decision (from unset, granted or
 * refused alike; a repeat is a reaffirmation, recorded with its new time and notice version); the
 * other purposes keep their choice. Versions count up by one. Times never run backwards, even if the
 * clock of the function recording the change lags the one that recorded the previous version.
 */
export function applyConsentChange(
  current: ConsentVersion | undefined,
  request: ConsentRequest,
  meta: { changeId: string; at: Date; by: string },
  regime: ConsentRegime,
): AppliedChange {
  const at = new Date(Math.max(meta.at.getTime(), current ? Date.parse(current.changedAt) : 0)).toISOString();
  const choices: ConsentVersion['choices'] = { ...current?.choices };
  const changed: ConsentVersion['changed'] = {};
  const transitions: Transition[] = [];
  for (const purpose of CONSENT_PURPOSES) {
    const wanted = request.purposes[purpose];
    if (wanted === undefined) continue;
    const before = effectivePurpose(current, purpose, regime);
    choices[purpose] = { decision: wanted, at, source: request.source, noticeVersion: request.noticeVersion };
    changed[purpose] = wanted;
    transitions.push({ purpose, from: before.status, to: wanted, basisBefore: before.basis });
  }
  const next: ConsentVersion = {
    version: (current?.version ?? 0) + 1,
    changeId: meta.changeId,
    changedAt: at,
    by: meta.by,
    source: request.source,
    noticeVersion: request.noticeVersion,
    changed,
    choices,
  };
  return { next, transitions, effectiveChange: transitions.some((transition) => transition.from !== transition.to) };
}

/** The change as the stream carries it to the feature updater: every purpose resolved under the regime. */
export function toStreamChange(state: ConsentVersion, regime: ConsentRegime): ConsentChange {
  return {
    changeId: state.changeId,
    version: state.version,
    changedAt: state.changedAt,
    purposes: {
      profiling: effectivePurpose(state, 'profiling', regime).status,
      'personalised-marketing': effectivePurpose(state, 'personalised-marketing', regime).status,
    },
  };
}

/** GET /v1/consents/{userId}: the effective state and the recorded history, newest first. */
export function consentView(uid: string, history: readonly ConsentVersion[], regime: ConsentRegime) {
  const current = history[0];
  return {
    userId: uid,
    regime,
    version: current?.version ?? 0,
    updatedAt: current?.changedAt,
    purposes: {
      profiling: effectivePurpose(current, 'profiling', regime),
      'personalised-marketing': effectivePurpose(current, 'personalised-marketing', regime),
    },
    history: history.map(({ version, changeId, changedAt, by, source, noticeVersion, changed }) => ({ version, changeId, changedAt, by, source, noticeVersion, changed })),
  };
}
export type ConsentView = ReturnType<typeof consentView>;
