import { z } from 'zod';
import { LocaleSchema } from '../compliance/locales';

/**
 * A copy variant's id, `<jobId>.<audienceId>.<locale>.<n>` (shared/copy/workflow.ts `variantIdOf`),
 * as one pattern for every place that takes one: the review route, an experiment arm's
 * `copyVariantId` and the review-queue cursor. Kept apart from ./schema so that the decisions
 * schemas, which ./schema imports, can use it too.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const LOCALES = LocaleSchema.options;
/** The pattern's source: a job UUID (lower case), an audience slug, a rule-pack locale and the variant's 1-based number. */
export const VARIANT_ID_PATTERN = String.raw`${UUID}\.[a-z0-9][a-z0-9-]{0,31}\.(?:${LOCALES.join('|')})\.[1-9]\d?`;
const VARIANT_ID = new RegExp(`^${VARIANT_ID_PATTERN}$`);
const VARIANT_ID_RULE = 'must be a copy variant id, <jobId>.<audienceId>.<locale>.<n> (e.g. 0f8fad5b-d9cb-469f-a165-70867728950e.runners.zh-CN.1)';

/**
 * The one canonical form of a variant id: the job UUID in lower case (as job ids are), the locale as
 * the rule packs write it (`zh-cn` is `zh-CN`: tags are case-insensitive), the rest as written
 * (audience ids are lower-case slugs already).
 */
export function canonicalVariantId(id: string): string {
  if (!/^[0-9a-f-]{36}\./i.test(id)) return id;
  const parts = id.split('.');
  const locale = parts.length === 4 ? LOCALES.find((known) => known.toLowerCase() === parts[2]!.toLowerCase()) : undefined;
  if (locale !== undefined) parts[2] = locale;
  return [parts[0]!.toLowerCase(), ...parts.slice(1)].join('.');
}

/** A variant id as a zod schema: canonicalised, then checked against the pattern, else a 400 with the rule. */
export const variantIdSchema = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .max(200, `${field} ${VARIANT_ID_RULE}`)
    .overwrite(canonicalVariantId)
    .regex(VARIANT_ID, `${field} ${VARIANT_ID_RULE}`);
