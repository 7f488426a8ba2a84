/**
 * The steps of the copy workflow as plain functions. The state machine (lib/constructs/copy.ts) only
 * routes: ValidateJob → Map over `planVariants` { Generate → Check → Choice(pass | regenerate |
 * review) → PersistVariant } → PublishJob, with MarkJobFailed on any error. Each Lambda step is one
 * call into this module or into jobs.ts.
 */
import { createHash } from 'node:crypto';
import { checkText, getPackSet, toRegenerationFeedback, type Finding } from '../compliance';
import type { CopyModel, CopyRequest } from './model';
import {
  disclaimerFor,
  type Attempt,
  type CopyJobSpec,
  type IterationState,
  type VariantItem,
  type VariantRecord,
} from './schema';

/** Used when neither the brand nor the rule pack gives a limit for the channel. */
export const FALLBACK_MAX_LENGTH = 200;

/** `<jobId>.<audienceId>.<locale>.<n>`: readable, unique in the job, and it names its job. */
export const variantIdOf = (jobId: string, audienceId: string, locale: string, variantIndex: number) => `${jobId}.${audienceId}.${locale}.${variantIndex + 1}`;

/** The job id inside a variant id, or undefined when it is not one. */
export function jobIdOfVariant(variantId: string): string | undefined {
  const [jobId, audienceId, locale, index, ...rest] = variantId.split('.');
  if (rest.length > 0 || !jobId || !audienceId || !locale || !index) return undefined;
  return /^[0-9a-f-]{36}$/i.test(jobId) ? jobId : undefined;
}

/** Audiences × locales × variants, in a stable order. */
export function planVariants(jobId: string, spec: CopyJobSpec): VariantItem[] {
  return spec.audiences.flatMap((audience) =>
    spec.locales.flatMap((locale) =>
      Array.from({ length: spec.variantsPerAudience }, (_, variantIndex) => ({
        variantId: variantIdOf(jobId, audience.id, locale, variantIndex),
        audienceId: audience.id,
        locale,
        variantIndex,
      })),
    ),
  );
}

export const seedOf = (jobId: string, item: VariantItem, attempt: number) => [jobId, item.audienceId, item.locale, item.variantIndex, attempt].join('|');

/** The compliance check's inputs for one variant: locale, industry, channel and the brand's constraints. */
export function checkParameters(state: Pick<IterationState, 'job' | 'item'>) {
  const { job, item } = state;
  const disclaimer = disclaimerFor(job.brand, item.locale);
  return {
    locale: item.locale,
    industry: job.industry,
    channel: job.channel,
    // Generated variants are the advertiser's words: a first-person opinion in them is still a claim.
    voice: 'advertiser' as const,
    brand: {
      ...(disclaimer ? { requiredDisclaimer: disclaimer } : {}),
      ...(job.brand?.forbiddenTerms ? { forbiddenTerms: job.brand.forbiddenTerms } : {}),
      ...(job.brand?.maxLength ? { maxLength: job.brand.maxLength } : {}),
      ...(job.brand?.allowedClaims ? { allowedClaims: job.brand.allowedClaims } : {}),
    },
  };
}

/** What the model is asked for on the next attempt, with the last attempt's findings as feedback. */
export function nextCopyRequest(state: IterationState): CopyRequest {
  const { job, item } = state;
  const audience = job.audiences.find((candidate) => candidate.id === item.audienceId);
  if (!audience) throw new Error(`variant ${item.variantId} names audience ${item.audienceId}, which the job does not have`);
  const check = checkParameters(state);
  const last = state.attempts.at(-1);
  return {
    product: job.product,
    audience: { id: audience.id, description: audience.description, tone: audience.tone },
    ...(audience.profileSegment ? { profileSegment: audience.profileSegment } : {}),
    locale: item.locale,
    channel: job.channel,
    industry: job.industry,
    variantIndex: item.variantIndex,
    variantsPerAudience: job.variantsPerAudience,
    constraints: {
      maxLength: check.brand.maxLength ?? getPackSet(item.locale, job.industry).channelLimits[job.channel] ?? FALLBACK_MAX_LENGTH,
      ...(check.brand.requiredDisclaimer ? { requiredDisclaimer: check.brand.requiredDisclaimer } : {}),
      forbiddenTerms: check.brand.forbiddenTerms ?? [],
    },
    ...(last && last.verdict !== 'pass'
      ? {
          feedback: {
            attempt: last.attempt,
            previousText: last.text,
            findings: last.findings.map(({ ruleId, severity, match, suggestion, replacement }) => ({ ruleId, severity, match, suggestion, ...(replacement === undefined ? {} : { replacement }) })),
            instructions: toRegenerationFeedback(last.findings, item.locale),
          },
        }
      : {}),
    seed: seedOf(state.jobId, item, state.attempt + 1),
  };
}

