import {
  ConsentRequestSchema,
  applyConsentChange,
  consentView,
  effectivePurpose,
  isAllowed,
  toStreamChange,
  type ConsentDecision,
  type ConsentRegime,
  type ConsentVersion,
} from '../../shared/consent/model';

const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const meta = (n: number, at = T0 + n * 60_000) => ({ changeId: `change-${n}`, at: new Date(at), by: 'client-app' });

/** The ledger after applying `steps` (each: the decision for profiling) in order. */
function ledger(steps: readonly ConsentDecision[], regime: ConsentRegime): ConsentVersion | undefined {
  let current: ConsentVersion | undefined;
  steps.forEach((decision, index) => {
    current = applyConsentChange(current, { purposes: { profiling: decision }, source: 'app', noticeVersion: 'v1' }, meta(index + 1), regime).next;
  });
  return current;
}

describe('consent state machine', () => {
  it.each<[string, ConsentRegime, ConsentDecision[], ConsentDecision, { from: ConsentDecision; to: ConsentDecision; basisBefore: 'explicit' | 'default'; effectiveChange: boolean }]>([
    ['opt-out, never chosen → refused', 'opt-out', [], 'refused', { from: 'granted', to: 'refused', basisBefore: 'default', effectiveChange: true }],
    ['opt-out, never chosen → granted (confirms the default)', 'opt-out', [], 'granted', { from: 'granted', to: 'granted', basisBefore: 'default', effectiveChange: false }],
    ['opt-in, never chosen → granted', 'opt-in', [], 'granted', { from: 'refused', to: 'granted', basisBefore: 'default', effectiveChange: true }],
    ['opt-in, never chosen → refused (confirms the default)', 'opt-in', [], 'refused', { from: 'refused', to: 'refused', basisBefore: 'default', effectiveChange: false }],
    ['granted → refused (withdrawal)', 'opt-in', ['granted'], 'refused', { from: 'granted', to: 'refused', basisBefore: 'explicit', effectiveChange: true }],
    ['refused → granted', 'opt-out', ['refused'], 'granted', { from: 'refused', to: 'granted', basisBefore: 'explicit', effectiveChange: true }],
    ['granted → granted (reaffirmed)', 'opt-out', ['granted'], 'granted', { from: 'granted', to: 'granted', basisBefore: 'explicit', effectiveChange: false }],
    ['refused → refused (reaffirmed)', 'opt-in', ['granted', 'refused'], 'refused', { from: 'refused', to: 'refused', basisBefore: 'explicit', effectiveChange: false }],
  ])('%s (%s)', (_name, regime, before, wanted, expected) => {
    // Prepare
    const current = ledger(before, regime);
    // Act
    const { next, transitions, effectiveChange } = applyConsentChange(current, { purposes: { profiling: wanted }, source: 'web', noticeVersion: 'v2' }, meta(10), regime);
    // Assess
    expect(transitions).toEqual([{ purpose: 'profiling', from: expected.from, to: expected.to, basisBefore: expected.basisBefore }]);
    expect(effectiveChange).toBe(expected.effectiveChange);
    expect(next.version).toBe(before.length + 1);
    expect(next.choices.profiling).toEqual({ decision: wanted, at: new Date(T0 + 10 * 60_000).toISOString(), source: 'web', noticeVersion: 'v2' });
    expect(isAllowed(next, 'profiling', regime)).toBe(wanted === 'granted');
  });

  it.each<[ConsentRegime, ConsentDecision]>([
    ['opt-in', 'refused'],
    ['opt-out', 'granted'],
  ])('a purpose never chosen follows the %s regime (%s)', (regime, status) => {
    const current = ledger(['refused'], regime);
    expect(effectivePurpose(undefined, 'personalised-marketing', regime)).toEqual({ status, basis: 'default' });
    expect(effectivePurpose(current, 'personalised-marketing', regime)).toEqual({ status, basis: 'default' });
    expect(toStreamChange(current!, regime).purposes).toEqual({ profiling: 'refused', 'personalised-marketing': status });
  });

  it('changes only the purposes named and keeps the others’ earlier choice with its own time and notice', () => {
    // Prepare
    const first = applyConsentChange(undefined, { purposes: { profiling: 'granted', 'personalised-marketing': 'granted' }, source: 'app', noticeVersion: 'v1' }, meta(1), 'opt-in').next;
    // Act
    const second = applyConsentChange(first, { purposes: { 'personalised-marketing': 'refused' }, source: 'support', noticeVersion: 'v2' }, meta(2), 'opt-in').next;
    // Assess
    expect(second.changed).toEqual({ 'personalised-marketing': 'refused' });
    expect(second.choices.profiling).toEqual(first.choices.profiling);
    expect(second.choices['personalised-marketing']).toMatchObject({ decision: 'refused', source: 'support', noticeVersion: 'v2' });
    expect(first.choices['personalised-marketing']?.decision).toBe('granted');
  });

  it('never dates a version before the previous one, even when the recording clock lags', () => {
    const first = applyConsentChange(undefined, { purposes: { profiling: 'granted' }, source: 'app', noticeVersion: 'v1' }, meta(1, T0 + 60_000), 'opt-out').next;
    const second = applyConsentChange(first, { purposes: { profiling: 'refused' }, source: 'app', noticeVersion: 'v1' }, meta(2, T0), 'opt-out').next;
    expect(second.changedAt).toBe(first.changedAt);
    expect(second.version).toBe(2);
  });

  it('shows the effective state and the history newest first, without the per-purpose choice copies', () => {
    const v1 = applyConsentChange(undefined, { purposes: { profiling: 'refused' }, source: 'web', noticeVersion: 'v1' }, meta(1), 'opt-out').next;
    const v2 = applyConsentChange(v1, { purposes: { profiling: 'granted' }, source: 'app', noticeVersion: 'v2' }, meta(2), 'opt-out').next;
    const view = consentView('pseudonym', [v2, v1], 'opt-out');
    expect(view).toMatchObject({ version: 2, regime: 'opt-out', purposes: { profiling: { status: 'granted', basis: 'explicit', source: 'app', noticeVersion: 'v2' }, 'personalised-marketing': { status: 'granted', basis: 'default' } } });
    expect(view.history.map((entry) => [entry.version, entry.changed, entry.by])).toEqual([
      [2, { profiling: 'granted' }, 'client-app'],
      [1, { profiling: 'refused' }, 'client-app'],
    ]);
    expect(consentView('pseudonym', [], 'opt-in')).toMatchObject({ version: 0, purposes: { profiling: { status: 'refused', basis: 'default' } }, history: [] });
  });

  it.each([
    ['no purpose', { purposes: {}, source: 'app', noticeVersion: 'v1' }, 'purposes'],
    ['an unknown purpose', { purposes: { profiling: 'granted', tracking: 'granted' }, source: 'app', noticeVersion: 'v1' }, 'purposes'],
    ['a decision other than granted/refused', { purposes: { profiling: 'yes' }, source: 'app', noticeVersion: 'v1' }, 'purposes.profiling'],
    ['an unknown source', { purposes: { profiling: 'granted' }, source: 'email', noticeVersion: 'v1' }, 'source'],
    ['no notice version', { purposes: { profiling: 'granted' }, source: 'app' }, 'noticeVersion'],
    ['a notice version with spaces', { purposes: { profiling: 'granted' }, source: 'app', noticeVersion: 'notice one' }, 'noticeVersion'],
    ['an unexpected field', { purposes: { profiling: 'granted' }, source: 'app', noticeVersion: 'v1', userId: 'alice' }, '(root)'],
    ['a __proto__ purpose', JSON.parse('{"purposes":{"__proto__":{"x":1}},"source":"app","noticeVersion":"v1"}') as unknown, 'purposes'],
  ])('rejects a request with %s', (_name, body, path) => {
    const result = ConsentRequestSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.') || '(root)')).toContain(path);
  });
});
