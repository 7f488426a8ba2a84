/**
 * The offline copy model: a template generator, not a language model. It lets the suite run with no
 * AWS account (`npm start`, tests, demo) while exercising every path of the workflow for real.
 *
 * What it does, exactly:
 * - Deterministic: the request's seed (`jobId|audienceId|locale|variantIndex|attempt`) picks the
 *   templates, so the same job gives the same copy.
 * - Audience-aware: an opener per tone (playful, premium, warm, professional, urgent), a line per
 *   profile segment (cart-abandoner, new-user, lapsed…), an angle per variant index (benefit,
 *   material, value, lifestyle, detail), a call to action per channel; zh-CN and en templates.
 * - Fits the length limit by dropping optional parts (opener, segment line, call to action, angle
 *   sentence); the first selling point and the required disclaimer are always kept.
 * - **Regenerate path**: the first attempt of every odd-numbered variant (variantIndex 1, 3) opens
 *   with an absolute claim (zh “最好”, en "best"). Given feedback, it drops that claim and any of its
 *   own phrases the findings name, so the second attempt passes.
 * - **Review path**: product facts (name, first selling point) are quoted verbatim and never
 *   rewritten, as a careful copywriter would not rewrite a brand's claims. A product whose first
 *   selling point is itself a banned claim (e.g. `全网销量第一`, `The #1 bottle`) therefore fails
 *   every attempt and ends in human review.
 * - **Failure hooks** (for tests and demos; a product's `sku`):
 *   `offline:throttle` always throws ModelThrottledError (retries, then the job fails),
 *   `offline:throttle-once` throttles the first call for each seed and then succeeds (the retry path),
 *   `offline:unavailable` always throws ModelUnavailableError,
 *   `offline:reject` throws ModelInvocationError (not retried).
 */
import { own } from '../validation/keys';
import { createHash } from 'node:crypto';
import type { Locale } from '../compliance';
import { ModelInvocationError, ModelThrottledError, ModelUnavailableError, type CopyModel, type CopyRequest, type CopyResult } from './model';
import { angleOf, buildPrompt } from './prompt';
import type { Tone } from './schema';

export const OFFLINE_MODEL_ID = 'offline-template-v1';

export const OFFLINE_HOOKS = {
  throttle: 'offline:throttle',
  throttleOnce: 'offline:throttle-once',
  unavailable: 'offline:unavailable',
  reject: 'offline:reject',
} as const;

interface LocaleTemplates {
  joiner: string;
  openers: Record<Tone, readonly string[]>;
  segments: Record<string, string>;
  genericSegment: string;
  flaws: readonly ((category: string) => string)[];
  angle: {
    benefit: (name: string, benefit: string) => string;
    material: (name: string, material: string) => string;
    value: (name: string, benefit: string, price: string | undefined) => string;
    lifestyle: (name: string, benefit: string) => string;
    detail: (name: string, detail: string) => string;
  };
  price: (amount: number, currency: string) => string;
  sentence: (fact: string) => string;
  ctas: readonly string[];
  defaultCategory: string;
}

const endsWithPunctuation = /[。！？!?.…」』”"]$/u;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const TEMPLATES: Record<Locale, LocaleTemplates> = {
  'zh-CN': {
    joiner: '',
    openers: {
      playful: ['叮！', '哇哦，', '嘿，'],
      premium: ['匠心之作，', '质感之选，', '精致生活，'],
      warm: ['给你一份小心意：', '贴心陪伴，', '温柔提醒：'],
      professional: ['实测好物：', '懂行之选：', '用心设计：'],
      urgent: ['限时好价！', '限时优惠：', '今日特惠：'],
    },
    segments: {
      'cart-abandoner': '购物车里的它还在等你，',
      'new-user': '新朋友专享，',
      lapsed: '好久不见，',
      'loyal-buyer': '老朋友回购，',
      'price-sensitive': '省心又省钱，',
      'high-spender': '为讲究的你，',
    },
    genericSegment: '为你挑选，',
    flaws: [(category) => `同类${category}里最好的一款！`, () => '品质最好的选择！'],
    angle: {
      benefit: (name, benefit) => `${name}，${benefit}。`,
      material: (name, material) => `${name}，${material}。`,
      value: (name, benefit, price) => `${name}，${benefit}${price ? `，${price}` : ''}。`,
      lifestyle: (name, benefit) => `${benefit}，${name}陪你每一天。`,
      detail: (name, detail) => `${name}：${detail}。`,
    },
    price: (amount, currency) => (currency === 'CNY' ? `到手价${amount}元` : `到手价${amount} ${currency}`),
    sentence: (fact) => (endsWithPunctuation.test(fact) ? fact : `${fact}。`),
    ctas: ['立即选购！', '点击了解。', '快来看看！', '现在下单！'],
    defaultCategory: '好物',
  },
  en: {
    joiner: ' ',
    openers: {
      playful: ['Psst!', 'Guess what?', 'Hey you!'],
      premium: ['Crafted with care.', 'Quietly refined.', 'Made to last.'],
      warm: ['A little something for you:', 'Here for your every day:', 'Made with you in mind:'],
      professional: ['Tested and ready.', 'Built for the job.', 'Designed with purpose.'],
      urgent: ['Limited time!', 'Today only!', 'Sale ends soon!'],
    },
    segments: {
      'cart-abandoner': 'Still in your cart?',
      'new-user': 'Welcome aboard!',
      lapsed: 'We missed you!',
      'loyal-buyer': 'For our regulars:',
      'price-sensitive': 'Smart value:',
      'high-spender': 'For the discerning:',
    },
    genericSegment: 'Picked for you:',
    flaws: [(category) => `The best ${category} you can buy!`, () => 'Simply the best!'],
    angle: {
      benefit: (name, benefit) => `${name}: ${benefit}.`,
      material: (name, material) => `${name}, ${material}.`,
      value: (name, benefit, price) => `${name}: ${benefit}${price ? `, now ${price}` : ''}.`,
      lifestyle: (name, benefit) => `${capitalise(benefit)}, every day, with ${name}.`,
      detail: (name, detail) => `${name}: ${detail}.`,
    },
    price: (amount, currency) => `${currency} ${amount}`,
    sentence: (fact) => capitalise(endsWithPunctuation.test(fact) ? fact : `${fact}.`),
    ctas: ['Shop now.', 'Learn more.', 'Take a look.', 'Order today.'],
    defaultCategory: 'pick',
  },
};

