/**
 * The prompt builder: a pure function from a copy request to the system prompt and user message a
 * chat model receives, plus the SHA-256 of both, which every variant records as lineage. The same
 * request always gives the same prompt and hash; the seed is deliberately left out.
 */
import { createHash } from 'node:crypto';
import type { Channel, Locale } from '../compliance';
import type { CopyRequest } from './model';
import type { Tone } from './schema';

/**
 * How the model is asked to answer: `text` (the copy alone, what Bedrock gets) or `json` (one object
 * `{"copy": "…"}`, for OpenAI-compatible endpoints in JSON mode, whose `response_format` requires the
 * prompt itself to ask for JSON). The facts, tone, segment and feedback are the same either way.
 */
export type ReplyFormat = 'text' | 'json';

export interface PromptOptions {
  /** @default 'text' */
  format?: ReplyFormat;
}

export interface Prompt {
  system: string;
  user: string;
  /** SHA-256 (hex) of the canonical JSON of `{ system, user }`. */
  hash: string;
}

/** Angles that keep the variants of one audience apart. */
export const ANGLES = ['benefit', 'material', 'value', 'lifestyle', 'detail'] as const;
export type Angle = (typeof ANGLES)[number];
export const angleOf = (variantIndex: number): Angle => ANGLES[variantIndex % ANGLES.length]!;

const CHANNEL_NAMES: Record<Locale, Record<Channel, string>> = {
  'zh-CN': {
    sms: '短信',
    push: 'App 推送',
    'search-ad-headline': '搜索广告标题',
    'search-ad-description': '搜索广告描述',
    feed: '信息流广告',
    'email-subject': '邮件标题',
  },
  en: {
    sms: 'SMS',
    push: 'app push notification',
    'search-ad-headline': 'search ad headline',
    'search-ad-description': 'search ad description',
    feed: 'social feed ad',
    'email-subject': 'email subject line',
  },
};

const TONE_NAMES: Record<Locale, Record<Tone, string>> = {
  'zh-CN': { playful: '活泼俏皮', premium: '高级精致', warm: '温暖亲切', professional: '专业可信', urgent: '紧迫促销' },
  en: { playful: 'playful', premium: 'premium and refined', warm: 'warm and friendly', professional: 'professional and credible', urgent: 'urgent, promotional' },
};

const ANGLE_NAMES: Record<Locale, Record<Angle, string>> = {
  'zh-CN': { benefit: '突出核心功能带来的好处', material: '突出材质与做工', value: '突出价格与性价比', lifestyle: '描绘使用场景与生活方式', detail: '突出一个具体细节' },
  en: { benefit: 'lead with the main benefit', material: 'lead with material and craft', value: 'lead with price and value', lifestyle: 'paint the moment of use', detail: 'lead with one concrete detail' },
};

const REPLY_INSTRUCTION: Record<Locale, Record<ReplyFormat, string>> = {
  'zh-CN': {
    text: '只输出文案本身，不要引号、标题、解释或多个备选。',
    json: '只输出一个 JSON 对象，格式为 {"copy": "文案"}；不要输出其他内容、解释或多个备选。',
  },
  en: {
    text: 'Reply with the copy only: no quotes, headings, explanations or alternatives.',
    json: 'Reply with one JSON object of the form {"copy": "<the copy>"} and nothing else: no explanations or alternatives.',
  },
};

const SYSTEM: Record<Locale, (request: CopyRequest, format: ReplyFormat) => string> = {
  'zh-CN': (request, format) =>
    [
      `你是一名资深中文广告文案，为${CHANNEL_NAMES['zh-CN'][request.channel]}撰写一条简体中文文案。`,
      '必须遵守《中华人民共和国广告法》：',
      '- 不得使用绝对化用语（如“最”“第一”“国家级”“顶级”“极致”“唯一”“首选”“100%”）；',
      '- 不得保证功效或收益，非医疗产品不得宣称疾病预防或治疗作用；',
      '- 不得包含电话号码、邮箱、身份证号等个人信息；',
      '- 只使用下方提供的产品事实，不得编造数据、奖项或认证。',
      `文案长度不超过 ${request.constraints.maxLength} 个字符（含标点）。`,
      ...(request.constraints.requiredDisclaimer ? [`文案末尾必须原样包含免责声明：“${request.constraints.requiredDisclaimer}”。`] : []),
      ...(request.constraints.forbiddenTerms.length > 0 ? [`不得出现以下词语：${request.constraints.forbiddenTerms.join('、')}。`] : []),
      REPLY_INSTRUCTION['zh-CN'][format],
    ].join('\n'),
  en: (request, format) =>
    [
      `You are a senior copywriter. Write one ${CHANNEL_NAMES.en[request.channel]} in English.`,
      'Advertising rules you must follow:',
      '- no absolute claims or rankings ("best", "#1", "world-class", "the only", "100%", "guaranteed");',
      '- no guaranteed results or returns, and no medical claims for a non-medical product;',
      '- no phone numbers, e-mail addresses or other personal data;',
      '- use only the product facts given below; never invent figures, awards or certifications.',
      `At most ${request.constraints.maxLength} characters including spaces and punctuation.`,
      ...(request.constraints.requiredDisclaimer ? [`End with this disclaimer, verbatim: "${request.constraints.requiredDisclaimer}".`] : []),
      ...(request.constraints.forbiddenTerms.length > 0 ? [`Never mention: ${request.constraints.forbiddenTerms.join(', ')}.`] : []),
      REPLY_INSTRUCTION.en[format],
    ].join('\n'),
};

