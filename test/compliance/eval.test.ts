import { EVASIONS, FAMILIES, loadFreshOrdinary, loadHeldoutClaims, loadLabelled, loadOrdinary, loadSourcedClaims } from '../../bench/compliance/eval-data';
import { evaluateIndependent, FP_TARGET, RECALL_TARGET } from '../../bench/compliance/independent';
import { evaluateContextHeldout } from '../../bench/compliance/context-heldout';
import { evaluateContextDev } from '../../bench/compliance/context-dev';
import { evaluateHeldout } from '../../bench/compliance/heldout';
import { checkText } from '../../shared/compliance';
import { zhHasReviewRegister, zhRegisterScore } from '../../shared/compliance/context';

/** Regression guard on the shipped evaluation data (the benchmark reports the full breakdown). */
describe('accuracy on the shipped evaluation data', () => {
  it('meets the recall and precision targets on the labelled set', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const row of loadLabelled()) {
      const got = new Set(checkText(row).findings.map((f) => f.ruleId));
      const want = new Set(row.expect);
      for (const id of want) (got.has(id) ? tp++ : fn++);
      for (const id of got) if (!want.has(id)) fp++;
    }
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.98);
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.98);
  });

  it('flags at most 2% of ordinary text', () => {
    const rows = loadOrdinary();
    expect(rows.length).toBeGreaterThanOrEqual(500);
    const flagged = rows.filter((row) => checkText(row).findings.length > 0);
    expect(flagged.length / rows.length).toBeLessThanOrEqual(0.02);
  });
});

/**
 * Guards on the independent evaluation (bench/compliance/independent.ts): banned claims from public term
 * lists and the law in product sentences, and real review text the project did not write. The
 * benchmark reports the full breakdown; these keep the targets from regressing.
 */
describe('independent evaluation', () => {
  const result = evaluateIndependent();

  it.each(FAMILIES.flatMap((family) => (['zh-CN', 'en'] as const).map((locale) => [locale, family] as const)))('%s %s: recall >= 0.95 on plain lines', (locale, family) => {
    const c = result.byFamily.get(`${locale}|${family}|all`);
    expect(c).toBeDefined();
    expect(c!.hit / c!.n).toBeGreaterThanOrEqual(RECALL_TARGET);
  });

  it('catches disguised terms (spaces, symbols, zero-width, full-width, traditional)', () => {
    for (const e of EVASIONS) {
      const c = result.evasion.get(`all|${e}`)!;
      expect(c.hit / c.n).toBeGreaterThanOrEqual(RECALL_TARGET);
    }
  });

  it.each(['zh-CN', 'en'])('flags at most 1%% of real ordinary %s review sentences', (locale) => {
    const c = result.fp.get(`${locale}|all`)!;
    expect(c.n).toBeGreaterThanOrEqual(500);
    expect(c.hit / c.n).toBeLessThanOrEqual(FP_TARGET);
  });
});

/**
 * Ceilings on the held-out review sets at the level measured when the context rules were last
 * changed (bench/compliance/context-heldout.ts and heldout.ts report the breakdown): a context
 * change that flags more ordinary text fails here. The targets (1%) are not met in default voice
 * for zh; these guards keep the measured level from getting worse. The no-voice zh ceiling rose
 * from 21 to 22 when the recall families landed: "{无可|…}{取代|…}" flags "人的灵魂是无可取代的"; it
 * fell to 16 (en 6 -> 5, first set 8 -> 3) when an undeclared voice began to be read from the
 * sentence (purchase and use reports, hedges, mixed verdicts, a casual register) and from earlier
 * sentences of the text. Context round 3 (occasions, quoted claims, star-grade shortfalls, the writer's
 * own time, settled verdicts, disclaimers, story and expletive checks) took zh to 15 and the first set
 * to 2, and its development set (bench/compliance/context-dev.ts, tuned on) to zh 6/1062, en 6/308. Rounds 4, 5 and 6 left
 * the held-out ceilings where they were; their development sets have their own (tuned) ceilings below. Round 7's scored
 * register of a review (context.ts, ZH_REGISTER_CUES) took zh to 13.
 */
