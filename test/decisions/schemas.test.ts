import {
  DecisionLogRecordSchema,
  ExperimentIdSchema,
  DecisionRequestSchema,
  ExperimentConfigSchema,
  OutcomeSchema,
  experimentConfigProblems,
  newExperiment,
  revisedExperiment,
  featuresOf,
  testPlan,
  withAddedArms,
} from '../../shared/decisions';

const arms = (n: number) => Array.from({ length: n }, (_, i) => ({ armId: `arm-${i}` }));

describe('experiment config: shape (400)', () => {
  it.each([
    ['one arm', { arms: arms(1) }, 'arms'],
    ['51 arms', { arms: arms(51) }, 'arms'],
    ['an arm id with a space', { arms: [{ armId: 'a b' }, { armId: 'c' }] }, 'arms.0.armId'],
    ['__proto__ as an arm id', { arms: [{ armId: '__proto__' }, { armId: 'c' }] }, 'arms.0.armId'],
    ['holdout above one half', { arms: arms(2), holdoutFraction: 0.6 }, 'holdoutFraction'],
    ['a reward window of 10 s', { arms: arms(2), rewardWindowSeconds: 10 }, 'rewardWindowSeconds'],
    ['an unknown policy', { arms: arms(2), policy: 'greedy' }, 'policy.type'],
    ['an unbounded objective weight', { arms: arms(2), objective: { type: 'weighted', weights: [{ event: 'purchase', weight: 1e9 }] } }, 'objective'],
    ['a payload over 4 KiB', { arms: [{ armId: 'a', payload: 'x'.repeat(5000) }, { armId: 'b' }] }, 'arms.0.payload'],
    // 1,400 ideographs are 4,202 bytes of JSON: the limit counts UTF-8 bytes, not characters.
    ['a payload of 1,400 ideographs (over 4 KiB in UTF-8)', { arms: [{ armId: 'a', payload: '文'.repeat(1400) }, { armId: 'b' }] }, 'arms.0.payload'],
    ['a typo field', { arms: arms(2), holdout: 0.1 }, ''],
    ['a name with a terminal escape', { arms: arms(2), name: 'spring\u001b[31m' }, 'name'],
    ['a name with a line break', { arms: arms(2), name: 'spring\nbanner' }, 'name'],
  ])('refuses %s', (_name, body, path) => {
    const result = ExperimentConfigSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).some((p) => p.startsWith(path))).toBe(true);
  });

  it('accepts a payload of exactly 4 KiB of UTF-8 JSON, ideographs and emoji counted by their bytes', () => {
    // "…" is 2 bytes of quotes; 998 ideographs (3 bytes each) and 275 emoji (4 bytes each, two UTF-16 units) make 4,094.
    const payload = '文'.repeat(998) + '🏃'.repeat(275);
    expect(new TextEncoder().encode(JSON.stringify(payload)).byteLength).toBe(4096);
    expect(ExperimentConfigSchema.safeParse({ arms: [{ armId: 'a', payload }, { armId: 'b' }] }).success).toBe(true);
    expect(ExperimentConfigSchema.safeParse({ arms: [{ armId: 'a', payload: `${payload}x` }, { armId: 'b' }] }).success).toBe(false);
  });

  it('fills the documented defaults and accepts a policy by name', () => {
    const config = ExperimentConfigSchema.parse({ arms: arms(2), policy: 'ab' });
    expect(config).toMatchObject({ objective: 'click', policy: { type: 'ab' }, holdoutFraction: 0, rewardWindowSeconds: 3600, minExplorationProbability: 0.01, status: 'running' });
  });
});

describe('an arm payload nested deeper than storage can hold', () => {
  const nestedArrays = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));
  const nestedObjects = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
  const withPayload = (payload: unknown) => ExperimentConfigSchema.safeParse({ arms: [{ armId: 'a', payload }, { armId: 'b' }] });

  it('takes 16 levels', () => {
    expect(withPayload(nestedObjects(15)).success).toBe(true);
    expect(withPayload(nestedArrays(16)).success).toBe(true);
  });

  // DynamoDB refuses an item nested more than 32 levels (the payload sits 4 levels down in the experiment item): a 500 at the write.
  it.each([17, 40, 5_000, 200_000])('refuses %i levels with a 400 naming the limit, never a stack overflow', (depth) => {
    for (const payload of [nestedArrays(depth), nestedObjects(depth)]) {
      const result = withPayload(payload);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['arms', 0, 'payload'], message: expect.stringMatching(/at most 16 levels/) })]);
    }
  });
});