function userMessage(request: CopyRequest): string {
  const zh = request.locale === 'zh-CN';
  const { product, audience } = request;
  const line = (label: string, value: string | undefined) => (value === undefined ? [] : [`${label}: ${value}`]);
  const list = (items: readonly string[]) => items.join(zh ? '；' : '; ');
  const parts = [
    zh ? '【产品】' : '[Product]',
    ...line(zh ? '名称' : 'Name', product.name),
    ...line(zh ? '品牌' : 'Brand', product.brand),
    ...line(zh ? '品类' : 'Category', product.category),
    ...line(zh ? '材质' : 'Material', product.material),
    ...line(zh ? '功能与好处' : 'Function and benefits', list(product.benefits)),
    ...line(zh ? '卖点' : 'Selling points', list(product.sellingPoints)),
    ...line(zh ? '价格' : 'Price', product.price ? `${product.price.amount} ${product.price.currency}` : undefined),
    zh ? '【受众】' : '[Audience]',
    ...line(zh ? '人群' : 'Who', audience.description),
    ...line(zh ? '语气' : 'Tone', TONE_NAMES[request.locale][audience.tone]),
    ...line(zh ? '用户分群' : 'Profile segment', request.profileSegment),
    zh ? '【本条要求】' : '[This variant]',
    zh
      ? `第 ${request.variantIndex + 1}/${request.variantsPerAudience} 条：${ANGLE_NAMES['zh-CN'][angleOf(request.variantIndex)]}，与同一人群的其他条目角度不同。`
      : `Variant ${request.variantIndex + 1} of ${request.variantsPerAudience}: ${ANGLE_NAMES.en[angleOf(request.variantIndex)]}, distinct from the other variants for this audience.`,
  ];
  if (request.feedback) {
    parts.push(
      zh ? '【上一版未通过合规检查】' : '[The previous version failed the compliance check]',
      request.feedback.previousText,
      request.feedback.instructions,
      zh ? '保留产品事实，按以上要求改写。' : 'Keep the product facts and rewrite it following these instructions.',
    );
  }
  return parts.join('\n');
}

/** Builds the prompt for a request. Pure: no clock, no randomness, no I/O. */
export function buildPrompt(request: CopyRequest, options: PromptOptions = {}): Prompt {
  const system = SYSTEM[request.locale](request, options.format ?? 'text');
  const user = userMessage(request);
  return { system, user, hash: createHash('sha256').update(JSON.stringify({ system, user }), 'utf8').digest('hex') };
}

/** Strips what chat models add around the one line asked for: surrounding quotes and whitespace. */
export function cleanModelText(text: string): string {
  return text.trim().replace(/^["“「『'](.*)["”」』']$/su, '$1').trim();
}

/** The copy in a model's reply, or why there is none (the reply is then unusable, not an error). */
export type ParsedReply = { ok: true; text: string } | { ok: false; reason: 'empty' | 'not-json' | 'no-copy-field' };

/**
 * Reads the copy out of a reply in the format the prompt asked for. A JSON reply may come wrapped in
 * a Markdown code fence (some models add one even in JSON mode); its `copy` must be a string.
 */
export function parseReply(reply: string, format: ReplyFormat = 'text'): ParsedReply {
  if (format === 'text') {
    const text = cleanModelText(reply);
    return text.length > 0 ? { ok: true, text } : { ok: false, reason: 'empty' };
  }
  const body = reply.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/u, '$1');
  if (body.length === 0) return { ok: false, reason: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  const copy = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { copy?: unknown }).copy : undefined;
  if (typeof copy !== 'string') return { ok: false, reason: 'no-copy-field' };
  const text = cleanModelText(copy);
  return text.length > 0 ? { ok: true, text } : { ok: false, reason: 'empty' };
}
