import type { CopyRequest } from '../../shared/copy/model';
import type { CopyJobSpec, IterationState } from '../../shared/copy/schema';
import { planVariants } from '../../shared/copy/workflow';

export const JOB_ID = '3f1c2a4e-8b7d-4c2a-9e1f-0a1b2c3d4e5f';

export const thermosZh = {
  name: '山行保温杯',
  brand: '山行',
  category: '保温杯',
  material: '316不锈钢内胆',
  benefits: ['12小时保温', '一键开盖单手喝水'],
  price: { amount: 129, currency: 'CNY' },
  sellingPoints: ['轻至280克', '杯盖可拆洗'],
};

export const thermosEn = {
  name: 'Trailhead Bottle',
  brand: 'Trailhead',
  category: 'bottle',
  material: 'double-wall stainless steel',
  benefits: ['keeps coffee hot for 12 hours', 'opens with one thumb'],
  price: { amount: 29, currency: 'USD' },
  sellingPoints: ['weighs just 280 g', 'dishwasher-safe lid'],
};

export function spec(overrides: Partial<CopyJobSpec> = {}): CopyJobSpec {
  return {
    product: thermosZh,
    audiences: [
      { id: 'runners', description: '都市年轻跑者', tone: 'playful', profileSegment: 'cart-abandoner' },
      { id: 'office', description: '通勤白领', tone: 'premium' },
    ],
    variantsPerAudience: 2,
    locales: ['zh-CN'],
    channel: 'feed',
    industry: 'general',
    maxAttempts: 3,
    ...overrides,
  };
}

export function iteration(job: CopyJobSpec = spec(), index = 0): IterationState {
  return { jobId: JOB_ID, job, item: planVariants(JOB_ID, job)[index]!, attempt: 0, attempts: [] };
}

export function copyRequest(overrides: Partial<CopyRequest> = {}): CopyRequest {
  return {
    product: thermosZh,
    audience: { id: 'runners', description: '都市年轻跑者', tone: 'playful' },
    locale: 'zh-CN',
    channel: 'feed',
    industry: 'general',
    variantIndex: 0,
    variantsPerAudience: 2,
    constraints: { maxLength: 120, forbiddenTerms: [] },
    seed: `${JOB_ID}|runners|zh-CN|0|1`,
    ...overrides,
  };
}
