import { checkText } from '../../shared/compliance';
import { OfflineCopyModel } from '../../shared/copy/offline-model';
import { CopyJobRequestSchema, type IterationState, type Outcome } from '../../shared/copy/schema';
import { preflightJob } from '../../shared/copy/jobs';
import { checkStep, generateStep, jobIdOfVariant, nextCopyRequest, planVariants, toVariantRecord, variantIdOf } from '../../shared/copy/workflow';
import { JOB_ID, iteration, spec, thermosZh } from './fixtures';

const now = () => new Date('2026-11-27T10:00:00.000Z');
const model = new OfflineCopyModel();

/** The iteration as the state machine runs it: Generate → Check → Choice, until accepted or out of attempts. */
async function runIteration(state: IterationState): Promise<IterationState & { outcome: Outcome }> {
  for (;;) {
    state = checkStep(await generateStep(state, model, now), now);
    if (state.verdict === 'pass') return { ...state, outcome: 'accepted' };
    if (state.attempt >= state.job.maxAttempts) return { ...state, outcome: 'pending-review' };
  }
}

describe('planning a job', () => {
  it('makes one item per audience × locale × variant, with readable ids that name their job', () => {
    const items = planVariants(JOB_ID, spec({ locales: ['zh-CN', 'en'] }));
    expect(items).toHaveLength(8);
    expect(items[0]).toEqual({ variantId: `${JOB_ID}.runners.zh-CN.1`, audienceId: 'runners', locale: 'zh-CN', variantIndex: 0 });
    expect(new Set(items.map((item) => item.variantId)).size).toBe(8);
    expect(items.map((item) => jobIdOfVariant(item.variantId))).toEqual(Array(8).fill(JOB_ID));
    expect(jobIdOfVariant('not-a-variant')).toBeUndefined();
    expect(jobIdOfVariant(variantIdOf('x', 'a', 'en', 0))).toBeUndefined();
  });
});

describe('one variant through generate → check → choice', () => {
  it('accepts a clean first attempt', async () => {
    const done = await runIteration(iteration(spec(), 0));
    expect(done).toMatchObject({ outcome: 'accepted', attempt: 1, verdict: 'pass' });
    expect(done.attempts[0]).toMatchObject({ attempt: 1, verdict: 'pass', findings: [], modelId: 'offline-template-v1', rulePackVersion: expect.stringMatching(/^zh-CN\/general@/) });
  });

  it('regenerates a violating attempt with the findings as feedback, then accepts', async () => {
    const state = iteration(spec(), 1);
    const first = checkStep(await generateStep(state, model, now), now);
    expect(first.verdict).toBe('fail');
    const request = nextCopyRequest(first);
    expect(request.feedback).toMatchObject({ attempt: 1, previousText: first.attempts[0]!.text, findings: [expect.objectContaining({ ruleId: 'absolute.superlative', match: '最好' })] });
    expect(request.feedback!.instructions).toMatch(/^请改写文案/);
    expect(request.seed).toBe(`${JOB_ID}|runners|zh-CN|1|2`);

    const done = await runIteration(state);
    expect(done.outcome).toBe('accepted');
    expect(done.attempts.map((attempt) => attempt.verdict)).toEqual(['fail', 'pass']);
    expect(done.attempts[0]!.promptHash).not.toBe(done.attempts[1]!.promptHash);
  });

  it('sends a variant to human review once its attempts are exhausted', async () => {
    const job = spec({ product: { ...thermosZh, sellingPoints: ['全网销量第一'] }, maxAttempts: 2 });
    const done = await runIteration(iteration(job, 0));
    expect(done).toMatchObject({ outcome: 'pending-review', attempt: 2 });
    expect(done.attempts.every((attempt) => attempt.verdict === 'fail')).toBe(true);
  });

  it("checks generated copy as the advertiser's words: a first-person superlative still fails", () => {
    const drafted: IterationState = { ...iteration(), attempt: 1, draft: { text: '我觉得这是最好用的保温杯。', modelId: 'm', promptHash: 'a'.repeat(64), blocked: false, generatedAt: now().toISOString() } };
    // The same sentence in a consumer's review is the reviewer's opinion; in a variant it is an ad claim.
    expect(checkText({ text: '我觉得这是最好用的保温杯。', locale: 'zh-CN', voice: 'consumer' }).verdict).toBe('pass');
    const checked = checkStep(drafted, now);
    expect(checked.verdict).toBe('fail');
    expect(checked.attempts[0]!.findings).toEqual([expect.objectContaining({ ruleId: 'absolute.superlative', match: '最好用' })]);
  });

  it('records an unusable model answer as a blocking finding instead of checking it', () => {
    const drafted: IterationState = { ...iteration(), attempt: 1, draft: { text: 'Sorry.', modelId: 'm', promptHash: 'a'.repeat(64), blocked: true, generatedAt: now().toISOString() } };
    const checked = checkStep(drafted, now);
    expect(checked.verdict).toBe('fail');
    expect(checked.attempts[0]!.findings[0]).toMatchObject({ ruleId: 'model.guardrail-blocked', severity: 'block' });
  });

  it('applies the brand constraints of the variant locale', () => {
    const job = spec({ locales: ['zh-CN', 'en'], brand: { requiredDisclaimer: { 'zh-CN': '理性消费', en: 'Terms apply.' }, forbiddenTerms: ['Acme'], maxLength: 60 } });
    const en = iteration(job, 2);
    expect(en.item.locale).toBe('en');
    expect(nextCopyRequest(en).constraints).toEqual({ maxLength: 60, requiredDisclaimer: 'Terms apply.', forbiddenTerms: ['Acme'] });
    expect(nextCopyRequest(iteration(job, 0)).constraints.requiredDisclaimer).toBe('理性消费');
    // Without a brand limit, the rule pack's channel limit applies.
    expect(nextCopyRequest(iteration(spec({ channel: 'push' }))).constraints.maxLength).toBe(50);
  });

  describe("the brand's allowed claims", () => {
    const evidence = '配方专利 ZL202010001234.5，仅本品牌使用';
    const drafted = (job = spec()): IterationState => ({
      ...iteration(job),
      attempt: 1,
      draft: { text: '独家配方保温杯，长效保温一整天。', modelId: 'm', promptHash: 'a'.repeat(64), generatedAt: now().toISOString() },
    });

    it('leaves a platform-tier term for a reviewer when the brand has not proved it', () => {
      const checked = checkStep(drafted(), now);
      expect(checked.verdict).toBe('warn');
      expect(checked.attempts[0]!.findings).toEqual([expect.objectContaining({ ruleId: 'platform.tier', match: '独家配方', severity: 'warn' })]);
      expect(checked.attempts[0]!.waived).toBeUndefined();
    });

    it('allows the term the brand proved, and records the evidence on the attempt and the stored variant', () => {
      const checked = checkStep(drafted(spec({ brand: { allowedClaims: [{ term: '独家配方', evidence }] } })), now);
      expect(checked.verdict).toBe('pass');
      expect(checked.attempts[0]!.findings).toEqual([]);
      expect(checked.attempts[0]!.waived).toEqual([{ ruleId: 'platform.tier', start: 0, end: 4, match: '独家配方', evidence }]);
      const record = toVariantRecord({ ...checked, outcome: 'accepted' }, now);
      expect(record.attempts[0]!.waived).toEqual(checked.attempts[0]!.waived);
    });

    it('never waives a banned claim, whatever evidence the brand gives', () => {
      const job = spec({ brand: { allowedClaims: [{ term: '全网销量第一', evidence: '第三方榜单截图' }] } });
      const checked = checkStep({ ...drafted(job), draft: { ...drafted(job).draft!, text: '全网销量第一的保温杯。' } }, now);
      expect(checked.verdict).toBe('fail');
      expect(checked.attempts[0]!.findings).toContainEqual(expect.objectContaining({ match: '销量第一', severity: 'block' }));
      expect(checked.attempts[0]!.waived).toBeUndefined();
    });

    it('keeps a proved selling point out of the brief pre-flight', () => {
      const brief = spec({ product: { ...thermosZh, sellingPoints: ['独家配方'] } });
      expect(preflightJob(brief).items).toEqual([expect.objectContaining({ field: 'product.sellingPoints[0]', verdict: 'warn' })]);
      expect(preflightJob({ ...brief, brand: { allowedClaims: [{ term: '独家配方', evidence }] } })).toEqual({ verdict: 'pass', items: [] });
    });

    it('refuses an allowed claim without evidence in the job request', () => {
      const body = { ...spec(), brand: { allowedClaims: [{ term: '独家配方', evidence: ' ' }] } };
      expect(CopyJobRequestSchema.safeParse(body).success).toBe(false);
    });
  });

  it('stages the variant with the final attempt as its text and every attempt as its audit trail', async () => {
    const done = await runIteration(iteration(spec(), 1));
    const record = toVariantRecord(done, now);
    expect(record).toMatchObject({ status: 'draft', outcome: 'accepted', text: done.attempts[1]!.text, promptHash: done.attempts[1]!.promptHash, modelId: 'offline-template-v1', verdict: 'pass' });
    expect(record.attempts).toHaveLength(2);
    expect(checkText({ text: record.text, locale: 'zh-CN' }).verdict).toBe('pass');
  });
});