describe("an arm's copyVariantId", () => {
  const JOB = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const withVariant = (copyVariantId: unknown) => ExperimentConfigSchema.safeParse({ arms: [{ armId: 'a', copyVariantId }, { armId: 'b' }] });

  it.each([
    ['free text', 'v1'],
    ['a job id alone', JOB],
    ['a variant number 0', `${JOB}.runners.en.0`],
    ['an audience with capitals', `${JOB}.Runners.en.1`],
    ['a fifth part', `${JOB}.runners.en.1.x`],
    ['a right-to-left override inside', `${JOB}.runners.en\u202e.1`],
    ['a number', 7],
  ])('refuses %s with the pattern as the reason (400)', (_name, id) => {
    const result = withVariant(id);
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join('.') === 'arms.0.copyVariantId');
    expect(issue?.message).toMatch(/copyVariantId must be (a string|a copy variant id, <jobId>\.<audienceId>\.<locale>\.<n>)/);
  });

  it('takes the id the copy API gives, with the job UUID and the locale in one canonical case', () => {
    const result = withVariant(`${JOB.toUpperCase()}.runners.zh-CN.2`);
    expect(result.success && result.data.arms[0]?.copyVariantId).toBe(`${JOB}.runners.zh-CN.2`);
    const lower = withVariant(`${JOB}.runners.zh-cn.2`);
    expect(lower.success && lower.data.arms[0]?.copyVariantId).toBe(`${JOB}.runners.zh-CN.2`);
    expect(withVariant(`${JOB}.runners.EN.1`).data?.arms[0]?.copyVariantId).toBe(`${JOB}.runners.en.1`);
  });

  it('refuses a locale no copy job writes in', () => {
    expect(withVariant(`${JOB}.runners.fr.1`).success).toBe(false);
  });

  it('finds one variant served by two arms even when the job id is written in two cases (422)', () => {
    const config = ExperimentConfigSchema.parse({ arms: [{ armId: 'a', copyVariantId: `${JOB}.r.en.1` }, { armId: 'b', copyVariantId: `${JOB.toUpperCase()}.r.en.1` }] });
    expect(experimentConfigProblems(config).map((p) => p.path)).toEqual(['arms.1.copyVariantId']);
  });
});

describe('experiment config: settings that cannot work together (422)', () => {
  const base = ExperimentConfigSchema.parse({ arms: arms(3), policy: 'bandit' });
  it.each([
    ['a floor the arms cannot all get', { minExplorationProbability: 0.4 }, 'minExplorationProbability'],
    ['a control arm that is not an arm', { controlArmId: 'nope' }, 'controlArmId'],
    ['a repeated arm id', { arms: [{ armId: 'a' }, { armId: 'a' }] }, 'arms.1.armId'],
    ['a split missing an arm', { policy: { type: 'ab' as const, split: [{ armId: 'arm-0', weight: 1 }, { armId: 'arm-1', weight: 1 }] } }, 'policy.split'],
    ['a split naming a stranger', { policy: { type: 'ab' as const, split: [{ armId: 'arm-0', weight: 1 }, { armId: 'arm-1', weight: 1 }, { armId: 'x', weight: 1 }] } }, 'policy.split.2.armId'],
    ['a split of zeros', { policy: { type: 'ab' as const, split: arms(3).map((a) => ({ armId: a.armId, weight: 0 })) } }, 'policy.split'],
    ['an event weighted twice', { objective: { type: 'weighted' as const, weights: [{ event: 'ad_click', weight: 1 }, { event: 'ad_click', weight: 2 }] } }, 'objective.weights.1.event'],
  ])('names %s', (_name, change, path) => {
    const problems = experimentConfigProblems({ ...base, ...change });
    expect(problems.map((p) => p.path)).toContain(path);
  });

  it('accepts a floor of exactly 1/arms and a complete split', () => {
    expect(experimentConfigProblems({ ...base, minExplorationProbability: 1 / 3 })).toEqual([]);
    expect(experimentConfigProblems({ ...base, policy: { type: 'ab', split: arms(3).map((a, i) => ({ armId: a.armId, weight: i + 1 })) } })).toEqual([]);
  });
});