/** Generate: one more attempt from the model, left in `draft` for the Check step. */
export async function generateStep(state: IterationState, model: CopyModel, now: () => Date): Promise<IterationState> {
  const result = await model.generate(nextCopyRequest(state));
  const { verdict: _verdict, outcome: _outcome, ...rest } = state;
  return {
    ...rest,
    attempt: state.attempt + 1,
    draft: {
      text: result.text.trim(),
      modelId: result.modelId,
      promptHash: result.promptHash,
      ...(result.usage ? { usage: result.usage } : {}),
      ...(result.stopReason ? { stopReason: result.stopReason } : {}),
      ...(result.blocked ? { blocked: true } : {}),
      generatedAt: now().toISOString(),
    },
  };
}

/**
 * A finding for output the engine cannot judge: a guardrail's replacement message or an empty reply.
 * It blocks, so the variant is regenerated and, if it keeps happening, reviewed.
 */
function unusableOutput(text: string, reason: 'blocked' | 'empty', locale: string): Finding {
  const zh = locale === 'zh-CN';
  const message = reason === 'blocked' ? (zh ? '模型护栏拦截了本次输出' : 'The model guardrail blocked this output') : zh ? '模型没有返回文案' : 'The model returned no copy';
  return {
    ruleId: reason === 'blocked' ? 'model.guardrail-blocked' : 'model.empty-output',
    category: 'sensitive-word',
    severity: 'block',
    start: 0,
    end: text.length,
    match: text,
    message,
    suggestion: zh ? '重新生成' : 'generate again',
    feedback: zh ? '上一版输出不可用，请重新撰写一条符合要求的文案。' : 'The previous output was unusable; write a new line that follows the rules.',
  };
}

/** Check: runs the compliance engine on the draft and appends the attempt, with its verdict, to the history. */
export function checkStep(state: IterationState, now: () => Date): IterationState {
  const { draft, ...rest } = state;
  if (!draft) throw new Error(`variant ${state.item.variantId}: Check ran before Generate (no draft in the state)`);
  const parameters = checkParameters(state);
  const usable = !draft.blocked && draft.text.length > 0;
  const result = usable
    ? checkText({ text: draft.text.slice(0, 10_000), ...parameters })
    : { verdict: 'fail' as const, findings: [unusableOutput(draft.text, draft.blocked ? 'blocked' : 'empty', state.item.locale)], rulePackVersion: getPackSet(state.item.locale, state.job.industry).rulePackVersion };
  const waived = 'waived' in result ? result.waived : [];
  const attempt: Attempt = {
    ...draft,
    attempt: state.attempt,
    verdict: result.verdict,
    findings: result.findings,
    ...(waived.length > 0 ? { waived } : {}),
    rulePackVersion: result.rulePackVersion,
    checkedAt: now().toISOString(),
  };
  return { ...rest, attempts: [...state.attempts, attempt], verdict: result.verdict };
}

/** The variant as stored by PersistVariant: staged as a draft until the whole job publishes. */
export function toVariantRecord(state: IterationState, now: () => Date): VariantRecord {
  const last = state.attempts.at(-1);
  if (!last || !state.outcome) throw new Error(`variant ${state.item.variantId}: nothing to persist (no attempt or no outcome)`);
  return {
    variantId: state.item.variantId,
    jobId: state.jobId,
    audienceId: state.item.audienceId,
    locale: state.item.locale,
    variantIndex: state.item.variantIndex,
    channel: state.job.channel,
    industry: state.job.industry,
    status: 'draft',
    outcome: state.outcome,
    text: last.text,
    verdict: last.verdict,
    findings: last.findings,
    modelId: last.modelId,
    promptHash: last.promptHash,
    rulePackVersion: last.rulePackVersion,
    attempts: state.attempts,
    createdAt: now().toISOString(),
  };
}

/** SHA-256 of a job spec in canonical (sorted-key) JSON. */
export function specHash(spec: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
        : value;
  return createHash('sha256').update(JSON.stringify(canonical(spec)), 'utf8').digest('hex');
}