describe('the job request', () => {
  const valid = { product: thermosZh, audiences: [{ id: 'runners', description: '跑者', tone: 'playful' }], locale: 'zh-CN', channel: 'feed' };

  it('fills defaults and turns a single locale into locales', () => {
    const parsed = CopyJobRequestSchema.parse(valid);
    expect(parsed.spec).toMatchObject({ locales: ['zh-CN'], variantsPerAudience: 2, maxAttempts: 3, industry: 'general' });
    expect(parsed.clientToken).toBeUndefined();
  });

  it.each([
    ['no locale', { ...valid, locale: undefined }, 'locales', /either "locale" or "locales"/],
    ['locale and locales', { ...valid, locales: ['en'] }, 'locales', /either "locale" or "locales"/],
    ['no audience', { ...valid, audiences: [] }, 'audiences', /at least|>=1|too small/i],
    ['a bad audience id', { ...valid, audiences: [{ id: 'Runners!', description: 'x', tone: 'playful' }] }, 'audiences.0.id', /lowercase letters/],
    ['an unknown tone', { ...valid, audiences: [{ id: 'a', description: 'x', tone: 'shouty' }] }, 'audiences.0.tone', /playful/],
    ['too many attempts', { ...valid, maxAttempts: 9 }, 'maxAttempts', /5/],
    ['an unknown channel', { ...valid, channel: 'billboard' }, 'channel', /feed/],
    ['no selling point', { ...valid, product: { ...thermosZh, sellingPoints: [] } }, 'product.sellingPoints', /.+/],
    ['an unknown field', { ...valid, surprise: true }, '(root)', /surprise/],
    ['too many variants', { ...valid, audiences: Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, description: 'x', tone: 'warm' })), variantsPerAudience: 5, locale: undefined, locales: ['zh-CN', 'en'] }, 'variantsPerAudience', /at most 60 variants/],
  ])('rejects %s with a clear message', (_label, body, path, message) => {
    const result = CopyJobRequestSchema.safeParse(body);
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((candidate) => (candidate.path.join('.') || '(root)') === path);
    expect(issue?.message).toMatch(message);
  });
});