/** Channels too short or too formal for a call to action. */
const NO_CTA = new Set(['search-ad-headline', 'email-subject']);

interface Part {
  text: string;
  /** Kept whatever the length: the product's own facts and the disclaimer. */
  required: boolean;
  /** Lower goes first when the copy is too long. */
  dropOrder: number;
}

const codePoints = (text: string) => [...text].length;

export class OfflineCopyModel implements CopyModel {
  readonly modelId = OFFLINE_MODEL_ID;
  private readonly throttledSeeds = new Set<string>();

  async generate(request: CopyRequest): Promise<CopyResult> {
    this.applyHooks(request);
    const prompt = buildPrompt(request);
    const text = compose(request);
    return { text, modelId: this.modelId, promptHash: prompt.hash, stopReason: 'end_turn' };
  }

  private applyHooks(request: CopyRequest): void {
    switch (request.product.sku) {
      case OFFLINE_HOOKS.throttle:
        throw new ModelThrottledError('offline model: throttled (test hook offline:throttle)');
      case OFFLINE_HOOKS.throttleOnce:
        if (!this.throttledSeeds.has(request.seed)) {
          this.throttledSeeds.add(request.seed);
          throw new ModelThrottledError('offline model: throttled once (test hook offline:throttle-once)');
        }
        return;
      case OFFLINE_HOOKS.unavailable:
        throw new ModelUnavailableError('offline model: unavailable (test hook offline:unavailable)');
      case OFFLINE_HOOKS.reject:
        throw new ModelInvocationError('offline model: request rejected (test hook offline:reject)');
    }
  }
}

/** Bytes of SHA-256(seed): a small, reproducible source of choices. */
function chooser(seed: string) {
  const bytes = createHash('sha256').update(seed, 'utf8').digest();
  let next = 0;
  return <T>(options: readonly T[]): T => options[bytes[next++ % bytes.length]! % options.length]!;
}

function compose(request: CopyRequest): string {
  const t = TEMPLATES[request.locale];
  const pick = chooser(request.seed);
  const { product } = request;
  const avoid = (request.feedback?.findings ?? []).map((finding) => finding.match.toLowerCase()).filter((match) => match.length > 0);
  const clean = (text: string) => !avoid.some((match) => text.toLowerCase().includes(match));
  const pickClean = (options: readonly string[]): string | undefined => {
    const first = pick(options);
    return clean(first) ? first : options.find(clean);
  };

  const benefit = pick(product.benefits);
  const price = product.price ? t.price(product.price.amount, product.price.currency) : undefined;
  const angle = angleOf(request.variantIndex);
  const angleSentence = {
    benefit: () => t.angle.benefit(product.name, benefit),
    material: () => t.angle.material(product.name, product.material ?? benefit),
    value: () => t.angle.value(product.name, benefit, price),
    lifestyle: () => t.angle.lifestyle(product.name, benefit),
    detail: () => t.angle.detail(product.name, product.sellingPoints[1] ?? benefit),
  }[angle]();

  const parts: Part[] = [];
  const add = (text: string | undefined, required: boolean, dropOrder: number) => {
    if (text) parts.push({ text, required, dropOrder });
  };
  const flawed = request.feedback === undefined && request.variantIndex % 2 === 1;
  add(pickClean(t.openers[request.audience.tone]), false, 0);
  add(request.profileSegment ? (own(t.segments, request.profileSegment) ?? t.genericSegment) : undefined, false, 1);
  if (flawed) add(pick(t.flaws)(product.category ?? t.defaultCategory), true, 99);
  add(angleSentence, false, 3);
  add(t.sentence(product.sellingPoints[0]!), true, 99);
  if (!NO_CTA.has(request.channel)) add(pickClean(t.ctas), false, 2);
  add(request.constraints.requiredDisclaimer, true, 99);

  const render = () => parts.map((part) => part.text).join(t.joiner);
  const droppable = parts.filter((part) => !part.required).sort((a, b) => a.dropOrder - b.dropOrder);
  while (codePoints(render()) > request.constraints.maxLength && droppable.length > 0) {
    parts.splice(parts.indexOf(droppable.shift()!), 1);
  }
  return render();
}
