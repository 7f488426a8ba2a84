import { preflightJob, submitCopyJob } from '../../shared/copy/jobs';
import { CopyJobRequestSchema, ReviewDecisionRequestSchema } from '../../shared/copy/schema';
import { FakeWorkflow, MemoryCopyStore } from './fakes';
import { spec, thermosEn, thermosZh } from './fixtures';

const now = () => new Date('2026-12-02T10:00:00.000Z');

describe('pre-flight of the brief', () => {
  it('answers 202 with the selling points that are banned claims, their rules and a compliant rewrite', async () => {
    const job = spec({ product: { ...thermosZh, sellingPoints: ['全网销量第一', '12小时保温', '招财进宝，送礼首选'] } });
    const response = await submitCopyJob({ store: new MemoryCopyStore(), workflow: new FakeWorkflow(), now }, { spec: job }, 'client-a');
    expect(response.statusCode).toBe(202);
    const { preflight } = response.body;
    expect(preflight.verdict).toBe('fail');
    expect(preflight.items.map((i) => i.field)).toEqual(['product.sellingPoints[0]', 'product.sellingPoints[2]']);
    const [first, third] = preflight.items;
    expect(first!.findings.map((f) => f.ruleId)).toContain('absolute.ranking');
    expect(first!.findings[0]!.lawRef).toMatch(/第九条/);
    expect(first!.rewrite).toBe('全网热销');
    expect(third!.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['superstition.claim', 'absolute.ranking']));
    expect(third!.rewrite).toBe('送礼优选');
  });

  it('passes a clean brief and checks each fact in its own script', () => {
    expect(preflightJob(spec())).toEqual({ verdict: 'pass', items: [] });
    const mixed = preflightJob(spec({ product: { ...thermosEn, benefits: ['Cures insomnia in days'], sellingPoints: ['Keeps drinks hot for 12 hours'] } }));
    expect(mixed.items).toEqual([expect.objectContaining({ field: 'product.benefits[0]', locale: 'en', verdict: 'fail' })]);
  });

  it('holds selling points to ad copy: the review readings of context round 3 (own time, settled verdict, venting) never apply', () => {
    const points = ['昨晚试吃过，是最好吃的包子', '这是小区门口最好吃的包子铺了', '我觉得这是最好用的保温杯'];
    const result = preflightJob(spec({ product: { ...thermosZh, sellingPoints: points } }));
    expect(result.items.map((i) => i.field)).toEqual(['product.sellingPoints[0]', 'product.sellingPoints[1]', 'product.sellingPoints[2]']);
    for (const item of result.items) expect(item.findings.map((f) => f.ruleId)).toContain('absolute.superlative');
    const swearing = preflightJob(spec({ product: { ...thermosEn, sellingPoints: ['so fucking tired of cold coffee? keeps it hot'] } }));
    expect(swearing.items[0]?.findings.map((f) => f.ruleId)).toContain('sensitive.porn');
  });

  it('gives no rewrite when deleting and replacing cannot make the fact pass', () => {
    const item = preflightJob(spec({ product: { ...thermosZh, sellingPoints: ['最'] } })).items[0];
    expect(item?.rewrite).toBeUndefined();
  });
});

describe('copy-job locales', () => {
  const body = { product: thermosEn, audiences: [{ id: 'runners', description: 'urban runners', tone: 'warm' }], channel: 'feed' };

  it('accepts BCP-47 tags and stores the rule-pack locale', () => {
    const parsed = CopyJobRequestSchema.parse({ ...body, locales: ['en-US', 'zh-Hant-TW'] });
    expect(parsed.spec.locales).toEqual(['en', 'zh-CN']);
  });

  it('refuses tags no pack serves, and two tags served by one pack', () => {
    const fr = CopyJobRequestSchema.safeParse({ ...body, locale: 'fr-FR' });
    expect(fr.error?.issues[0]?.message).toMatch(/no rule pack serves "fr-FR"/);
    const twice = CopyJobRequestSchema.safeParse({ ...body, locales: ['en-US', 'en-GB'] });
    expect(twice.error?.issues[0]?.message).toMatch(/different rule packs/);
  });
});

describe('text that cannot be stored as sent', () => {
  // A lone surrogate is not Unicode text: UTF-8 (DynamoDB's encoding) turns it into U+FFFD, so the job
  // would not read back as it was sent. Events, write keys and report ids already refused it.
  const body = { product: thermosEn, audiences: [{ id: 'runners', description: 'urban runners', tone: 'warm' }], channel: 'feed', locale: 'en' };

  it('refuses a lone surrogate in any text of a copy job, naming the field', () => {
    const bad = CopyJobRequestSchema.safeParse({ ...body, product: { ...thermosEn, sellingPoints: ['ok', 'keeps hot\ud800'] }, brand: { forbiddenTerms: ['\udc00acme'] } });
    expect(bad.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['product.sellingPoints.1', 'brand.forbiddenTerms.0']);
    expect(CopyJobRequestSchema.safeParse({ ...body, product: { ...thermosEn, name: 'Thermos \ud83d\ude00' } }).success).toBe(true);
  });

  it('refuses control characters in any text of a copy job, naming the field: the model quotes the facts into the published copy', () => {
    // NUL, BEL and a terminal escape reached the variants' text as sent ("Hey you! Cup\u0000X\u0007: …").
    const bad = CopyJobRequestSchema.safeParse({
      ...body,
      product: { ...thermosEn, name: 'Thermos\u0000', benefits: ['keeps hot\u001b[31m'] },
      audiences: [{ id: 'runners', description: 'urban\u0007 runners', tone: 'warm' }],
    });
    expect(bad.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['product.name', 'product.benefits.0', 'audiences.0.description']);
    expect(bad.error?.issues[0]?.message).toMatch(/control character/);
    // Line breaks and tabs are text.
    expect(CopyJobRequestSchema.safeParse({ ...body, audiences: [{ id: 'runners', description: 'urban runners,\nafter work\t', tone: 'warm' }] }).success).toBe(true);
    expect(ReviewDecisionRequestSchema.safeParse({ decision: 'reject', note: 'off brand\u0000' }).success).toBe(false);
    expect(ReviewDecisionRequestSchema.safeParse({ decision: 'reject', note: 'off brand:\nsee the guide' }).success).toBe(true);
  });

  it('refuses one in a review note', () => {
    expect(ReviewDecisionRequestSchema.safeParse({ decision: 'reject', note: 'off brand \ud800' }).success).toBe(false);
  });
});