describe('experiment lifecycle', () => {
  const now = '2026-01-01T00:00:00.000Z';
  const later = '2026-01-02T00:00:00.000Z';
  const created = newExperiment('exp-1', ExperimentConfigSchema.parse({ arms: arms(2) }), now);

  it('versions every change and keeps the creation time', () => {
    const revised = revisedExperiment(created, ExperimentConfigSchema.parse({ arms: arms(2), status: 'paused' }), later);
    expect(revised).toMatchObject({ version: 2, createdAt: now, updatedAt: later, status: 'paused' });
  });

  it('adds copy arms once and keeps them through a PUT that does not name them', () => {
    const first = withAddedArms(created, [{ armId: 'copy-v1', copyVariantId: '0f8fad5b-d9cb-469f-a165-70867728950e.r.en.1' }], later);
    expect(first.added).toEqual(['copy-v1']);
    expect(first.experiment.version).toBe(2);
    const again = withAddedArms(first.experiment, [{ armId: 'copy-v1', copyVariantId: '0f8fad5b-d9cb-469f-a165-70867728950e.r.en.1' }], later);
    expect(again.added).toEqual([]);
    expect(again.experiment.version).toBe(2);
    const revised = revisedExperiment(first.experiment, ExperimentConfigSchema.parse({ arms: arms(2) }), later);
    expect(revised.arms.map((a) => a.armId)).toEqual(['arm-0', 'arm-1', 'copy-v1']);
  });

  it('reports the floor problem when copy arms push the total over 1', () => {
    const tight = newExperiment('e', ExperimentConfigSchema.parse({ arms: arms(2), minExplorationProbability: 0.5 }), now);
    expect(withAddedArms(tight, [{ armId: 'new' }], later).problems.map((p) => p.path)).toContain('minExplorationProbability');
  });
});

describe('test plan', () => {
  it('matches the textbook two-proportion sample size (3% → 3.3%: about 53,000 per arm)', () => {
    const plan = testPlan({ baselineRate: 0.03, minimumDetectableEffect: 0.1, dailyTraffic: 10_000 }, 2);
    expect(plan.sampleSizePerArm).toBeGreaterThan(52_000);
    expect(plan.sampleSizePerArm).toBeLessThan(54_500);
    expect(plan.expectedDays).toBeCloseTo((2 * plan.sampleSizePerArm) / 10_000, 1);
    expect(plan.alwaysValidSampleSizePerArm).toBeGreaterThan(plan.sampleSizePerArm);
  });

  it('takes longer with more arms, a holdout or a smaller effect', () => {
    const base = testPlan({ baselineRate: 0.05, minimumDetectableEffect: 0.2, dailyTraffic: 5000 }, 2);
    expect(testPlan({ baselineRate: 0.05, minimumDetectableEffect: 0.2, dailyTraffic: 5000 }, 4).expectedDays).toBeGreaterThan(base.expectedDays);
    expect(testPlan({ baselineRate: 0.05, minimumDetectableEffect: 0.2, dailyTraffic: 5000 }, 2, 0.2).expectedDays).toBeGreaterThan(base.expectedDays);
    expect(testPlan({ baselineRate: 0.05, minimumDetectableEffect: 0.1, dailyTraffic: 5000 }, 2).sampleSizePerArm).toBeGreaterThan(base.sampleSizePerArm);
  });
});

