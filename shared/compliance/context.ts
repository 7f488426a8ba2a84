/**
 * Context: is a lexicon hit a claim about the advertised product, or an ordinary use of the word?
 *
 * A claim-word such as 最 / 第一 / 绝对 / best is judged by the words around it, with general rules
 * instead of per-phrase allow-lists:
 *
 * - `title`: it sits in a title or a name (《女人我最大》, a game called 极品飞车, "a film named ...").
 * - `negative`: the superlative is negative or a complaint (最差, 最失败, 绝对不会再买, "not the best").
 * - `discourse`: it structures the text rather than rating the product (最重要的是, 最大的缺点,
 *   最起码, "best of all", "the best part", "most importantly").
 * - `position`: a position or a setting (最外层, 最深处, 调到最高档).
 * - `preference`: someone's preference (孩子最喜欢, 我最爱看, 女儿的最爱).
 * - `reviewer`: the sentence is a consumer's own voice (我 / I, 觉得, "I've ever had"), not the advertiser's.
 * - `negated`: a negation or hedge governs it (不是唯一, 算不上最好, "one of the best", "at best", "her best").
 * - `enumeration`: an ordinal in a list (第一…第二, 第一次, 第一反应, "#1 … #2", "first, … second").
 * - `person`: the rank describes a person, not a product (大师级女作家, "a world-class pianist").
 * - `question`: the sentence asks rather than claims (是最好的吗, "which is the best?"); a rhetorical
 *   question (难道不是最好的吗, "isn't it the best?") still claims.
 * - `grade`: an official grade stated as a fact (四星级酒店, 一级能效, "a first class ticket"), not a
 *   borrowed one (五星级酒店品质的床垫).
 * - `emotion`: the superlative describes someone's feeling or a time of their life (最开心的一天,
 *   "the best day of our trip", "my best friend"), or one occasion the writer lived through
 *   (最好吃的一次, 最失败的一次经历), not the product.
 * - `story`: a crime word names what a story, a film or a report is about (一个关于杀人犯的故事, "a film
 *   about a school shooting"), not an instruction or a sale (出售仿真枪, "how to make a bomb" never are).
 * - `expletive`: a swear word used as an interjection or an intensifier of anger ("total fucking mess",
 *   "Fuck Sky"), someone venting, not sexual content ("a fucking great deal" sells, and stays a finding);
 *   ad copy (`voice: "advertiser"`) never gets this reading.
 *
 * - `word`: Chinese is written without spaces, and the term's first or last character belongs to the everyday word
 *   next to it (去火车站 is 去 + 火车站, not 去火; 取消食品订单 is 取消 + 食品, not 消食): no term at all.
 *
 * Whose words the text is (`voice`) decides `reviewer`: ad copy (`advertiser`) never counts as a
 * consumer's opinion, a declared review (`consumer`) always does, and without a voice it is inferred,
 * once no more specific check explained the hit: from the sentence (我 / I, 觉得, a report of the
 * writer's own purchase or use such as 我买了 / 收到 / 给孩子买的 / "I bought", a hedge such as 也许 /
 * 应该是 / 据说 that no market scope such as 全网 / 史上 turns back into a claim, a mixed verdict such as
 * 不过房间不够大 / "but the lid leaks", a casual register such as 不错 / 呵呵 / "!!", a reader speaking of
 * a book's 作者 / 书中, a review's register scored over groups of cues, ZH_REGISTER_CUES) and from earlier sentences of the same text (a purchase or use reported before
 * the hit makes the later sentences a review's).
 *
 * Each check looks at the clause or sentence around the hit in the original text. The tables are per
 * language; the rules are the same shape for both. Pure functions, no state.
 */
import { toSimplified } from './normalise';
import type { ContextCheck, Locale, Voice } from './schema';

