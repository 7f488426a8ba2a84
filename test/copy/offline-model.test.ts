import fc from 'fast-check';
import { checkText } from '../../shared/compliance';
import { ModelInvocationError, ModelThrottledError, ModelUnavailableError } from '../../shared/copy/model';
import { OFFLINE_HOOKS, OFFLINE_MODEL_ID, OfflineCopyModel } from '../../shared/copy/offline-model';
import { buildPrompt } from '../../shared/copy/prompt';
import { TONES } from '../../shared/copy/schema';
import { copyRequest, thermosEn, thermosZh } from './fixtures';

const model = new OfflineCopyModel();
const feedbackFor = (text: string, locale: 'zh-CN' | 'en') => {
  const { findings } = checkText({ text, locale });
  return { attempt: 1, previousText: text, findings, instructions: 'fix it' };
};

describe('the offline copy model', () => {
  it('is deterministic for a seed and records the prompt hash and its model id', async () => {
    const first = await model.generate(copyRequest());
    expect(await model.generate(copyRequest())).toEqual(first);
    expect(first).toMatchObject({ modelId: OFFLINE_MODEL_ID, promptHash: buildPrompt(copyRequest()).hash });
    const others = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((seed) => model.generate(copyRequest({ seed }))));
    expect(new Set(others.map((result) => result.text)).size).toBeGreaterThan(1);
  });

  it('writes in the request locale, quotes the product facts and speaks to the profile segment', async () => {
    const zh = await model.generate(copyRequest({ profileSegment: 'cart-abandoner', variantIndex: 2 }));
    expect(zh.text).toContain('山行保温杯');
    expect(zh.text).toContain('轻至280克');
    expect(zh.text).toContain('购物车');
    expect(zh.text).toContain('到手价129元');
    const en = await model.generate(copyRequest({ locale: 'en', product: thermosEn, profileSegment: 'cart-abandoner' }));
    expect(en.text).toContain('Trailhead Bottle');
    expect(en.text).toContain('Weighs just 280 g.');
    expect(en.text).toContain('Still in your cart?');
  });

  it('takes the audience tone', async () => {
    const opener = async (tone: (typeof TONES)[number]) => (await model.generate(copyRequest({ locale: 'en', product: thermosEn, audience: { id: 'a', description: 'x', tone } }))).text;
    expect(await opener('urgent')).toMatch(/^(Limited time!|Today only!|Sale ends soon!)/);
    expect(await opener('premium')).toMatch(/^(Crafted with care\.|Quietly refined\.|Made to last\.)/);
  });

  it('puts an absolute claim in the first attempt of odd variants and removes it when given the findings', async () => {
    for (const [locale, product, term] of [['zh-CN', thermosZh, '最好'], ['en', thermosEn, 'best']] as const) {
      const first = await model.generate(copyRequest({ locale, product, variantIndex: 1 }));
      const verdict = checkText({ text: first.text, locale });
      expect(verdict.verdict).not.toBe('pass');
      expect(verdict.findings.map((finding) => finding.match.toLowerCase())).toContain(term);
      const second = await model.generate(copyRequest({ locale, product, variantIndex: 1, feedback: feedbackFor(first.text, locale), seed: 'next-attempt' }));
      expect(checkText({ text: second.text, locale }).verdict).toBe('pass');
    }
  });

  it('keeps a banned claim that is part of the product facts, attempt after attempt (the review path)', async () => {
    const product = { ...thermosZh, sellingPoints: ['全网销量第一'] };
    let text = (await model.generate(copyRequest({ product }))).text;
    for (let attempt = 2; attempt <= 3; attempt++) {
      expect(checkText({ text, locale: 'zh-CN' }).verdict).toBe('fail');
      text = (await model.generate(copyRequest({ product, feedback: feedbackFor(text, 'zh-CN'), seed: `s${attempt}` }))).text;
    }
    expect(text).toContain('全网销量第一');
  });

  it('fits the channel limit by dropping optional parts, never the selling point or the disclaimer', async () => {
    const result = await model.generate(copyRequest({ channel: 'push', constraints: { maxLength: 30, requiredDisclaimer: '理性消费', forbiddenTerms: [] } }));
    expect([...result.text].length).toBeLessThanOrEqual(30);
    expect(result.text).toContain('轻至280克');
    expect(result.text.endsWith('理性消费')).toBe(true);
  });

  it('passes the compliance check for clean products across locales, tones, segments, channels and seeds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('zh-CN' as const, 'en' as const),
        fc.constantFrom(...TONES),
        fc.constantFrom(undefined, 'cart-abandoner', 'new-user', 'lapsed', 'loyal-buyer', 'price-sensitive', 'high-spender', 'video-engaged'),
        fc.constantFrom('feed' as const, 'sms' as const, 'search-ad-description' as const),
        fc.nat({ max: 4 }).map((n) => n * 2),
        fc.string({ minLength: 1, maxLength: 12 }),
        async (locale, tone, profileSegment, channel, variantIndex, seed) => {
          const maxLength = channel === 'feed' ? 120 : channel === 'sms' ? 70 : 80;
          const result = await model.generate(
            copyRequest({ locale, product: locale === 'en' ? thermosEn : thermosZh, audience: { id: 'a', description: 'x', tone }, profileSegment, channel, variantIndex, seed, constraints: { maxLength, forbiddenTerms: [] } }),
          );
          const check = checkText({ text: result.text, locale, channel });
          expect(check.findings).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it.each([
    [OFFLINE_HOOKS.throttle, ModelThrottledError],
    [OFFLINE_HOOKS.unavailable, ModelUnavailableError],
    [OFFLINE_HOOKS.reject, ModelInvocationError],
  ])('fails on demand for sku %s', async (sku, errorClass) => {
    const failing = copyRequest({ product: { ...thermosZh, sku } });
    await expect(new OfflineCopyModel().generate(failing)).rejects.toBeInstanceOf(errorClass);
    await expect(new OfflineCopyModel().generate(failing)).rejects.toHaveProperty('name', new errorClass('x').name);
  });

  it('throttles once per seed and then answers for sku offline:throttle-once', async () => {
    const fresh = new OfflineCopyModel();
    const request = copyRequest({ product: { ...thermosZh, sku: OFFLINE_HOOKS.throttleOnce } });
    await expect(fresh.generate(request)).rejects.toBeInstanceOf(ModelThrottledError);
    await expect(fresh.generate(request)).resolves.toHaveProperty('text');
    await expect(fresh.generate({ ...request, seed: 'other' })).rejects.toBeInstanceOf(ModelThrottledError);
  });
});