describe('requests, outcomes and the log', () => {
  it.each([
    [{ experimentId: 'e', userId: 'u', context: { page: 'home', hour: 9, logged_in: true } }, true],
    [{ experimentId: 'e', userId: 'u', context: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 1])) }, false],
    [{ experimentId: 'e', userId: 'u', context: { page: 'x'.repeat(65) } }, false],
    [{ experimentId: 'e', userId: 'u', context: { Page: 'home' } }, false],
    [{ experimentId: 'e', userId: 'u', context: { n: 1e300 } }, false],
    [{ experimentId: 'e', userId: '' }, false],
  ])('decision request %j → valid %s', (body, valid) => {
    expect(DecisionRequestSchema.safeParse(body).success).toBe(valid);
  });

  it.each([
    [{ outcomeId: 'o-1', event: 'purchase', value: 25.5 }, true],
    [{ outcomeId: 'o-1', event: 'Purchase' }, false],
    [{ outcomeId: 'o-1', event: 'purchase', value: Infinity }, false],
    [{ event: 'purchase' }, false],
  ])('outcome %j → valid %s', (body, valid) => {
    expect(OutcomeSchema.safeParse(body).success).toBe(valid);
  });

  it('takes the user id in the one canonical form of every other edge, so a decision reads the consent and profile of the user the id names', () => {
    // NFD "café" with spaces is the NFC id the consents and events edges store under.
    expect(DecisionRequestSchema.parse({ experimentId: 'e', userId: ' cafe\u0301 ' }).userId).toBe('caf\u00e9');
    expect(DecisionRequestSchema.safeParse({ experimentId: 'e', userId: 'a\ud800' }).success).toBe(false);
    expect(DecisionRequestSchema.safeParse({ experimentId: 'e', userId: 'a\u0000b' }).success).toBe(false);
    // Ids the events edge accepts are accepted here too: the pseudonym, never the id, is a key.
    expect(DecisionRequestSchema.safeParse({ experimentId: 'e', userId: '__proto__' }).success).toBe(true);
    expect(DecisionRequestSchema.safeParse({ experimentId: 'e', userId: 'x'.repeat(256) }).success).toBe(true);
  });

  it('never drops part of an arm payload: a "__proto__" key, at any depth, is refused naming it; "constructor" is kept', () => {
    const config = (payload: string) => ({ arms: [{ armId: 'a', payload: JSON.parse(payload) as unknown }, { armId: 'b' }] });
    const refused = ExperimentConfigSchema.safeParse(config('{"offer":{"__proto__":{"polluted":true},"code":"X1"}}'));
    expect(refused.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['arms.0.payload.offer.__proto__', expect.stringMatching(/__proto__/)]]);
    const kept = ExperimentConfigSchema.parse(config('{"constructor":{"prototype":1},"toString":"x"}'));
    expect(kept.arms[0]!.payload).toEqual({ constructor: { prototype: 1 }, toString: 'x' });
  });

  it('refuses a context hour or device the features could only ignore or mislabel, naming the field', () => {
    const paths = (context: Record<string, unknown>): string[] =>
      DecisionRequestSchema.safeParse({ experimentId: 'e', userId: 'u', context }).error?.issues.map((issue) => issue.path.join('.')) ?? [];
    // `hour` overrides the profile's peak hour only when it is a local hour; 25 or 9.5 fell back to the profile silently.
    for (const hour of [25, -1, 9.5, '9', true]) expect(paths({ hour })).toEqual(['context.hour']);
    expect(paths({ hour: 0 })).toEqual([]);
    expect(paths({ hour: 23 })).toEqual([]);
    // `device` is compared with the profile's device mix, which only holds the events' device types.
    for (const device of ['Mobile', 'phone', 3]) expect(paths({ device })).toEqual(['context.device']);
    expect(paths({ device: 'tablet' })).toEqual([]);
  });

  it('gives context strings one canonical form, so one page is one feature whatever the encoding, and refuses what is not text', () => {
    const context = (value: string) => DecisionRequestSchema.parse({ experimentId: 'e', userId: 'u', context: { page: value } }).context?.page;
    expect(context(' cafe\u0301 ')).toBe('caf\u00e9');
    const features = (page: string) => featuresOf(undefined, DecisionRequestSchema.parse({ experimentId: 'e', userId: 'u', context: { page } }).context).logged;
    expect(features('cafe\u0301')).toEqual(features('caf\u00e9'));
    for (const page of ['home\ud800', 'a\u0000b', '   ']) expect(DecisionRequestSchema.safeParse({ experimentId: 'e', userId: 'u', context: { page } }).success).toBe(false);
  });

  it.each([
    ['a denormal context number', DecisionRequestSchema, { experimentId: 'e', userId: 'u', context: { n: 5e-324 } }, 'context.n'],
    ['a denormal outcome value', OutcomeSchema, { outcomeId: 'o', event: 'purchase', value: 5e-324 }, 'value'],
    ['a denormal holdout', ExperimentConfigSchema, { arms: arms(2), holdoutFraction: 5e-324 }, 'holdoutFraction'],
    ['a tiny exploration floor', ExperimentConfigSchema, { arms: arms(2), minExplorationProbability: 1e-300 }, 'minExplorationProbability'],
    ['a denormal objective weight', ExperimentConfigSchema, { arms: arms(2), objective: { type: 'weighted', weights: [{ event: 'purchase', weight: 5e-324 }] } }, 'objective'],
    ['a tiny split weight', ExperimentConfigSchema, { arms: arms(2), policy: { type: 'ab', split: [{ armId: 'arm-0', weight: 1e-300 }, { armId: 'arm-1', weight: 1 }] } }, 'policy.split'],
    ['a denormal baseline rate', ExperimentConfigSchema, { arms: arms(2), testPlan: { baselineRate: 5e-324, minimumDetectableEffect: 0.1, dailyTraffic: 10 } }, 'testPlan.baselineRate'],
    ['a denormal number in an arm payload', ExperimentConfigSchema, { arms: [{ armId: 'a', payload: { n: 5e-324 } }, { armId: 'b' }] }, 'arms.0.payload.n'],
    ['an integer past 2^53 in an arm payload', ExperimentConfigSchema, { arms: [{ armId: 'a', payload: { ids: [1, 1e20] } }, { armId: 'b' }] }, 'arms.0.payload.ids.1'],
    ['1e200 deep in an arm payload', ExperimentConfigSchema, { arms: [{ armId: 'a', payload: [{ price: { amount: 1e200 } }] }, { armId: 'b' }] }, 'arms.0.payload.0.price.amount'],
    ['a lone surrogate in an arm payload', ExperimentConfigSchema, { arms: [{ armId: 'a', payload: { text: 'Run\ud800' } }, { armId: 'b' }] }, 'arms.0.payload.text'],
    ['a lone surrogate in the name', ExperimentConfigSchema, { arms: arms(2), name: 'spring \udc00' }, 'name'],
    ['a tiny detectable effect', ExperimentConfigSchema, { arms: arms(2), testPlan: { baselineRate: 0.03, minimumDetectableEffect: 1e-300, dailyTraffic: 10 } }, 'testPlan.minimumDetectableEffect'],
  ])('refuses %s (DynamoDB and its document client cannot store it: it was a 500 on the write)', (_name, schema, body, path) => {
    const result = schema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).some((p) => p.startsWith(path))).toBe(true);
  });

  it('logs no feature too small to store: a far older interest next to a fresh one weighs nothing', () => {
    const profile = { interests: { shortTerm: { categories: [{ key: 'shoes', score: 1 }, { key: 'tents', score: 1e-200 }] } } };
    const logged = featuresOf(profile).logged;
    expect(logged.every((feature) => feature.v === 0 || Math.abs(feature.v) >= 1e-9)).toBe(true);
    expect(DecisionLogRecordSchema.shape.features.safeParse(logged).success).toBe(true);
    expect(DecisionLogRecordSchema.shape.features.safeParse([{ i: 1, h: 1, v: 5e-324 }]).success).toBe(false);
  });

  it('refuses a log record whose propensity is 0', () => {
    const record = {
      v: 1, decisionId: 'dec-00000001', experimentId: 'e', experimentVersion: 1, uid: 'p', at: '2026-01-01T00:00:00.000Z', policy: 'bandit', modelVersion: 0,
      features: [], actions: [{ armId: 'a', p: 1 }], chosenArmId: 'a', propensity: 0, holdout: false, personalised: true, rewardDeadline: '2026-01-01T01:00:00.000Z', objective: 'click',
    };
    expect(DecisionLogRecordSchema.safeParse(record).success).toBe(false);
    expect(DecisionLogRecordSchema.safeParse({ ...record, propensity: 1 }).success).toBe(true);
  });
});

describe('experiment ids', () => {
  it.each(['.', '..'])('refuse %j: a URL path cannot carry it, so the experiment could be made but never read', (id) => {
    const result = ExperimentIdSchema.safeParse(id);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(/dots only/);
  });

  it.each(['spring.banner', 'a..b', '.hidden', 'v1.'])('accept %j', (id) => {
    expect(ExperimentIdSchema.safeParse(id).success).toBe(true);
  });
});

describe('an experiment as stored', () => {
  it('is read back even when its name or an arm variant id predates the checks the PUT now makes', async () => {
    const { ExperimentSchema } = await import('../../shared/decisions/schemas');
    const stored = { ...newExperiment('old', ExperimentConfigSchema.parse({ arms: arms(2) }), '2026-01-01T00:00:00.000Z'), name: 'old\u0007name' };
    stored.arms[0] = { ...stored.arms[0]!, copyVariantId: 'v1' };
    expect(ExperimentSchema.parse(stored)).toMatchObject({ name: 'old\u0007name', arms: [expect.objectContaining({ copyVariantId: 'v1' }), expect.anything()] });
  });
});