export interface ContextHit {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The first context check that shows the hit is no product claim, or undefined if it is one.
 * `voice`: `advertiser` never accepts `reviewer` (a first-person opinion in ad copy is still the
 * advertiser's claim); `consumer` accepts it for every rule that lists it, once no more specific
 * check has explained the hit; absent, `reviewer` is read from the sentence.
 */
export function whyNotAClaim(locale: Locale, checks: readonly ContextCheck[], hit: ContextHit, voice?: Voice): ContextCheck | undefined {
  if (checks.length === 0) return undefined;
  const t = locale === 'en' ? EN : ZH;
  const ctx = view(hit, locale);
  for (const c of checks) {
    if (c === 'reviewer' && voice !== undefined) continue;
    // Swearing in ad copy breaks platform rules whatever it means: only text that is not ad copy vents.
    if (c === 'expletive' && voice === 'advertiser') continue;
    if (t[c](ctx)) return c;
  }
  if (!checks.includes('reviewer')) return undefined;
  if (voice === 'consumer') return 'reviewer';
  if (voice === 'advertiser') return undefined;
  // No declared voice, and no more specific check explained the hit: the sentence itself sounds like a
  // review (a purchase or use report, a hedge, a mixed verdict), or an earlier sentence reports a
  // purchase or a use ("我买了…", "I bought…") and later sentences inherit the consumer's voice.
  return sentenceSoundsLikeReview(ctx, locale) || reportsUseEarlier(hit, ctx, locale) ? 'reviewer' : undefined;
}

/**
 * Whether the hit's sentence, read without the hit itself (a disguise such as 最~好 is no casual
 * register), sounds like a review.
 */
function sentenceSoundsLikeReview(v: View, locale: Locale): boolean {
  const around = `${v.before} ${v.after}`;
  return locale === 'en'
    ? enSoundsLikeReview(around, v.ending, EN_MARKET_SCOPE.test(v.match + v.clauseAfter))
    : zhSoundsLikeReview(around, ZH_MARKET_SCOPE.test(v.clauseBefore + v.match), v.ending);
}

/**
 * Does text before the hit's sentence, in the same paragraph, report the writer's own purchase or
 * use? Read from the folded request text, up to the sentence the hit sits in.
 */
function reportsUseEarlier(hit: ContextHit, v: View, locale: Locale): boolean {
  // A report that ends before the hit's sentence starts, in the same paragraph (a list of ad lines is
  // no review because one line of it reports a use) and within 2,000 characters of it.
  const sentenceStart = hit.start - v.before.length;
  const from = Math.max(sentenceStart - 2000, hit.text.lastIndexOf('\n', hit.start) + 1);
  // The first sentence of its paragraph (most lines of ad copy) has nothing before it to read.
  if (from >= sentenceStart) return false;
  for (const end of useReportsUpTo(hit.text, locale === 'en', sentenceStart)) {
    if (end > sentenceStart) return false;
    if (end > from) return true;
  }
  return false;
}

/** The scan for purchase or use reports of one request text, carried only as far as a hit asks. */
interface ReportScan {
  text: string;
  en: boolean;
  subject: string;
  regex: RegExp;
  ends: number[];
  done: boolean;
}

let reportScan: ReportScan | undefined;

/**
 * Where each purchase or use report of the text ends, in text order, at least up to the first one
 * ending after `limit` (or all of them): one sequential scan per request text, resumed where the
 * last hit left it rather than run over the whole text up front, with the ends the whole-text scan
 * finds (the same regex from the same positions).
 */
function useReportsUpTo(text: string, en: boolean, limit: number): readonly number[] {
  let scan = reportScan;
  if (scan === undefined || scan.text !== text || scan.en !== en) {
    const folded = foldedText(text, en);
    scan = { text, en, subject: folded.length === text.length ? folded : text, regex: new RegExp((en ? EN_USE_REPORT : ZH_USE_REPORT).source, 'gu'), ends: [], done: false };
    reportScan = scan;
  }
  const { regex, ends, subject } = scan;
  while (!scan.done && (ends.length === 0 || ends[ends.length - 1]! <= limit)) {
    const m = regex.exec(subject);
    if (m === null) {
      scan.done = true;
      break;
    }
    ends.push(m.index + m[0].length);
    // As matchAll: past an empty match by one code point.
    if (m[0].length === 0) regex.lastIndex = m.index + (subject.codePointAt(m.index)! > 0xffff ? 2 : 1);
  }
  return ends;
}

/** Why a check's hit is no claim, in words: the `reason` of a suppressed hit. */
export const CONTEXT_REASONS: Readonly<Record<ContextCheck, string>> = {
  title: 'part of a title or a name',
  negative: 'a negative superlative or a complaint',
  discourse: 'structures the text (most importantly, the biggest drawback), does not rate the product',
  position: 'a position or a setting',
  preference: "someone's preference",
  reviewer: "a consumer's own opinion, not the advertiser's",
  negated: 'a negation or hedge governs it',
  enumeration: 'an ordinal in a list or sequence',
  person: 'describes a person, not a product',
  question: 'asked, not claimed',
  grade: 'an official grade stated as a fact',
  emotion: "someone's feeling, a time of their life or an occasion they lived through, not the product",
  story: 'names what a story, film or report is about',
  expletive: 'a swear word used as an interjection or intensifier, not sexual content',
  word: 'its first or last character belongs to a neighbouring everyday word (去火车站 is 去 + 火车站), or it is a technical word in its technical sense (a chip\'s 降压)',
};

interface View {
  /** The hit's text, lower-cased. */
  match: string;
  /** Sentence text before / after the hit (lower-cased for English). */
  before: string;
  after: string;
  /** Clause text before / after the hit. */
  clauseBefore: string;
  clauseAfter: string;
  /** The text within 200 characters of the hit (enumerations span sentences). */
  whole: string;
  /** Text between the hit and the nearest title brackets, if it sits inside some. */
  inBrackets: boolean;
  /** The punctuation that ends the hit's sentence ('' at the end of the text). */
  terminator: string;
  /** The sentence's closing punctuation run, up to three characters ("!!!", "?!"). */
  ending: string;
  /** zh: the text after the last 最 of the hit (null until first asked, undefined without 最). */
  afterZui: string | undefined | null;
}

/**
 * Punctuation by code unit, as lookup tables rather than sets: the scans below run per hit over up
 * to 200 characters each way, and a table read is a fraction of a hash lookup.
 */
const codes = (chars: string, base: Uint8Array = new Uint8Array(0x10000)): Uint8Array => {
  const table = base.slice();
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
};
const SENTENCE_PUNCT = codes('。！？!?\n；;…');
const CLAUSE_PUNCT = codes('，,、：:~～（）()“”"—–', SENTENCE_PUNCT);
const FULL_STOP = 0x2e;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** A full stop `.` ends a sentence unless it sits inside a number or a token (`3.5`, `no.1`, `a.m`). */
function isBoundary(s: string, i: number, table: Uint8Array): boolean {
  const c = s.charCodeAt(i);
  if (table[c] === 1) return true;
  if (c !== FULL_STOP) return false;
  const next = s.charCodeAt(i + 1);
  if (Number.isNaN(next)) return true;
  if (next >= 0x3400 && next <= 0x9fff) return true;
  return !LETTER_OR_DIGIT.test(s[i + 1]!);
}

function lastBoundary(s: string, table: Uint8Array): number {
  for (let i = s.length - 1; i >= 0; i--) if (isBoundary(s, i, table)) return i + 1;
  return 0;
}

function firstBoundary(s: string, table: Uint8Array): number {
  for (let i = 0; i < s.length; i++) if (isBoundary(s, i, table)) return i;
  return s.length;
}

const OPEN = '《〈「『【';
const CLOSE = '》〉」』】';
const ANY_OPEN = new RegExp(`[${OPEN}]`, 'u');

let lastText = '';
let lastEn = false;
let lastFolded = '';

function foldedText(text: string, en: boolean): string {
  if (text !== lastText || en !== lastEn) {
    lastText = text;
    lastEn = en;
    lastFolded = en ? text.toLowerCase() : toSimplified(text);
  }
  return lastFolded;
}

function view(hit: ContextHit, locale: Locale): View {
  const en = locale === 'en';
  const lo = Math.max(0, hit.start - 200);
  const hi = Math.min(hit.text.length, hit.end + 200);
  // One fold per request text (lower case / traditional -> simplified), cached across its hits; a
  // length change (rare case foldings) falls back to folding pieces.
  const folded = foldedText(hit.text, en);
  const sameLength = folded.length === hit.text.length;
  const win = sameLength ? folded.slice(lo, hi) : hit.text.slice(lo, hi);
  const hs = hit.start - lo;
  const he = hit.end - lo;
  const head = win.slice(0, hs);
  const tail = win.slice(he);
  const before = head.slice(lastBoundary(head, SENTENCE_PUNCT));
  const afterEnd = firstBoundary(tail, SENTENCE_PUNCT);
  const after = tail.slice(0, afterEnd);
  // Most sentences hold no opening title bracket: one scan for any rather than a search per bracket.
  const inBrackets = ANY_OPEN.test(before) && titleBracketsAround(before, after);
  return {
    match: sameLength ? win.slice(hs, he) : en ? win.slice(hs, he).toLowerCase() : toSimplified(win.slice(hs, he)),
    before,
    after,
    clauseBefore: head.slice(lastBoundary(head, CLAUSE_PUNCT)),
    clauseAfter: tail.slice(0, firstBoundary(tail, CLAUSE_PUNCT)),
    // Enumerations are looked for near the hit (a few sentences), not in the whole request.
    whole: win,
    inBrackets,
    terminator: tail.charAt(afterEnd),
    ending: tail.slice(afterEnd, afterEnd + 3),
    afterZui: null,
  };
}

/** An opening title bracket before the hit in its sentence, not closed before it, and its closer after it. */
function titleBracketsAround(before: string, after: string): boolean {
  let inside = false;
  for (const c of OPEN) {
    const open = before.lastIndexOf(c);
    if (open < 0) continue;
    const closer = CLOSE[OPEN.indexOf(c)]!;
    if (!before.slice(open).includes(closer) && after.includes(closer)) inside = true;
  }
  return inside;
}

type Table = Record<ContextCheck, (v: View) => boolean>;

/** After a 最-word: what the superlative modifies, read from the text right after 最 (computed once per hit). */
const zhAfterZui = (v: View): string | undefined => {
  if (v.afterZui === null) {
    const i = v.match.lastIndexOf('最');
    v.afterZui = i < 0 ? undefined : v.match.slice(i + 1) + v.after;
  }
  return v.afterZui;
};

/** Words that make a 最 / 绝对 statement negative or a complaint. */
const ZH_NEGATIVE =
  /^(?:为|是)?(?:差|糟|烂|坑|失败|失望|难[看吃用受听闻懂]|难|慢|贵|恶心|垃圾|讨厌|无聊|坏|烦|丑|次|弱|不|没|怕|恨|痛|累|麻烦|可恶|郁闷|后悔|无语|伤心|担心|头疼|头痛|遗憾|悲|惨|蠢|傻|假|脏|乱|吵|臭|low|劣|气人|闹心|糊弄|敷衍|离谱|坑人|不满|不值|恐怖|可怕|吓人|痛苦|生气|气愤|可气|过分|寒碜|心酸|尴尬|无奈|崩溃|窝火|憋屈|不爽|脆弱|软弱|无助|孤独|寂寞|悲伤|沉重|愤怒|气人|心寒|可怜|可悲|悲哀|心痛|痛心|难以(?:接受|忍受|入睡|想象))/u;
/** 最 + these structure the text or bound a quantity; they do not rate the product. */
const ZH_DISCOURSE_AFTER_ZUI =
  /^(?:好(?![吃喝看听玩用闻受使卖的地得之了着过])(?=[\u4e00-\u9fff](?:在|到|进|于|一下|一点|上|几|[一二三四五六七八九十两\p{N}]))|好(?=是|还是|先|别|不要|不|能|要|在|由|让|把|给|跟|和|与|大人|家长|提前|尽快|每|趁|配合|搭配|放在|选择|咨询|直接|自己|多|少|经常|定期|一起|买|带|穿|戴)|重要|主要|关键|起码|基本|少|后|终|初|早|晚|迟|近|末|先(?:是|在|开始|发现|想到|出现|看到|提出|到|来|被)|多(?!人|用户|的人|销量|好评|回购)|值得一提|[让令叫使](?:人|我|我们)|大(?:限度|程度)?[地的]?(?:努力|弥补|补偿|诚意|帮助|配合|支持)|[\u4e00-\u9fff]{1,5}的(?:就|还|也|便|倒)?是|[\u4e00-\u9fff]{1,3}的?(?:一[个点种条项])?(?:缺点|缺陷|弱点|短板|问题|不足|遗憾|缺憾|瑕疵|困扰|毛病|败笔|感受|收获|感触|特点|优点|亮点|好处|区别|不同|感觉|印象|原因|目的|理由|变化|体会|担心|顾虑|心愿|愿望|梦想|乐趣|意义|感想|困难|难点|障碍|风险|部分|章节|一章|一段|一节|片段|一集|一幕|镜头|段落|篇章))/u;
/**
 * 最好 + a verb + its object (最好看傅佩荣的书, 最好吃点清淡的): "had better read / eat …", advice, where 最好看 / 最好吃 would be
 * an adjective ("best-looking") if 的, a particle or the clause's end followed. Read so only after advice or a condition
 * (建议, 如果, …的话, 高中以上的): a shop's 全城最好吃火锅 has neither.
 */
const ZH_ADVICE_VERB_OBJECT_AFTER_ZUI = /^好[看吃用听读玩喝买穿学](?![的了得地过着之极啊呀吧呢哦啦嘛]|$)[\u4e00-\u9fff]/u;
const ZH_ADVICE_OR_CONDITION = /建议|如果|要是|假如|倘若|若是|的话|想要|需要|以上的|以下的|之前|的时候|初学|入门/u;
/**
 * Round 8: a work named just before 最 (本书, 这部电影, 书中) and a part of it after (最好的理念是, 最精彩的地方): the superlative
 * ranks the work's own parts, inside it, a reader's pick, not the work against others. A seller (本店) is no work.
 */
const ZH_WORK_SCOPE_BEFORE = /(?:本书|这本书|此书|该书|全书|书中|书里|这套书|这部(?:小说|作品|电影|片子|剧|书)?|这篇(?:文章|小说)?|片中|剧中|影片)的?$/u;
const ZH_PART_OF_WORK_AFTER_ZUI = /^[\u4e00-\u9fff]{1,3}的(?:理念|观点|思想|道理|地方|部分|内容|章节|一章|一篇|一段|一点|句子|片段|情节|故事|人物|角色|配乐|画面|插图|建议|方法)/u;
/** 最…的…是什么 / 是哪: the text asks which is the most X; it does not claim it. */
const ZH_ASKING_WHICH = /^[^。？?！!]{0,16}的[^，,。]{0,8}是(?:什么|哪)/u;
/** 最…的…尚且如此 / 都这样: "even the most X one is like this", a complaint. */
const ZH_EVEN_THE_MOST = /^[^，,。]{0,8}的[^，,。]{0,6}(?:尚且|都|也)(?:如此|这样|这么|不)/u;
/**
 * 最有意思的还是我们万象城: a cleft whose answer is the seller itself ranks the seller above the rest; it does not structure the
 * text as 最重要的是 does. Not when the seller's 我们 goes on to report a stay or a purchase (最满意的是我们住的房间).
 */
const ZH_CLEFT_NAMES_SELLER = /^(?!重要|主要|关键|起码|基本|值得|[让令叫使])[\u4e00-\u9fff]{1,5}的(?:就|还|也|便|倒)?是(?:我们|我家|咱家|本店|本品|本公司|我司|小店|本厂)(?![\u4e00-\u9fff]{0,2}(?:住|去|订|买|吃|点|到|用|选))/u;
/** After 唯一: what the only-phrase frames (a good or bad point, or a cleft "唯一…的是"). */
const ZH_DISCOURSE_AFTER_ONLY =
  /^(?:的)?[\u4e00-\u9fff]{0,8}?(?<!没有?|无|不|零)(?:好处|优点|缺点|不足|遗憾|缺憾|欠缺|瑕疵|问题|毛病|亮点|不满|败笔|安慰|收获|可取之处|建议|用处|有用之处|感受)|^[\p{L}\p{N}]{1,6}的(?:是|就是)|^的?(?:一[个点条句])?(?:评价|印象|感想|意见|看法|想法|评语|结论|观感|体会|要求)/u;
const ZH_POSITION_AFTER_ZUI =
  /^(?:[上下前后左右里外内底顶深远近中尾末][面边层端处部侧排格头方位]|[高低][处层档挡]|外|里|深|底(?!价)|(?:显著|显眼|醒目|明显|靠前|靠后|靠里|靠外|偏僻|偏远|角落)的?(?:位置|地方|角落|处|一角))/u;
const ZH_SETTING_BEFORE = /(?:调|开|拧|转|切|设|放|推|加|升|降|打|拨|按|选)(?:到|至|成|为|在)$|设置为$|档位$|火力$/u;
/** A person's own (他的, 你们的), not the seller's 我们 nor the buyer addressed as 您. */
const ZH_SOMEONES_BEFORE = /(?:(?:你|他|她)(?:们)?|我(?!们))的$/u;
const ZH_CLAUSE_END = /^(?:$|[，,。！!？?~～…；;])/u;
const ZH_PSYCH = /^(?:喜欢|爱|喜爱|关心|感兴趣|怕|讨厌|想|希望|期待|欣赏|佩服|擅长|享受|受不了|头疼|在意|在乎|看重|看中|重视|关注|难忘|心疼|崇拜|向往|怀念|想念|熟悉|热爱|信任|依赖|珍惜|珍爱|牵挂|敬佩|敬重|常|经常)/u;
/** Superlatives joined to the one being read (最熟悉也, 最好又): stripped to find the subject they share. */
const ZH_JOINED_SUPERLATIVES = /(?:最[\u4e00-\u9fff]{1,4}?(?:也|又|和|而且|、))+$/u;
/** Feelings that are someone's whoever it is (最想念, 最怀念): no subject needed. */
const ZH_OWN_FEELING = /^(?:想念|怀念|心疼|难忘|向往|崇拜|期待)/u;
/** 最爱 / 最喜欢 + an activity (最爱和爸爸一起找宝贝): what someone likes doing. */
const ZH_LIKES_DOING = /^(?:爱|喜欢)(?:和|跟|与|去|在|看|玩|吃|听|读|讲|上|穿|画|唱|跑)/u;
const ZH_PERSON = /(?:我|你|他|她|孩子|女儿|儿子|宝宝|宝贝|小孩|家人|老公|老婆|妈妈|爸爸|妈|爸|朋友|本人|自己|个人|老人|父母|同事|闺蜜|男友|女友|同学|老师)(?:们)?(?:也|还|就|都|却|真|一直|现在|目前|平时|其实|当时|以前)?(?:的)?$/u;
/**
 * A consumer speaking for themselves: 我 (not the company's 我们/我司, nor a host who sells: 我卖过最好的, 我推荐给家人们), or an
 * opinion verb.
 */
const ZH_REVIEWER = /我(?!们|司|厂|店|公司|品牌|行|卖[过的了]|带[过的]货|推荐给)|觉得|认为|感觉|个人|本人|在我看来|以为|看来|[住吃用见去买看玩遇碰喝穿试读听]过的/u;
/** The writer themself, later in the sentence (最好的礼物，我女儿…). */
const ZH_FIRST_PERSON = /我(?!们|司|厂|店|公司|品牌|行|卖[过的了]|带[过的]货|推荐给)/u;
/**
 * A report of the writer's own purchase or use (我买了, 收到, 用了, 住过, 给孩子买的, 第一次来; 我们住的, 我们订了: a party of
 * guests, never a seller's 我们 which provides, not stays): a review,
 * not an ad. Also read from earlier sentences: a review's later sentences inherit its voice.
 */
const ZH_USE_REPORT =
  /我(?!们|司|厂|店|公司|品牌|行)[^，,。！？!?]{0,6}(?:买|购|收到|拿到|用|住|入住|读|看|吃|订|试|穿|喝|玩)|我们(?:一家|全家|一行|几个|两个|俩)?[^，,。！？!?]{0,4}?(?:住的|住了|住过|入住(?!率)|订了|订的|买了|买的|去了|到了|吃了|点了|退房|退了)|(?:买了|买回|买来|购买了|收到|拿到|拿回|拆开|开箱|到货|用了[\p{N}一两几半]|用过|试用了|(?<!欢迎)入住|住了|住过|读了|读完|读过|看了|看完|看过|吃过|下单了|下了单|订了|订的|穿了|喝了)(?!都|过都|的人|的顾客|的朋友|的用户|的客户|的宝妈)|给(?:孩子|女儿|儿子|宝宝|老公|老婆|妈妈|爸爸|父母|朋友|同事|家人|老人)(?:买|订|选)|第一次(?:来|住|入住|买|用|在|看|读|吃|去)|(?:每次|每个?月|每年|每周|经常|多次|常常)都?会?(?:来|去)?(?:住|入住|来|去|买|用)|(?:去|来|玩|坐|吃|住)过(?!都|的人|的顾客|的朋友)/u;
/**
 * Hedges and hearsay (也许, 应该是, 据说, 难怪): a writer unsure of what they say, which ad copy is not. A
 * scope such as 全网 / 史上 keeps a hedged superlative a market claim (可能是全网最…).
 */
const ZH_HEDGE = /(?:也许|或许|可能|大概|应该(?:是|算|属于|说)|估计|据说|听说|据[\u4e00-\u9fff]{1,6}(?:介绍|说)|好像|似乎|算是|算得上|称得上|恐怕|难怪|怪不得)(?![你您])/u;
/**
 * A consumer's casual register (不错, 挺好, 蛮漂亮, 很爽, 赞一个, 对得起这个价, 呵呵, ~) or the writer's own
 * handling of the thing (到手, 拿到, 换了, 装了): ad copy does not talk like this.
 */
const ZH_CASUAL =
  /不错(?!过)|挺(?!括|拔|立)[\u4e00-\u9fff]|蛮[\u4e00-\u9fff]|很爽|真爽|很棒|赞一个|顶一个|值了|对得起|比较[满喜欣]|很好很强大|呵呵|哈哈|嘿嘿|嘻嘻|[~～]|\^[_-]?\^|8错|到手(?!价)|拿到|换了|装了|浪费钱|浪费时间|无聊/u;
/**
 * A reader speaking of a book and its author in the third person (书中, 作者, 文笔, 读来), or a guest or reader turning to the
 * others (奉劝, 提醒大家, 各位书友): a reader's voice; a seller addresses buyers (亲, 您), not fellow readers.
 */
const ZH_READER = /作者|书中|书里|读者|读来|读起来|读后|文笔|译者|这本书|此书|该书|[本部套]好书|这部(?:小说|作品|书)|这套书|这篇|值得一[读看]|推荐(?:给)?(?:大家|各位|朋友)|奉劝|劝(?:大家|各位)|提醒(?:大家|各位)|各位(?:书友|网友|驴友|携友|读者)|书友|网友们/u;
const ZH_MARKET_SCOPE = /全网|全国|全球|世界|史上|行业|业内|同类|市场|销量|国内|亚洲|宇宙/u;
/** A sentence that ends in a guess (…清水文吧), not in an invitation (快来买吧). */
const ZH_GUESS_END = /(?<!来|买|试|选|抢|用|看看|下单|行动|带走|拥有|入手|收藏|体验|咨询|联系|参与|加入|领取|报名|订购|选购|关注|分享|转发)吧[~～！!。.…\s]*$/u;
/** An urge (快来, 赶紧, 立即): a closing 吧 then invites, it does not guess. */
const ZH_URGE = /快|赶紧|赶快|马上|立即|立刻|一起|欢迎|速来|别错过/u;
/**
 * An urge to buy now (赶紧下单, 快来抢购, 立即购买): a seller pressing the reader, so nothing else in the sentence makes it
 * a review (明天恢复原价，赶紧下单). The writer's own 我 still does, through the `reviewer` check itself.
 */
const ZH_URGE_TO_BUY = /(?:快|赶紧|赶快|马上|立即|立刻|速|抓紧|尽快)(?:来|去)?(?:下单|抢购|抢|购买|买|入手|订购|选购|领取|预订|预定|报名|参与)/u;
/**
 * The writer's mixed or negative verdict in the same sentence (不过房间不够大, 价格比较贵, 还算说得过去,
 * 不是很喜欢): ad copy does not concede.
 */
const ZH_VERDICT =
  /(?:没有?|不如|不像)(?:我)?(?:想象|想像|预想|预期|期望)中?的?(?:那么|那样|这么|中)?|比(?:我|自己)(?:原来|之前|当初)?(?:想象|想像|预想|预期|期望)|出乎(?:我的?|自己的?)?(?:意料|预料)|(?<!不)(?:不过|但是|但|可惜|只是|就是|美中不足|缺点是)[^。！？!?]{0,20}?(?:不够|不太|不是很|不怎么|不大|有点|有些|稍显|稍微|略显|一般|太[贵小旧吵差慢少远乱脏]|比较[贵小旧吵差慢乱远少]|偏[贵高小少]|[很最][小旧吵贵差乱慢])|(?:价格|价钱|房间|服务|早餐|设施|质量|纸张|印刷|字体?|包装|物流|送货|隔音|位置|楼层)(?:也|还|都)?(?:比较|有点|有些|太|很|偏|略|稍|真|非常)(?:贵|小|旧|差|一般|吵|乱|薄|少|慢|远|脏)|(?<!不留|无|没有|不会有)(?:可惜|遗憾|美中不足)|总的来说|总体来说|总的说|总体而言|总体感觉|整体感觉|总之|说得过去|还算|还行|凑合|马马虎虎|一般般|不咋样|不(?:是很|太|怎么)?喜欢(?![^，,。]{0,3}(?:包|退|换))|不推荐|(?<!不会让你|不会|绝不|决不|毫不|不|没有?)(?:失望|后悔)|上当|太差|很差/u;
/** A degree word that weakens an absolute (比较完美, 相对一流, 接近完美): no absolute claim. */
/** An exclamation alone (完美！, 太完美了~): degree words before, particles after, nothing else in the sentence. */
const ZH_EXCLAIMED = /^[！!~～]/u;
const ZH_DEGREE_ONLY = /^\s*(?:太|真|真是|很|非常|简直|实在|好)?\s*$/u;
const ZH_PARTICLES_ONLY = /^(?:了|啊|呀|哦|啦|哇|呢)?\s*$/u;
/** An aim or an effort (努力为您提供最…, 致力打造…最高的, 追求极致): what someone strives for, not a claim of fact. */
const ZH_AIM_BEFORE = /(?:努力|竭诚|尽力|力求|争取|致力于?|力争|尽量|尽可能|希望|争做|追求)[^，,。！？!?]{0,10}$/u;
const ZH_DEGREE_BEFORE = /(?:比较|较为|相对|相当|还算|算是|接近|近乎|几乎|基本)$/u;
const ZH_ABSOLUTE_WORD = /^(?:最|完美|绝对|顶级|极|一流|无敌|经典)/u;
/** 完美屏 (a screen without dead pixels): a term of the trade stated as a fact, not a rating. */
const ZH_TRADE_TERM_AFTER = /^[A-Za-z]{0,6}屏/u;
/** 最X的…往往 / 并非 / 未必: a generic or negated statement about the most X, not a claim (买的最好的并非吃起来最好的). */
const ZH_GENERIC_AFTER = /^[\u4e00-\u9fff]{0,4}的[\u4e00-\u9fff]{0,4}?(?:往往|常常|通常|未必|不一定|并非|并不是|不是|不见得)/u;
const ZH_NEGATED_BEFORE =
  /(?:不是|并非|并不是|算不上|称不上|谈不上|不算|不敢说|不能说|没有|不一定是|未必是|未(?:体现出?|达到|达|到)|达不到|没达到|不到|不如|不符合|够不上|比不上|配不上|顶多|至多|充其量|愧对|对不起)[\u4e00-\u9fff\p{N}]{0,3}$/u;
/**
 * A superlative among a few things the writer names (附近几家五星里最好的, 这两本中最薄的): a comparison within a small set
 * they looked at, not a claim over the market; a market scope (同类 / 市场 …) keeps it a claim.
 */
const ZH_AMONG_A_FEW_BEFORE = /(?:这|那|附近|周边|身边)?(?:几|两|三|四)[家个款本间座部种只位][^，,。！？!?]{0,8}(?:里|中|当中|之中|之间|里面)(?:的|是|算)?$/u;
/**
 * Someone else's claim, reported at a distance (号称当地最好…名不副实, 所谓的第一品牌, 自称顶级, 前台说是一流的): the writer
 * quotes it to dispute it; an advertiser does not call its own claim 号称 / 所谓. 据说是 / 听说是 are hearsay, a hedge (read as the
 * writer's voice), not this.
 */
const ZH_ATTRIBUTED_BEFORE = /(?:号称|自称|所谓|自诩|标榜|宣称|吹嘘|吹得|(?<![据听])说是)[^，,。！？!?]{0,10}$/u;
/**
 * A medical word under a disclaimer (本品不具有疾病治疗功能, 不能治疗疾病, 不能代替药物): what the product does
 * NOT do. Only the words that deny an ability or a use: 不会复发 / 没有副作用 / 非药物治疗 are still claims.
 */
const ZH_MEDICAL_WORD = /治|疗|愈|病|症|药|医|康复|根除|疗效|功效/u;
/** A cure reported as not reached (久未治愈, 一直没有治好, 治愈不了): what did not happen is no promise that it will. */
const ZH_NOT_REACHED_BEFORE = /(?:未|未能|没|没有|没能|尚未|仍未|久未|迟迟未|始终未|还没有?|一直没有?|难以)(?:被|得到|获得)?$/u;
const ZH_NOT_REACHED_AFTER = /^(?:不了|不好|不彻底)/u;
const ZH_DISCLAIMER_BEFORE = /(?:不能|不可|无法|不得|不具有|不具备|不具|并无|并不能|不用于|不能用于|不可用于|不能代替|不能替代|不可代替|不可替代)[\u4e00-\u9fff]{0,8}$/u;
/**
 * A promise denied right before it (非保本, 不保本, 不承诺通过, 不保证提分, 均不能承诺保本保息): the risk disclosure a wealth product or a
 * course must make, not a guarantee. 不仅 / 不但 (not only) end in another character, so they never match.
 */
const ZH_PROMISE_WORD = /^(?:保|包|承诺|确保|担保)/u;
const ZH_PROMISE_DENIED_BEFORE = /(?:不|非|不承诺|不保证|不能保证|无法保证|并不保证|不作任何|不做任何|不能承诺|不得承诺|不会承诺|无法承诺)$/u;
const ZH_NAMING_BEFORE = /(?:叫|名叫|名为|叫做|称为|名字叫|取名为?|玩|玩了|玩过|游戏|电影|节目|书名|片名|杂志|歌曲)[“"「『]?$/u;
const ZH_QUOTED_TITLE = /^[^“”"]*[”"](?:一文|这篇|一书|这本书|这首|一曲|这部)/u;
/** An ordinal: 第一 followed by a classifier or a sequence noun. */
const ZH_ORDINAL_AFTER =
  /^(?:[次步天眼口章集本部辑页期批代届季个件句段篇回场轮局单套层排行条点年月周日节课卷册首把顿遍杯道任站关波号张间幅封份辆颗粒支根块盒瓶袋双盘碗趟晚夜笔桌壶](?!品牌)|反应|感觉|印象|时间|人称|阶段|部分|手|反映|念头|想法|道工序|环节|语言|外语|[种类项份])/u;
/** A ranking scope before 第一 makes it a ranking claim whatever follows. */
const ZH_RANKING_SCOPE = /(?:全国|全网|全球|世界|中国|国内|行业|业内|同类|市场|销量|排名|排行|人气|好评|口碑|亚洲|全省|全市|本地|天猫|京东|淘宝|品类|榜单|领域|赛道|同行)[\u4e00-\u9fff]{0,2}$/u;
/** A later ordinal of a list (第二, 其次); 第三方 is a third party, not the third point. */
const ZH_LATER_ORDINAL = /第[二三四五六七八九十2-9](?!方)|其次|二是|二来|再次/u;
/**
 * 绝对 + what a thing makes someone feel, when that is bad (绝对令人愤怒, 绝对让人失望): a complaint. A bare 不 / 没 is
 * not read this way (绝对不掉色 claims a quality).
 */
const ZH_BAD_FEELING_AFTER =
  /^(?:是|会|的|地)?(?:无法|不能|难以|不可|不可能)(?:容忍|忍受|接受|原谅)|^(?:是|会|的|地)?(?:[令让叫使]人|[令让叫使]我们?)(?:很|非常|十分|太|特别)?(?:愤怒|生气|气愤|恼火|失望|恶心|郁闷|无语|崩溃|难受|心寒|不爽|不舒服|不满|后悔|反感|抓狂|头疼|头痛|窝火|寒心|伤心|难以(?:接受|忍受|入睡|想象))/u;
const ZH_COMPLAINT_AFTER = /^(?:(?:没有|没|不够|达不到|够不上|算不上|称不上|不到)[\p{N}一二三四五]?(?:星|级|标准|水平|档次|水准)|是?(?:炒作|垃圾|浪费|骗|坑|烂|失望|不值)|不会再|不再|再也不|不会买|不买|不推荐|不值|没有什么|没什么|不是什么|不敢|不会推荐|不会回购|不回购|不好|没有想象|没有那么|不像|有继续|讨好|不(?:能|可以|可|应该?|该|建议|准|许|得)(?!错过|缺少?|少|替代|取代|复制)|(?:需要|应该|应当|必须|有待|得)(?:好好)?(?:提高|改进|改善|加强|整改)|是?(?:徒有其表|名不副实|黑店|差劲|糟糕|很差|太差|极差))/u;

/**
 * 绝对不 + an act on another person (绝对不跟孩子讲价格, 绝对不会打骂孩子): the writer's resolve about how they treat someone, not
 * a product's quality. The buyer (你 / 您 / 顾客) is not such a person: 绝对不让您失望 is a promise to them.
 */
const ZH_RESOLVE_ON_SOMEONE_AFTER =
  /^(?:是|的)?(?:不|没有?)(?:会|能|要|再|可以|可能|允许)?(?:跟|和|对|给|让|把|替|帮|向|与|同|陪|带|教|逼|打|骂|管|惯|宠|打骂|溺爱|娇惯|纵容|欺骗|骗|打扰|麻烦|要求|强迫|伤害)(?:自己的)?(?:孩子|小孩|宝宝|儿子|女儿|他|她|它|别人|人家|老公|老婆|丈夫|妻子|父母|爸妈|家人|朋友|同事|老人|学生|员工|下属|对方)/u;
/** A negative quality ranked first (不好程度排第一, 倒数第一): a complaint, not a ranking claim. */
const ZH_NEGATIVE_RANK_BEFORE = /(?:不好|不行|(?<![出落偏误反])差|烂|糟|坑|慢|贵|垃圾|恶心|脏|吵|臭|失望|投诉|倒数)[\u4e00-\u9fff]{0,4}$/u;
/** A rhetorical question still claims (难道不是最好的吗, 还有比这更好的吗). */
const ZH_RHETORICAL = /难道|岂|何尝|谁不|还有比|还有什么比|没有什么比|有没有比|不是[^，,。]*[吗么]|不就是/u;
const ZH_ASKING = /[吗么呢]\s*$|是不是|是否|有没有|哪|什么|谁|怎么|多少/u;
/** A star grade given a lodging (三星级, 4星级, in a text about a hotel): the official rating, stated or disputed. */
const ZH_STAR_NUMERAL = /[一二三四五1-5１-５]颗?$/u;
const ZH_LODGING = /酒店|宾馆|饭店|旅馆|客栈|民宿|度假村|客房|入住|住宿|前台|房间|景区|迎宾|住店|房价|大堂|标间|标准间|大床房/u;
/** A star grade below the top (一 … 四星级): a rating, not a boast. */
const ZH_LOWER_STAR = /(?<![\p{N}])[一二三四1-4１-４]颗?$/u;
/** What a borrowed grade lends another product (四星级品质的床垫), unlike a standard a rated place meets or misses. */
const ZH_BORROWED_QUALITY = /^(?:的)?(?:酒店|宾馆|饭店)?(?:品质|同款|般|一样|享受|待遇|体验)/u;
/** 星级 as the rating itself: someone's or something's (平遥的星级, 同星级), or the subject of a verb (星级是不能信的). */
const ZH_RATING_NOUN_BEFORE = /(?:的|同|按|论|看|评)$/u;
const ZH_RATING_NOUN_AFTER = /^(?:是|不|也|都|就|只|还|评定|怎么|高低|差不多)/u;
/** An official designation of a place (国家级湿地公园, 国家级自然保护区, 省级开发区): a fact on a sign, not a product rank. */
const ZH_OFFICIAL_SITE_AFTER =
  /^(?:的)?[\u4e00-\u9fff]{0,6}?(?:公园|保护区|名胜区|风景区|景区|旅游区|度假区|遗产|文物保护单位|开发区|高新区|新区|示范区|贫困县|湿地|博物馆|历史文化名城)/u;
/** "五星级酒店品质 / 同款 / 般": a grade borrowed for another product, which is a claim. */
const ZH_BORROWED_GRADE = /^(?:的)?(?:酒店|宾馆|饭店)?(?:级别|品质|同款|般|一样|标准|水准|享受|待遇|体验|级)/u;
/** Energy, water-efficiency and qualification grades (GB energy labels, 资质): facts on a label; 超甲级 is above any scale, a boast. */
const ZH_SCALE_GRADE = /(?:能效|能耗|水效|耗电|资质)(?:等级)?(?:为|是|达到|:|：)?(?:[一二三四五1-5１-５]|甲)级|(?:[一二三四五1-5１-５]|(?<!超)甲)级(?:能效|能耗|水效|资质|建造师|医院|写字楼)/u;
/** 最 + a feeling, or 最美好的 + a time of life: someone's emotion, not a product quality. */
/**
 * 最X的一次 / 一顿 / 一晚, 最…的经历: one occasion the writer lived through (最好吃的一次, 最失败的一次经历), a
 * past-tense experience report, not a property of the product. A market scope (史上最低的一次) is a claim.
 */
const ZH_OCCASION_AFTER_ZUI =
  /^[\u4e00-\u9fff]{1,5}?的(?:一次|一回|一顿|一餐|一晚|一夜|一趟)(?:了|啦|吧|呢)?(?:$|[，,。！!？?~～…]|经历|体验(?:了|过))|^[\u4e00-\u9fff]{1,5}?的(?:一段|一次)?(?:经历|旅行|旅程|假期)/u;
/** 最亲密的朋友 / 最要好的伙伴: how close two people are, not a product. */
const ZH_RELATION_AFTER_ZUI = /^(?:亲密|要好|亲近|知心|铁)的?(?:朋友|伙伴|玩伴|知己|亲人|家人|兄弟|姐妹|闺蜜|搭档|战友|同学)/u;
const ZH_EMOTION_AFTER_ZUI = /^(?:开心|快乐|幸福|高兴|兴奋|感动|难忘|温馨|放松|愉快|激动|欣慰|自豪|骄傲|伤心|难过|害怕|舒心|惬意|甜蜜|怀念)|^美好的?(?:时光|回忆|时刻|记忆|一天|日子|年华|青春|童年)/u;
/**
 * What the superlative modifies is a story, a feeling or an abstraction of life (最平实的语句, 完美的爱情故事,
 * 最简单的幸福), not the product.
 */
const ZH_ABSTRACT_AFTER = /^[\u4e00-\u9fff]{0,6}?的?(?:爱情|故事|结局|终结|境界|情节|情绪|语句|词句|诗句|名句|句子|语言|道理|时代|青春|童年|回忆|亲情|友情|幸福|快乐|悲剧|喜剧|人物|情感|感情|心灵|情怀|愿望|梦想|平凡|人生|生命|灵魂|岁月|真情|人性|天性)/u;
/** …or the sentence's subject is (生活永远是最打动人的, 爱情的最高境界). */
const ZH_ABSTRACT_SUBJECT = /(?:生活|人生|爱情|亲情|友情|感情|时光|岁月|青春|生命|幸福|故事|结局|情节)[，,\s]*(?:永远|总是|往往|才|就|都|也|还|已经|真是|实在)*(?:是|的)?$/u;

/**
 * A story, a film or a report around a crime word (这是一个关于杀人犯的故事, 电影讲述了…): what it is about. The
 * crime word is a person or an act (杀人犯, 凶手, 绑架), never a sale, a recipe or a contact (出售…, 制作…, …qq).
 */
const ZH_STORY = /故事|小说|电影|影片|剧情|情节|主人公|主角|讲述|讲的是|描写|描述|书中|片中|剧中|这本书|这部|作者|推理|悬疑|侦探|纪录片|电视剧|连续剧|新闻|报道|案件|真实事件/u;
const ZH_CRIME_WORD = /杀人|凶手|杀手|谋杀|凶杀|绑架|暗杀|屠杀|劫持|炸弹|恐怖分子|强奸犯/u;
/**
 * A character of a story right before the word (主人公最后康复了, 书中的女孩治好了病): the word tells what happened to them in
 * the story, not what a product does.
 */
const ZH_CHARACTER = /主人公|主角|男主|女主|书中的?(?:人物|女孩|男孩|老人|孩子|母亲|父亲|他|她)|故事里的?(?:人物|他|她)/u;
/** 万能插座, 万能钥匙: the name of a kind of thing (a universal socket), not a claim that something does everything. */
const ZH_UNIVERSAL_KIND_AFTER = /^(?:插座|插头|转换插头|转换器|钥匙|胶|表|充电器|遥控器?|扳手|工具箱?|读卡器|螺丝刀)/u;
const ZH_TRADE_OR_RECIPE = /制作|制造|出售|供应|卖|买|订购|转让|批发|专卖|直销|价格|网|qq|电话|方法|图纸|进程|技术/u;

/**
 * A statement about every child or all people (每一个孩子都是最好的礼物, 所有的母亲都是最伟大的): a saying about people, not a
 * product; a quantifier over goods (每一件都是最好的) is not read this way.
 */
const ZH_EVERY_PERSON_BEFORE =
  /(?:每一?[个位名]|所有的?|天下的?|全天下的?)(?:孩子|小孩|人|父母|母亲|父亲|妈妈|爸爸|女人|男人|女孩|男孩|宝宝|读者|老师|子女)(?:们)?(?:都|也)?(?:是|会是|就是|有着?)?$/u;
/**
 * 他 / 她 as the clause's subject (她是最勇敢的女孩, 他最懂得…): the rank describes a person; 给她 / 送她 / 让他 (a gift's receiver,
 * someone acted on) are not a subject.
 */
const ZH_PERSON_SUBJECT_BEFORE =
  /(?:^|[^给送让为帮对向和跟与把被替陪带教])(?:他|她)(?:们)?(?:[也都还就真却又更总]|真的|一直|永远|可以说|简直|确实|始终)*(?:是|为|成为|成了|算是|堪称)?(?:[^，,。！？!?他她]{0,4}的)?$/u;
const ZH_PERSON_AFTER = /^(?:的)?(?:[\u4e00-\u9fff]{0,2})(?:作家|作者|人物|演员|歌手|导演|画家|诗人|学者|教授|老师|大厨|厨师|运动员|选手|球员|棋手|人才|专家|艺术家|音乐家|科学家|明星|偶像|主播|人士)/u;

/**
 * A work ranked among its author's own works (他最好的一部小说, 作者最成功的作品): the writer compares the author with
 * themself, not the product with the market.
 */
const ZH_AUTHOR_BEFORE = /(?:他|她|作者|作家|导演|老师|先生|女士|大师|译者)(?:的|[写拍画唱演译作著][得的过]{1,2})?$/u;
const ZH_OEUVRE_AFTER_ZUI = /^[\u4e00-\u9fff]{1,4}的(?:一[部本首篇])?(?:作品|小说|著作|书|电影|片子|歌|专辑|诗|散文|文章)/u;

/**
 * Everyday two-character words that a term's first character may end, or its last character may begin: 交通 (交通便利
 * holds 通便), 火车 (去火车站 holds 去火), 食品 (取消食品 holds 消食), 强调 / 经济 (强调经济 holds 调经), 操心 (让我操心 holds 我操),
 * 爱好 / 个性 (个性爱好 holds 性爱, 个性服务 holds 性服务). A term cut across one of them is no term. Words that 操 would end (体操,
 * 节操) are left out: put before a swear (体操你妈) they would only hide it.
 */
const ZH_EVERYDAY_WORDS = new Set(
  (
    '火车 火锅 火腿 火柴 火山 火箭 火灾 火爆 火候 火速 火把 火光 火花 火星 便利 便宜 便捷 便于 便是 便当 便饭 便民 便携 ' +
    '热水 热情 热闹 热门 热线 热销 热点 热量 热度 热狗 湿度 湿巾 湿地 寒假 寒冷 寒风 食品 食物 食堂 食材 食谱 食欲 胃口 ' +
    '气温 气氛 气候 气质 气味 神奇 神秘 目的 目前 目标 目录 目光 阳光 阳台 交通 普通 沟通 流通 开通 精通 畅通 贯通 卡通 ' +
    '取消 打消 抵消 撤消 说明 聪明 光明 清明 文明 证明 透明 发明 鲜明 分明 顺利 胜利 权利 锐利 犀利 流利 公安 平安 晚安 治安 ' +
    '强调 协调 空调 单调 格调 声调 语调 基调 步调 低调 高调 色调 情调 经济 经验 经过 经常 经典 经营 经历 经理 ' +
    '操心 操作 操场 操练 操守 爱好 爱心 爱护 爱情 个性'
  ).split(' '),
);
/**
 * A term that opens with a numeral right after 第 is cut across an ordinal: 第一次过来 is 第一次 + 过来, not 一次过; 第一次通过携程
 * is "the first time, via Ctrip", not 一次通过. An exam named right after it (第一次通过考试) keeps the pass claim.
 */
const ZH_NUMERAL_START = /^[一二两三四五六七八九十]/u;
const ZH_EXAM_AFTER = /^[^，,。！？!?]{0,3}(?:考试|考核|率|认证|审核|面试|笔试|科目|驾考|答辩|评审|验收|[考测])/u;
const isCjk = (c: string | undefined): c is string => c !== undefined && c >= '\u3400' && c <= '\u9fff';
/**
 * Round 8: a medical word that is also a technical one, read in its technical sense when its clause names what that sense acts
 * on (降压 lowers a chip's voltage: cpu不能降频降压运行, 显卡降压). A gadget's copy that names no such part (智能手环，还能降压) or
 * a health word in the sentence (血压, 高血压, 患者) keeps the medical reading.
 */
const ZH_TECHNICAL_SENSE: ReadonlyMap<string, RegExp> = new Map([['降压', /cpu|gpu|处理器|显卡|主板|芯片|电压|降频|超频|主频|内核|bios|[\p{N}.]+\s*(?:v|伏)(?![a-z])/iu]]);
const ZH_HEALTH_CONTEXT = /血|病|患者|药|医|健康|三高|心脑/u;

const ZH: Table = {
  word: (v) => {
    const prev = v.before.slice(-1);
    const next = v.after.charAt(0);
    if (prev === '第' && ZH_NUMERAL_START.test(v.match) && !ZH_EXAM_AFTER.test(v.after)) return true;
    const technical = ZH_TECHNICAL_SENSE.get(v.match);
    if (technical !== undefined && technical.test(v.clauseBefore + v.match + v.clauseAfter) && !ZH_HEALTH_CONTEXT.test(v.before + v.after)) return true;
    return (isCjk(prev) && ZH_EVERYDAY_WORDS.has(prev + v.match.charAt(0))) || (isCjk(next) && ZH_EVERYDAY_WORDS.has(v.match.slice(-1) + next));
  },
  person: (v) =>
    ZH_PERSON_AFTER.test(v.after) ||
    ZH_PERSON_SUBJECT_BEFORE.test(v.clauseBefore) ||
    (ZH_AUTHOR_BEFORE.test(v.clauseBefore) && ZH_OEUVRE_AFTER_ZUI.test(zhAfterZui(v) ?? '')) ||
    ZH_EVERY_PERSON_BEFORE.test(v.clauseBefore),
  story: (v) =>
    (ZH_CRIME_WORD.test(v.match) && !ZH_TRADE_OR_RECIPE.test(v.match) && ZH_STORY.test(v.whole)) ||
    ZH_CHARACTER.test(v.before.slice(-16)),
  expletive: () => false,
  title: (v) => v.inBrackets || ZH_NAMING_BEFORE.test(v.before) || ZH_QUOTED_TITLE.test(v.after) || (v.match === '万能' && ZH_UNIVERSAL_KIND_AFTER.test(v.after)),
  negative: (v) => {
    // 最最脆弱: a doubled 最 intensifies the same word.
    const a = zhAfterZui(v)?.replace(/^最+/u, '');
    if (a !== undefined && (ZH_NEGATIVE.test(a) || ZH_EVEN_THE_MOST.test(a))) return true;
    if (v.match.includes('第一') && !ZH_RANKING_SCOPE.test(v.clauseBefore) && ZH_NEGATIVE_RANK_BEFORE.test(v.clauseBefore.replace(/排(?:名|行)?$/u, ''))) return true;
    if (!v.match.startsWith('绝对')) return false;
    const rest = v.match.slice(2) + v.after;
    return ZH_COMPLAINT_AFTER.test(rest) || ZH_BAD_FEELING_AFTER.test(rest) || ZH_RESOLVE_ON_SOMEONE_AFTER.test(rest);
  },
  discourse: (v) => {
    const a = zhAfterZui(v);
    if (a !== undefined && ZH_CLEFT_NAMES_SELLER.test(a)) return false;
    if (a !== undefined && (ZH_DISCOURSE_AFTER_ZUI.test(a) || ZH_ASKING_WHICH.test(a))) return true;
    if (a !== undefined && ZH_ADVICE_VERB_OBJECT_AFTER_ZUI.test(a) && ZH_ADVICE_OR_CONDITION.test(v.before) && !ZH_MARKET_SCOPE.test(v.before)) return true;
    // 本书最好的理念是 / 这部电影最好的地方是: 最 ranks the parts of a work named just before, inside it, a reader's pick.
    if (a !== undefined && ZH_WORK_SCOPE_BEFORE.test(v.clauseBefore) && ZH_PART_OF_WORK_AFTER_ZUI.test(a)) return true;
    // 唯一的好处 / 唯一感到满意的是: "the only good thing is ...", a reviewer's frame, not a claim of uniqueness.
    const i = v.match.lastIndexOf('唯一');
    return i >= 0 && ZH_DISCOURSE_AFTER_ONLY.test(v.match.slice(i + 2) + v.after);
  },
  position: (v) => {
    const a = zhAfterZui(v);
    return a !== undefined && (ZH_POSITION_AFTER_ZUI.test(a) || ZH_SETTING_BEFORE.test(v.before));
  },
  preference: (v) => {
    // 你是他的唯一: someone's only one, named as a noun at the end of a clause, as 女儿的最爱 is someone's favourite.
    if (v.match.endsWith('唯一') && ZH_SOMEONES_BEFORE.test(v.before) && ZH_CLAUSE_END.test(v.after)) return true;
    const a = zhAfterZui(v);
    if (a === undefined) return false;
    if (ZH_OWN_FEELING.test(a) || ZH_LIKES_DOING.test(a)) return true;
    // 心中的最爱 / 女儿的最爱: someone's favourite, named as a noun.
    if (/^爱(?:$|[，,。！!？?~～…])/u.test(a) && /的$/u.test(v.before)) return true;
    // 最喜欢这本书了 at the start of a sentence: Chinese drops the subject, and the one who likes is the writer.
    // 最爱她…, 最爱看…: the same, with 爱 taking a person or an activity.
    // …at the start of a clause too (冰心的那些文字，最喜欢，看得最多的是散文).
    // 最爱刘谦的: 爱 taking whatever it takes, short of 的 (最爱的单品 is a noun phrase, "the favourite item").
    if ((v.before.trim() === '' || v.clauseBefore.trim() === '') && /^(?:喜欢|喜爱|欣赏|讨厌|怕|爱(?!的|之))/u.test(a)) return true;
    // 她最熟悉也最热爱的故乡: a second feeling joined to the first shares its subject.
    if (!ZH_PERSON.test(v.clauseBefore.replace(ZH_JOINED_SUPERLATIVES, ''))) return false;
    return ZH_PSYCH.test(a) || /^爱(?!用|买)/u.test(a);
  },
  reviewer: (v) => ZH_REVIEWER.test(v.before) || ZH_FIRST_PERSON.test(v.after),
  // 难道不是最好的吗 negates only to claim the more: a rhetorical question is no negation.
  negated: (v) =>
    (ZH_NEGATED_BEFORE.test(v.clauseBefore) ||
      (ZH_AMONG_A_FEW_BEFORE.test(v.clauseBefore) && !ZH_MARKET_SCOPE.test(v.clauseBefore)) ||
      ZH_ATTRIBUTED_BEFORE.test(v.before) ||
      (ZH_MEDICAL_WORD.test(v.match) && (ZH_DISCLAIMER_BEFORE.test(v.clauseBefore) || ZH_NOT_REACHED_BEFORE.test(v.clauseBefore) || ZH_NOT_REACHED_AFTER.test(v.after))) ||
      (ZH_PROMISE_WORD.test(v.match) && ZH_PROMISE_DENIED_BEFORE.test(v.clauseBefore)) ||
      (ZH_ABSOLUTE_WORD.test(v.match) && (ZH_DEGREE_BEFORE.test(v.clauseBefore) || ZH_AIM_BEFORE.test(v.clauseBefore))) ||
      (v.match.includes('最') && ZH_GENERIC_AFTER.test(zhAfterZui(v) ?? ''))) &&
    !(ZH_RHETORICAL.test(v.before + v.match + v.after) && (v.terminator === '？' || v.terminator === '?' || /[吗么]\s*$/u.test(v.after))),
  question: (v) => {
    if (!(v.terminator === '？' || v.terminator === '?' || /[吗么]\s*$/u.test(v.after))) return false;
    const sentence = v.before + v.match + v.after;
    return !ZH_RHETORICAL.test(sentence) && ZH_ASKING.test(sentence);
  },
  grade: (v) => {
    const star = v.match.indexOf('星');
    if (v.match === '完美' && ZH_TRADE_TERM_AFTER.test(v.after)) return true;
    const graded = star >= 0 && (ZH_STAR_NUMERAL.test(v.before + v.match.slice(0, star)) || (v.match.startsWith('星级') && /^(?:宾馆|酒店|饭店)/u.test(v.after)));
    if (graded && !ZH_BORROWED_GRADE.test(v.after) && ZH_LODGING.test(v.whole)) return true;
    // 四星级嘛 / 符合四星级标准: a grade below the top of its scale rates, it does not boast (四星级品质 borrowed still claims).
    if (star >= 0 && ZH_LOWER_STAR.test(v.before + v.match.slice(0, star)) && !ZH_BORROWED_QUALITY.test(v.after)) return true;
    // 平遥的星级是不能相信的: the rating itself, as a noun, not a grade given to anything.
    if (v.match === '星级' && !ZH_STAR_NUMERAL.test(v.before) && (ZH_RATING_NOUN_BEFORE.test(v.before) || ZH_RATING_NOUN_AFTER.test(v.after))) return true;
    // 国家级的湿地公园: a place's official designation, not a product's rank.
    if (v.match.endsWith('级') && ZH_OFFICIAL_SITE_AFTER.test(v.after)) return true;
    if (!v.match.includes('级')) return false;
    return ZH_SCALE_GRADE.test(v.before.slice(-6) + v.match + v.after.slice(0, 6));
  },
  emotion: (v) => {
    // 完美！ / 太完美了！: an exclamation of the writer's feeling, the sentence saying nothing about anything.
    if (ZH_EXCLAIMED.test(v.terminator + v.ending) && ZH_DEGREE_ONLY.test(v.before) && ZH_PARTICLES_ONLY.test(v.after)) return true;
    const a = zhAfterZui(v);
    if (a !== undefined && (ZH_EMOTION_AFTER_ZUI.test(a) || ZH_RELATION_AFTER_ZUI.test(a))) return true;
    if (a !== undefined && ZH_OCCASION_AFTER_ZUI.test(a) && !ZH_MARKET_SCOPE.test(v.before)) return true;
    if (ZH_ABSTRACT_SUBJECT.test(v.before.slice(-16))) return true;
    return ZH_ABSTRACT_AFTER.test(a ?? v.after);
  },
  enumeration: (v) => {
    if (ZH_RANKING_SCOPE.test(v.clauseBefore)) return false;
    // 第一，… / 第一 散热一般: "first," opening a point of a list.
    if (v.match === '第一' && /^[\s\p{N}.、:：)）]*$/u.test(v.clauseBefore) && /^[\s，,、:：.．]/u.test(v.after)) return true;
    const i = v.match.lastIndexOf('第一');
    if (i >= 0 && ZH_ORDINAL_AFTER.test(v.match.slice(i + 2) + v.after)) return true;
    return ZH_LATER_ORDINAL.test(v.whole);
  },
};

const EN_NEGATED_BEFORE =
  /\b(?:not|never|far from|hardly|isn't|wasn't|aren't|weren't|ain't|no longer|anything but|less than|cannot|can't|can’t|doesn't|doesn’t|don't|don’t|didn't|didn’t|won't|won’t|couldn't|couldn’t)\s+(?:(?:really|quite|exactly|necessarily|always|the|a|in|of|my|at)\s+){0,3}$/u;
const EN_HEDGE_BEFORE = /\b(?:possibly|probably|perhaps|maybe|arguably|might be|may be|could be)\s+(?:the\s+|one of the\s+)?$|\b(?:one|some|many|several|few|two|three|among)\s+of\s+(?:the|our|their|his|her|its|my|your)?\s*(?:very\s+)?$|\bat\s+(?:its|his|her|their|my|your|our)?\s*$|(?:\b(?:my|your|his|her|its|their)|\w['’]s|\ws['’])\s+(?:own\s+)?(?:very\s+)?$|\bup there with the\s+$|\bamong the\s+$/u;
const EN_DISCOURSE_AFTER = /^\s*(?:of all|of luck|of both worlds|part|parts|thing|things|bit|moment|moments|scene|scenes|example|way|feature|aspect|news|advice|option would be|bet is|guess|case|i can say)\b|^\s*(?:of|in)\s+(?:the\s+)?(?:series|bunch|lot|batch|group|three|two|four|five)\b/u;
const EN_DISCOURSE_BEFORE = /\b(?:the|my|your)\s+(?:very\s+)?$/u;
/** The writer's own voice (I, my, we've tried, voted); a sentence that opens with "Voted best …" is a seller's award line instead. */
const EN_REVIEWER = /(?:^|[^\w'’])(?:i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|me|my|mine|imo|imho)(?![\w'’])|\b(?:we|we've|we’ve|we have|they|they've)\s+(?:(?:have|had|ever|ve|really|probably|definitely)\s+)*(?:had|tried|tasted|eaten|seen|used|been|visited|watched|owned|bought|heard)\b|\bin (?:my|our) (?:opinion|view|experience|book)\b|(?<!^\s*)\bvoted\b|\bsaid\b/u;
const EN_REVIEWER_AFTER = /\b(?:i|i've|i’ve|i have|we've|we’ve|we have|we|i'd|i’d)\s+(?:(?:ever|have|had|probably|really|definitely|personally|yet)\s+)*(?:had|tried|tasted|eaten|seen|used|been|visited|watched|owned|bought|heard|found|experienced|come across|read|played|ordered)\b|\b(?:in my|in our) (?:life|opinion|experience|book)\b|\bever (?:made|created|filmed|produced|written)\b/u;
/**
 * A report of the writer's own purchase or use (I bought, we received, my wife, after two weeks): a
 * review. Also read from earlier sentences, whose voice later sentences inherit.
 */
const EN_USE_REPORT =
  /\b(?:i|we)\s+(?:(?:just|recently|finally|have|had|already|actually|also|then)\s+)*(?:bought|purchased|ordered|received|got|own|owned|used|tried|returned|stayed|exchanged|upgraded|replaced|picked up)\b|\b(?:i|we)(?:'ve|’ve| have)\s+(?:been\s+)?(?:using|owned|had)\b|\bmy (?:wife|husband|son|daughter|kids?|girlfriend|boyfriend|mom|dad|mother|father|friend|partner)\b|\bafter (?:a|one|two|three|four|several|a few|\d+) (?:days?|weeks?|months?|years?) (?:of|with)\b/u;
/**
 * The writer's mixed verdict or colloquial "this thing": ad copy does not concede nor call its product a thing, nor say that
 * something sucks or that it is a shame. A sentence that opens by conceding a complaint made before it ("other than that,",
 * "that said,") gives the writer's verdict after weighing it.
 */
const EN_VERDICT =
  /^\s*(?:other than that|apart from that|aside from that|besides that|that said|having said that|that being said)\b|\b(?:but|however|although|though|except|only (?:complaint|problem|downside|drawback|gripe))\b.{0,50}?\b(?:not|\w+n['’]t|no|poor|bad|problem|issue|wish|lacks?|lacking|missing|annoying|too (?:small|big|expensive|heavy|slow|short|long))\b|\bthis thing\b|\b(?:this|my|our) purchase\b|\bi (?:think|guess|believe|feel|suppose)\b|\b(?:sucks?|sucked|stinks|crappy|clunky|flimsy)\b|\b(?:a|such a) (?:shame|pity)\b|\btoo bad\b/u;
/**
 * A consumer's casual register: repeated exclamation marks, emoticons, "lol", the writer's own party
 * ("our server", "our son", "we ordered").
 */
const EN_CASUAL =
  /!{2,}|(?:^|\s)[:;]-?[)(dpD](?=\s|$|[.!,])|\blol\b|\bour (?:server|waiter|waitress|son|daughter|kids?|family|group|party|table|friends?|husband|wife)\b|\bwe (?:went|ordered|ate|sat|waited|stayed|arrived|visited)\b/u;
/**
 * The forms of "number one" (No.1, #1, number one; read width-folded with separators dropped, so N o . 1 and Ｎｏ．１ are too): after a
 * noun's possessive (Derby's No.1) they rank in a market.
 */
const EN_NUMBER_ONE = /^(?:no1|nr1|#1|numberone|number1)$/u;
const isNumberOne = (match: string): boolean => EN_NUMBER_ONE.test(match.normalize('NFKC').toLowerCase().replace(/[^a-z0-9#]/gu, ''));
const EN_NOUN_POSSESSIVE_BEFORE = /(?:\b(?!(?:it|he|she|one)['’]s\b)\w+['’]s|\ws['’])\s+(?:own\s+)?(?:very\s+)?$/u;
/** A market's possessive (the world's, the UK's, Europe's fastest): a scope, whatever superlative follows, not someone's own best. */
const EN_MARKET_POSSESSIVE_BEFORE =
  /\b(?:world|nation|country|industry|market|planet|uk|britain|england|scotland|wales|ireland|europe|america|usa|canada|australia|asia|china|india|japan|germany|france|city|town|county|state|region)['’]s\s+$/u;
/** A step, part or rule numbered one (step number one, rule #1): a sequence, not a rank. */
const EN_SEQUENCE_NOUN_BEFORE = /\b(?:step|part|rule|tip|lesson|chapter|day|question|round|item|point|phase|stage|track|episode|page)\s+$/u;
const EN_LATER_ORDINAL = /#\s?2\b|\bno\.?\s?2\b|\bnumber (?:two|2)\b|\bsecond(?:ly)?\b|\b2(?:nd)?[.)]\s/u;
const EN_NAMING_BEFORE = /\b(?:called|named|titled|entitled|dubbed|the film|the movie|the show|the book|the song|the album|the game)\s+["“']?(?:[\w'’-]+\s+){0,3}$/u;
const EN_POSITION_AFTER = /^\s*(?:setting|level|position|speed|heat|power|gear|notch|option on)\b/u;
const EN_SETTING_BEFORE = /\b(?:set (?:it )?(?:to|on|at)|turn(?:ed)? (?:it )?(?:up )?to|on (?:the )?)\s*(?:the\s+)?$/u;
const EN_PREFERENCE = /\b(?:my|his|her|their|kids'?|children's|family's|wife's|husband's)\s+(?:all[- ]time\s+)?$/u;

/** A film, a book or a report around a crime word ("a film about a school shooting"): what it is about. */
const EN_STORY = /\b(?:film|movie|book|novel|story|stories|plot|documentary|series|episode|thriller|character|protagonist|narrative|chapter|author|director|screenplay|drama|news|report|reported|headline)s?\b/u;
const EN_STORY_WORD = /^(?:mass shooting|school shooting|terrorist attack|beheading)$/u;
/**
 * fuck / fucking as an interjection or an intensifier ("total fucking mess", "Fuck Sky", "fuck."): not when
 * it takes a person as its object ("fucking her"), which is sexual.
 */
const EN_EXPLETIVE_WORD = /^(?:fuck|fucking|fuckin)$/u;
/**
 * Venting: anger, pain or a complaint near the word ("so fucking angry", "I fucking hate", "total fucking mess").
 * "fucking" next to praise ("a fucking great deal") sells, and stays a finding; a bare "fuck" is an interjection.
 */
const EN_VENTING = /\b(?:hate[sd]?|mess|angry|mad|stupid|sucks?|ugh|damn|worse|worst|terrible|horrible|awful|bitch\w*|idiot\w*|annoying|tired|sick|hell|wtf|cry\w*|depress\w*|pissed|broken?|ruin\w*|lost|hurts?|sad|bored|shit\w*|crap|useless)\b/u;
const EN_SEXUAL_OBJECT = /^\s*(?:her|him|me|them|us|each other|my|his|your|their|girls?|guys?|women|men|sluts?|whores?)\b/u;

/** Round 8: "so much for X" (So much for "detox") dismisses X: the writer says it did not happen. */
const EN_DISMISSED_BEFORE = /\bso much for\s*(?:the\s+)?["“'‘]?\s*$/u;
/** Round 8: "you're the best", "you are such a …": praise of the person addressed, a reply to someone, not a product ranked. */
const EN_ADDRESSEE_BEFORE = /(?:^|[^\w'’])(?:you(?:['’]re| are| were)|u r|ur)\s+(?:(?:truly|really|simply|just|so|still|seriously)\s+)?(?:the|such a|a)\s+(?:very\s+)?$/u;
const EN_PERSON_AFTER = /^\s*(?:[a-z-]+\s+)?(?:writer|author|actor|actress|singer|director|painter|poet|scholar|professor|teacher|chef|cook|athlete|player|pianist|musician|scientist|artist|performer|cast(?!-)|cinematographer|producer|composer|novelist|comedian)s?\b/u;

const EN_ASKING_START = /^\s*(?:is|are|was|were|do|does|did|can|could|would|will|should|which|what|who|where|how|any)\b|\b(?:is|are) (?:it|this|that|these|they)\b/u;
const EN_RHETORICAL = /\b(?:isn't|aren't|wasn't|don't|doesn't|won't|wouldn't|why not|what could be better|could it be any)\b|\bwho (?:else|wouldn't)\b/u;
const EN_GRADE_AFTER = /^\s*(?:tickets?|seats?|cabins?|flights?|fares?|lounges?|mail|stamps?|post|carriages?|compartments?|honou?rs|degree|passengers?|upgrades?|section|travel)\b/u;
const EN_GRADE_BEFORE = /\b(?:fly|flew|flown|flying|travel(?:l?ed|l?ing)?|upgraded? to|booked?|sat in|seated in|sitting in)\s+$/u;
const EN_EMOTION_AFTER = /^\s*(?:day|days|time|times|moment|moments|night|nights|memories|memory|years|holiday|holidays|vacation|trip|weekend|birthday|friend|friends|buddy|buddies|mate|mates|man|of times)\b/u;
/**
 * One occasion the writer had (the best meal of our trip, "best purchase ever."): an event closed by "ever", "of my/our …",
 * the writer or the end of the clause, not an offer ("the best meal deal").
 */
const EN_OCCASION_AFTER = /^\s*(?:purchase|meal|dinner|lunch|breakfast|brunch|stay|visit|date|ride|concert|game)(?=\s*(?:ever\b|of (?:my|our)\b|i\b|we\b|[.!?,;]|$))/u;

const EN: Table = {
  word: () => false,
  story: (v) => EN_STORY_WORD.test(v.match) && EN_STORY.test(v.whole),
  expletive: (v) => EN_EXPLETIVE_WORD.test(v.match) && !EN_SEXUAL_OBJECT.test(v.after) && (v.match === 'fuck' || EN_VENTING.test(v.whole)),
  question: (v) => {
    if (v.terminator !== '?') return false;
    const sentence = v.before + v.match + v.after;
    return EN_ASKING_START.test(v.before) && !EN_RHETORICAL.test(sentence);
  },
  grade: (v) => /first[- ]class/u.test(v.match) && (EN_GRADE_AFTER.test(v.after) || EN_GRADE_BEFORE.test(v.before)),
  emotion: (v) => /\b(?:best|greatest|happiest)\b/u.test(v.match) && (EN_EMOTION_AFTER.test(v.after) || EN_OCCASION_AFTER.test(v.after)),
  person: (v) => EN_PERSON_AFTER.test(v.after) || EN_ADDRESSEE_BEFORE.test(v.before),
  title: (v) => v.inBrackets || EN_NAMING_BEFORE.test(v.before) || /^[^"“”]*["”]\s*(?:is|was)\s+(?:a|an|the)\s+(?:film|movie|game|show|book|song)\b/u.test(v.after),
  negative: (v) => EN_NEGATED_BEFORE.test(v.clauseBefore),
  discourse: (v) => EN_DISCOURSE_AFTER.test(v.after) && (EN_DISCOURSE_BEFORE.test(v.before) || /^\s*of\s+(?:all|luck)\b/u.test(v.after) || v.before.trim() === ''),
  position: (v) => EN_POSITION_AFTER.test(v.after) && EN_SETTING_BEFORE.test(v.before),
  preference: (v) => EN_PREFERENCE.test(v.before),
  reviewer: (v) => EN_REVIEWER.test(v.before) || EN_REVIEWER_AFTER.test(v.after),
  negated: (v) =>
    EN_NEGATED_BEFORE.test(v.clauseBefore) ||
    EN_DISMISSED_BEFORE.test(v.before) ||
    (EN_HEDGE_BEFORE.test(v.clauseBefore) &&
      !EN_MARKET_POSSESSIVE_BEFORE.test(v.clauseBefore) &&
      !(isNumberOne(v.match) && EN_NOUN_POSSESSIVE_BEFORE.test(v.clauseBefore))) ||
    /^\s*(?:at best|,?\s*at best)\b/u.test(v.after),
  enumeration: (v) => EN_LATER_ORDINAL.test(v.whole) || (isNumberOne(v.match) && EN_SEQUENCE_NOUN_BEFORE.test(v.before)),
};

/**
 * Without a declared voice: does the sentence around the hit sound like a review rather than an ad? A report of the
 * writer's own purchase or use, a mixed or negative verdict, a closing guess (…吧), or a hedge
 * (也许 / 应该是 / 据说) that no market scope (全网 / 史上) turns back into a claim.
 */
/** The use-report, verdict, casual-register and reader signals in one pass. */
const ZH_REVIEW_SIGNS = new RegExp(`${ZH_USE_REPORT.source}|${ZH_VERDICT.source}|${ZH_CASUAL.source}|${ZH_READER.source}`, 'u');

/**
 * The writer's own time and history (昨天, 上次, 那次, 这辈子, 长这么大, 第一次来): a report of what happened to
 * them, which ad copy is not; with a market scope (去年销量第一) it stays a claim.
 */
const ZH_OWN_TIME = /昨天|昨晚|前天|上次|那次|那天|那晚|当时|小时候|上周|上个月|这辈子|平生|生平|长这么大|有生以来|活这么大/u;
/**
 * A settled verdict closed by 了 (这是桐乡最好的酒店了, 算是很好的了): the writer's conclusion; copy addressed to
 * a buyer (你 / 您), spoken by the seller (我们 / 本店) or urging them is not read this way.
 */
/** The buyer addressed (你 / 您) or the seller speaking of itself (我们 / 本店 / 本品): copy, not a verdict. */
const ZH_ADDRESSEE_OR_SELLER = /[你您]|我们|我司|本店|本品|本公司|本酒店|本产品|咱家|小店/u;
const ZH_SETTLED_VERDICT = /(?:是|算|属)[^，,。！？!?]{0,14}的[\u4e00-\u9fff]{0,6}了[。！!~～.\s]*$/u;

/**
 * Round 7: the register a review is written in, scored rather than matched phrase by phrase. Each group of cues counts once;
 * a group that ad copy does not use counts 2 (laughter and interjections; emoticons and doubled punctuation such as ，，
 * ？？ or ！？; a closing 啊 / 呢 / 嘛 / 哈 / 咯), a group it uses now and then counts 1 (trailing off, ……; a closing 哦 / 啦 / 呀; a
 * casual intensifier such as 超喜欢 / 好可爱 / 太…了; the writer's family; the writer's own past, 这次 / 原以为 / 没想到; the shop,
 * delivery or platform spoken of as a third party, 当当 / 快递 / 客服; a reader's words for a work, 小说 / 情节 / 主人公). A
 * sentence at 2 or more reads as a review unless it holds a mark of copy (ZH_COPY_MARK). The weights are set by that rule, not
 * fitted: which cue ad copy uses was judged from the language, and the development sets of round 7 only checked the result.
 */
const ZH_REGISTER_CUES: readonly { readonly cue: RegExp; readonly weight: 1 | 2 }[] = [
  // Laughter and interjections; not 晕 / 汗 inside a word (晕车, 止汗, 汗水), which ads for such products use.
  { cue: /呵呵|哈哈|嘿嘿|嘻嘻|唉|哎|嗯|(?<![头眼])晕(?![车船机眩厥倒乎])|(?<![止出排吸流盗防多狐发冒])汗(?![水液毛腺衫蒸渍味臭])|囧|哇塞|天哪|我靠|郁闷/u, weight: 2 },
  // Emoticons and doubled clause punctuation.
  { cue: /\^[_-]?\^|\(\*?\^|[:：][)）(（]|[，,]{2,}|[?？]{2,}|[!！][?？]|[?？][!！]/u, weight: 2 },
  // A closing 啊 / 呢 / 嘛 / 哈 / 咯, or 滴 for 的 (不错滴), not a drop (只需一滴).
  { cue: /(?:[啊呢嘛哈咯]|(?<![一两几数\p{N}])滴)[\s。！!？?~～…．.]*$/u, weight: 2 },
  // Trailing off (…… / ......): copy uses it now and then (更多惊喜……).
  { cue: /\.{3,}|…{2,}/u, weight: 1 },
  { cue: /[哦啦呀喽][\s。！!？?~～…．.]*$/u, weight: 1 },
  { cue: /超(?:喜欢|爱|好看|好玩|可爱|有趣|赞|棒|感动|失望|烂|差|累|慢|贵)|好(?:可爱|喜欢|开心|感动|好玩|有趣|失望)|太[\u4e00-\u9fff]{1,4}了|老(?:喜欢|方便|好)/u, weight: 1 },
  // The writer's own family (not 宝宝 / 孩子, whom ads for children's goods address).
  { cue: /儿子|女儿|闺女|老公|老婆|老妈|老爸|我家|小家伙|同事/u, weight: 1 },
  { cue: /这次|原以为|本以为|没想到|终于|之前|以前|后来|开始以为/u, weight: 1 },
  { cue: /当当|携程|快递|物流|发货|送货|客服|退货|换货|卖家|掌柜|店家/u, weight: 1 },
  { cue: /小说|情节|章节|主人公|主角|这本|这套|那本|读完|看完|翻看/u, weight: 1 },
];
/** Marks of copy: the buyer addressed as 您, the seller speaking of itself, an offer or an urge. One vetoes the register. */
const ZH_COPY_MARK = /您|亲[，,！!]|本店|本品|本公司|我司|小店|欢迎|选购|抢购|订购|包邮|优惠|特价|限时|促销|热销|新品|下单|咨询|热线|立即|马上|赶紧|快来/u;

const ZH_PUNCTUATION_RUN = /^[\s。！!？?~～…．.，,]*/u;

/** The review-register score of a sentence (ZH_REGISTER_CUES), read without the hit; counting stops once it reaches `cap`. */
export function zhRegisterScore(sentence: string, cap = Infinity): number {
  let score = 0;
  for (const { cue, weight } of ZH_REGISTER_CUES) {
    if (cue.test(sentence)) score += weight;
    if (score >= cap) break;
  }
  return score;
}

/**
 * A review's register: no mark of copy in the sentence (read first: most ad copy holds one) and a score of 2 or more, closing
 * punctuation included.
 */
export function zhHasReviewRegister(sentence: string, closing = ''): boolean {
  return !ZH_COPY_MARK.test(sentence) && zhRegisterScore(sentence + closing, 2) >= 2;
}

/**
 * `scoped`: the hit's own clause ranks against a market (全网销量第一, 行业第一品牌, 世界级): only a report of the writer's own
 * purchase or use, or a concession (不过价格也是最贵的), makes that a review; a casual word or a reader's voice elsewhere in the
 * sentence does not (宝贝质量很棒，全网销量第一 is a seller's line).
 */
function zhSoundsLikeReview(sentence: string, scoped: boolean, ending: string): boolean {
  if (ZH_URGE_TO_BUY.test(sentence)) return false;
  if (scoped) return ZH_USE_REPORT.test(sentence) || ZH_VERDICT.test(sentence);
  if (ZH_REVIEW_SIGNS.test(sentence) || (ZH_GUESS_END.test(sentence) && !ZH_URGE.test(sentence))) return true;
  if (ZH_MARKET_SCOPE.test(sentence)) return false;
  if (ZH_OWN_TIME.test(sentence)) return true;
  if (ZH_SETTLED_VERDICT.test(sentence) && !ZH_ADDRESSEE_OR_SELLER.test(sentence) && !ZH_URGE.test(sentence)) return true;
  // The closing punctuation run counts for the register (……, ？？, ！？), not what follows it.
  if (zhHasReviewRegister(sentence, ZH_PUNCTUATION_RUN.exec(ending)![0])) return true;
  return ZH_HEDGE.test(sentence);
}

/**
 * A market the hit ranks against (the best blender on the market, #1 in America, the best deal on the internet): as in zh,
 * only a report of the writer's own use or a mixed verdict makes that a review, not a casual "!!" or ":)". Local scopes
 * ("in town") are a diner's everyday verdict and are not read this way.
 */
const EN_MARKET_SCOPE =
  /\b(?:on the market|in (?:the )?(?:world|america|the us|the usa|the uk|the country|the industry|its class|the universe)|on (?:earth|the planet|the internet)|online|anywhere|of all time|ever made)\b/u;
/** An urge to buy now (order now, buy today, get yours): a seller pressing the reader, never a review. */
const EN_URGE_TO_BUY = /\b(?:order|buy|shop|call|subscribe|sign up)\s+(?:now|today)\b|\b(?:get|grab) yours\b/u;

function enSoundsLikeReview(sentence: string, ending: string, scoped: boolean): boolean {
  if (EN_URGE_TO_BUY.test(sentence)) return false;
  if (scoped) return EN_USE_REPORT.test(sentence) || EN_VERDICT.test(sentence);
  return EN_USE_REPORT.test(sentence) || EN_VERDICT.test(sentence) || EN_CASUAL.test(sentence + ending);
}