describe('held-out ordinary text: false-positive ceilings', () => {
  const count = (res: ReturnType<typeof evaluateContextHeldout>, locale: string) => res.fp.get(`${locale}|all`)!;

  it('context held-out, no voice sent: zh at most 13/913 sentences flagged, en at most 5/611', () => {
    const res = evaluateContextHeldout();
    expect(count(res, 'zh-CN')).toEqual({ hit: expect.any(Number), n: 913 });
    expect(count(res, 'en')).toEqual({ hit: expect.any(Number), n: 611 });
    expect(count(res, 'zh-CN').hit).toBeLessThanOrEqual(13);
    expect(count(res, 'en').hit).toBeLessThanOrEqual(5);
  });

  it('context held-out, declared consumer voice: zh at most 5/913, en none', () => {
    const res = evaluateContextHeldout('consumer');
    expect(count(res, 'zh-CN').hit).toBeLessThanOrEqual(5);
    expect(count(res, 'en').hit).toBe(0);
  });

  // Round 8's fresh set (bench/compliance/fresh-ordinary.ts): first run zh 11/637, en 4/398; its tune split read since.
  it('fresh held-out set of round 8, no voice sent: zh at most 8/637 sentences flagged (test split 8/313), en at most 2/398', () => {
    const res = evaluateContextHeldout(undefined, loadFreshOrdinary());
    expect(count(res, 'zh-CN')).toEqual({ hit: expect.any(Number), n: 637 });
    expect(count(res, 'en')).toEqual({ hit: expect.any(Number), n: 398 });
    expect(count(res, 'zh-CN').hit).toBeLessThanOrEqual(8);
    expect(res.fp.get('zh-CN|test')!.hit).toBeLessThanOrEqual(8);
    expect(count(res, 'en').hit).toBeLessThanOrEqual(2);
  });

  it('first held-out set: zh at most 2/243 sentences flagged', () => {
    const fp = evaluateHeldout().fp;
    expect(fp.cell('zh-CN|all')).toMatch(/^\d+\/243 /);
    expect(Number(fp.cell('zh-CN|all').split('/')[0])).toBeLessThanOrEqual(2);
  });

  it('round-3 development set (tuned on), no voice sent: zh at most 6/1062 sentences, en at most 6/308 tweets and review sentences', () => {
    const { tally } = evaluateContextDev();
    expect(tally.get('zh-CN round 3')).toEqual({ hit: expect.any(Number), n: 1062 });
    expect(tally.get('en round 3')).toEqual({ hit: expect.any(Number), n: 308 });
    expect(tally.get('zh-CN round 3')!.hit).toBeLessThanOrEqual(6);
    expect(tally.get('en round 3')!.hit).toBeLessThanOrEqual(6);
  });

  it('round-4 development set (tuned on), no voice sent: zh at most 7/953 sentences, en at most 2/174 (zh 14/675, 6/191, 1/87 and en 2/174 on the first runs of its parts)', () => {
    const { tally } = evaluateContextDev();
    expect(tally.get('zh-CN round 4')).toEqual({ hit: expect.any(Number), n: 953 });
    expect(tally.get('en round 4')).toEqual({ hit: expect.any(Number), n: 174 });
    expect(tally.get('zh-CN round 4')!.hit).toBeLessThanOrEqual(7);
    expect(tally.get('en round 4')!.hit).toBeLessThanOrEqual(2);
  });

  it('round-5 development set (tuned on), no voice sent: zh at most 2/546 sentences, en at most 2/145 (first runs zh 7/362 and 3/184 on its parts, en 4/145)', () => {
    const { tally } = evaluateContextDev();
    expect(tally.get('zh-CN round 5')).toEqual({ hit: expect.any(Number), n: 546 });
    expect(tally.get('en round 5')).toEqual({ hit: expect.any(Number), n: 145 });
    expect(tally.get('zh-CN round 5')!.hit).toBeLessThanOrEqual(2);
    expect(tally.get('en round 5')!.hit).toBeLessThanOrEqual(2);
  });

  it('round-6 development set (tuned on), no voice sent: zh at most 7/579 sentences, en none of 156 (first runs zh 10/389 and 2/190 on its parts, en 1/156)', () => {
    const { tally } = evaluateContextDev();
    expect(tally.get('zh-CN round 6')).toEqual({ hit: expect.any(Number), n: 579 });
    expect(tally.get('en round 6')).toEqual({ hit: expect.any(Number), n: 156 });
    expect(tally.get('zh-CN round 6')!.hit).toBeLessThanOrEqual(7);
    expect(tally.get('en round 6')!.hit).toBe(0);
  });

  it('round-7 development set (studied, no phrase rule written from it), no voice sent: zh at most 9/423 sentences, en at most 3/100 (the first runs: zh 5/251 and 4/172, en 3/100)', () => {
    const { tally } = evaluateContextDev();
    expect(tally.get('zh-CN round 7')).toEqual({ hit: expect.any(Number), n: 423 });
    expect(tally.get('en round 7')).toEqual({ hit: expect.any(Number), n: 100 });
    expect(tally.get('zh-CN round 7')!.hit).toBeLessThanOrEqual(9);
    expect(tally.get('en round 7')!.hit).toBeLessThanOrEqual(3);
  });
});

/**
 * Round 7's register of a review is read only without a declared voice, so a claim sentence that scored as a review's register
 * would lose its finding: the shipped zh claim sentences must stay below it. Measured when the score was added: of 1,806 plain zh
 * claim sentences (labelled, held-out, leave-one-source-out) one scores 2 (and holds a mark of copy), 61 score 1 without a mark of
 * copy, which is why one cue of weight 1 is not enough.
 */
describe('round 7: no shipped zh claim sentence reads in a review\'s register', () => {
  it('plain zh claim sentences of every claim set', () => {
    const s2t = new Map<string, string>();
    const texts = [
      ...loadLabelled().filter((r) => r.locale === 'zh-CN' && r.expect.length > 0 && r.variant === undefined).map((r) => r.text),
      ...loadHeldoutClaims(s2t).filter((r) => r.evasion === '').map((r) => r.text),
      ...loadSourcedClaims(s2t).filter((r) => r.locale === 'zh-CN' && r.evasion === '' && r.family !== 'none').map((r) => r.text),
    ];
    expect(texts.length).toBeGreaterThan(1700);
    expect(texts.filter((t) => zhHasReviewRegister(t))).toEqual([]);
    expect(texts.filter((t) => zhRegisterScore(t) >= 2).length).toBeLessThanOrEqual(1);
  });
});
