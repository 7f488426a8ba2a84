/**
 * Loaders for the shipped evaluation data (shared/compliance/data/eval): the labelled copy lines and
 * the ordinary-text corpus. Used by the accuracy benchmark and by the accuracy regression test.
 */
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
