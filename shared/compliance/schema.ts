/**
 * Schemas of the compliance engine: the check request/result (the Lambda's wire format) and the
 * rule packs (versioned data). Types are inferred from these so data, API and code cannot drift.
 */
import { z } from 'zod';

export { LocaleSchema, type Locale, LocaleTagSchema, resolveLocale } from './locales';
import { type Locale, LocaleSchema, resolveLocale } from './locales';
import { normaliseTerm } from './normalise';
import { CHANNELS, INDUSTRIES } from './vocabulary';

/** `medical` exists so that medical-claim rules can be switched off where such claims are the product. */
export const IndustrySchema = z.enum(INDUSTRIES);
export type Industry = z.infer<typeof IndustrySchema>;

export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

/** `block` fails the copy (regenerate); `warn` lets it through to human review. */
export const SeveritySchema = z.enum(['block', 'warn']);
export type Severity = z.infer<typeof SeveritySchema>;

export const CategorySchema = z.enum([
  'sensitive-word',
  'absolute-claim',
  'efficacy-guarantee',
  'medical-claim',
  'misleading-claim',
  'pii',
  'brand',
  /** Advertising Law art. 9(8): luck, fate, warding off evil. */
  'superstition',
  /** Fake prizes and lottery bait ("恭喜您中奖", "click to claim"). */
  'inducement',
]);
export type Category = z.infer<typeof CategorySchema>;

/** Dotted, stable ids (`absolute.superlative`): findings, labels and overrides refer to them. */
export const RuleIdSchema = z.string().regex(/^[a-z]+(?:\.[a-z0-9-]+)+$/, 'rule id must look like "group.name"');

function isRegExp(source: string, flags = 'u'): boolean {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
}

const RegexSourceSchema = z.string().min(1).refine((s) => isRegExp(s), 'not a valid regular expression (u flag)');

/** Regexes run on the original text (full-width ASCII folded, same offsets) or on the normalised text. */
export const PatternTargetSchema = z.enum(['original', 'normalised']);

/**
 * Context checks a lexicon rule asks for before a hit counts as a claim about the advertised product
 * (see context.ts): a title or name, a negative or complaining superlative, a discourse marker, a
 * position or setting, a personal preference, a reviewer's own voice, a negation or hedge before
 * the term, an ordinal in an enumeration, a rank given to a person rather than a product, a question
 * that asks rather than claims, an official grade stated as a fact (a hotel's star grade, an energy
 * grade, a first-class ticket), an emotion or a time of someone's life (最开心, "the best day"), a crime
 * word in what a story, film or report is about (一个关于杀人犯的故事), a swear word used as an
 * interjection or intensifier ("total fucking mess"; never accepted for ad copy).
 */
export const ContextCheckSchema = z.enum(['title', 'negative', 'discourse', 'position', 'preference', 'reviewer', 'negated', 'enumeration', 'person', 'question', 'grade', 'emotion', 'story', 'expletive', 'word']);
export type ContextCheck = z.infer<typeof ContextCheckSchema>;

/** At most this many terms from one slotted entry: a typo must not blow a pack up. */
export const MAX_SLOT_EXPANSION = 512;

/**
 * Expands a slotted lexicon entry into its terms: every `{a|b|c}` group is a slot and the entry
 * stands for each combination, so one line covers a family ("{保证|确保}{通过|录取}" -> 保证通过,
 * 保证录取, 确保通过, 确保录取). An empty alternative makes a slot optional ("{全网|}首发").
 * Text outside braces is literal; braces do not nest. Returns an error string for a malformed entry.
 */
export function expandSlots(entry: string): string[] | string {
  let out = [''];
  let i = 0;
  while (i < entry.length) {
    const open = entry.indexOf('{', i);
    const close = entry.indexOf('}', i);
    if (close !== -1 && (open === -1 || close < open)) return `unbalanced "}" in "${entry}"`;
    if (open === -1) {
      out = out.map((p) => p + entry.slice(i));
      break;
    }
    if (close === -1) return `unbalanced "{" in "${entry}"`;
    const body = entry.slice(open + 1, close);
    if (body.includes('{')) return `nested "{" in "${entry}"`;
    const literal = entry.slice(i, open);
    const alternatives = [...new Set(body.split('|'))];
    out = out.flatMap((p) => alternatives.map((a) => p + literal + a));
    if (out.length > MAX_SLOT_EXPANSION) return `"${entry}" expands to more than ${MAX_SLOT_EXPANSION} terms`;
    i = close + 1;
  }
  const terms = [...new Set(out)].filter((t) => t.length > 0);
  return terms.length > 0 ? terms : `"${entry}" expands to nothing`;
}

/** Lexicon entries as written in a pack: plain terms, or slotted entries (`expandSlots`) that must expand. */
const LexiconTermsSchema = z
  .array(z.string().min(1))
  .min(1)
  .superRefine((entries, ctx) => {
    for (const entry of entries) {
      const r = expandSlots(entry);
      if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
    }
  });

/**
 * Expands the slotted entries of a pack's lexicon rules. A term written out plainly owns its key
 * (after normalisation): an expansion that yields a key another rule (or the same rule) lists plainly
 * steps aside, so a family pattern never takes a term from the rule that names it.
 */
function expandPackTerms<R extends { terms: string[] }>(rules: R[]): R[] {
  // Most packs have no slotted entry: nothing to expand, no keys to compute at cold start.
  if (!rules.some((r) => r.terms.some((t) => t.includes('{')))) return rules;
  const plain = new Set(rules.flatMap((r) => r.terms.filter((t) => !t.includes('{')).map((t) => normaliseTerm(t).key)));
  const taken = new Set<string>();
  return rules.map((r) => {
    const terms: string[] = [];
    for (const entry of r.terms) {
      if (!entry.includes('{')) {
        terms.push(entry);
        continue;
      }
      for (const t of expandSlots(entry) as string[]) {
        const key = normaliseTerm(t).key;
        if (plain.has(key) || taken.has(key)) continue;
        taken.add(key);
        terms.push(t);
      }
    }
    return { ...r, terms: [...new Set(terms)] };
  });
}
/**
 * Whose words the text is. `advertiser`: ad copy, product pages, generated variants — the strict
 * check: a first-person opinion ("我觉得最好用", "the best I've had") is still the advertiser's claim.
 * `consumer`: a review or comment by a buyer — a claim-word that rules accept from a consumer
 * (`reviewer` in a rule's context) is the reviewer's opinion, not an ad claim; rules that do not
 * list `reviewer` (prizes, investment, superstition, sensitive words, PII, zh medical claims) stay as
 * strict. Absent: the voice is read per sentence (我 / I,
 * 觉得, "I've ever had" make it a consumer's), as before this field existed.
 */
export const VoiceSchema = z.enum(['advertiser', 'consumer']);
export type Voice = z.infer<typeof VoiceSchema>;

const RuleTextSchema = {
  id: RuleIdSchema,
  category: CategorySchema,
  severity: SeveritySchema,
  /** The law article or platform rule the finding cites ("《广告法》第九条第三项", "Taobao platform rule"). */
  lawRef: z.string().min(1).max(200).optional(),
  /** Templates; `{match}` is the original text, `{fix}` the suggestion. */
  message: z.string().min(1),
  suggestion: z.string().min(1),
  feedback: z.string().min(1),
};

export const LexiconRuleSchema = z
  .object({
    ...RuleTextSchema,
    /** Terms, or slotted entries that stand for several (`expandSlots`: "{保证|确保}{通过|录取}"). */
    terms: LexiconTermsSchema,
    /** Concrete fix for every term ('' = delete), unless `replacements` has one for the term. */
    replacement: z.string().optional(),
    /** Concrete fixes per term ('' = delete); the pack's `replace`/`delete` templates phrase them. */
    replacements: z.record(z.string(), z.string()).optional(),
    /** Context checks that can show a hit is no claim (see ContextCheckSchema). */
    context: z.array(ContextCheckSchema).default([]),
    /** A brand may waive findings of this rule with evidence (`brand.allowedClaims`): terms lawful when literally true. */
    allowable: z.boolean().default(false),
  })
  .superRefine((rule, ctx) => {
    const terms = new Set(rule.terms);
    for (const key of Object.keys(rule.replacements ?? {})) {
      if (!terms.has(key)) ctx.addIssue({ code: 'custom', message: `replacement for unknown term "${key}"`, path: ['replacements', key] });
    }
  });

export const PatternRuleSchema = z.object({
  ...RuleTextSchema,
  pattern: RegexSourceSchema,
  /** Always compiled with `g` and `u`; only `i` may be added. */
  caseInsensitive: z.boolean().default(false),
  target: PatternTargetSchema,
  /** Checksums that turn look-alike digit runs into real PII only when they validate. */
  validate: z.enum(['luhn', 'cn-resident-id', 'phone-digits']).optional(),
  replacement: z.string().optional(),
  /** Context checks that can show a match is no claim, as for lexicon rules (see ContextCheckSchema). */
  context: z.array(ContextCheckSchema).default([]),
  /**
   * Literals of which every match contains at least one (`@` for an e-mail, `之王` … for a
   * kingship claim): the engine skips the regex on a text that holds none of them. A test checks
   * the declaration against the evaluation data.
   */
  requires: z.array(z.string().min(1)).min(1).optional(),
});

export const AllowPatternSchema = z.object({
  pattern: RegexSourceSchema,
  caseInsensitive: z.boolean().default(false),
  target: PatternTargetSchema,
});

const MessageSetSchema = z.object({ message: z.string().min(1), suggestion: z.string().min(1), feedback: z.string().min(1) });

/** Locale-wide wording, carried by each locale's general pack. */
export const TemplatesSchema = z.object({
  /** Suggestion used when a term has a concrete replacement: `{match}`, `{replacement}`. */
  replace: z.string().min(1),
  /** Suggestion used when the concrete fix is to delete the term. */
  delete: z.string().min(1),
  requiredDisclaimer: MessageSetSchema,
  forbiddenTerm: MessageSetSchema,
  maxLength: MessageSetSchema,
  feedbackHeader: z.string().min(1),
});
export type Templates = z.infer<typeof TemplatesSchema>;

export const PackVersionSchema = z.string().regex(/^\d{4}\.\d{1,2}\.\d+$/, 'version is YYYY.M.patch');

export const RulePackSchema = z
  .object({
    id: z.string(),
    locale: LocaleSchema,
    industry: IndustrySchema,
    version: PackVersionSchema,
    description: z.string().min(1),
    sources: z.array(z.string()).default([]),
    lexicon: z.array(LexiconRuleSchema).default([]),
    patterns: z.array(PatternRuleSchema).default([]),
    allow: z
      .object({ terms: z.array(z.string().min(1)).default([]), patterns: z.array(AllowPatternSchema).default([]) })
      .default({ terms: [], patterns: [] }),
    /** Industry packs tighten (or relax) rules of the general pack by id. */
    severityOverrides: z.record(RuleIdSchema, SeveritySchema).default({}),
    disabledRules: z.array(RuleIdSchema).default([]),
    templates: TemplatesSchema.optional(),
    channelLimits: z.partialRecord(ChannelSchema, z.number().int().positive()).optional(),
  })
  .superRefine((pack, ctx) => {
    if (pack.id !== `${pack.locale}/${pack.industry}`) {
      ctx.addIssue({ code: 'custom', message: 'id must be "<locale>/<industry>"', path: ['id'] });
    }
    if (pack.industry === 'general' && (!pack.templates || !pack.channelLimits)) {
      ctx.addIssue({ code: 'custom', message: 'a general pack must carry templates and channelLimits', path: ['templates'] });
    }
    const ids = [...pack.lexicon, ...pack.patterns].map((r) => r.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', message: `duplicate rule id ${dup}`, path: ['lexicon'] });
  })
  .transform((pack) => ({ ...pack, lexicon: expandPackTerms(pack.lexicon) }));
export type RulePack = z.infer<typeof RulePackSchema>;

/** A platform-tier term the brand may use because it is literally true, and the evidence for it. */
export const AllowedClaimSchema = z.object({
  term: z.string().trim().min(1).max(100),
  evidence: z.string().trim().min(1).max(500),
});
export type AllowedClaim = z.infer<typeof AllowedClaimSchema>;

export const BrandConstraintsSchema = z.object({
  /** Must appear (after normalisation) somewhere in the text. */
  requiredDisclaimer: z.string().min(1).max(500).optional(),
  /** Competitor names etc., matched with the same normalisation as the packs. */
  forbiddenTerms: z.array(z.string().min(1).max(100)).max(500).optional(),
  /** Characters (code points); overrides the channel default. */
  maxLength: z.number().int().positive().max(100_000).optional(),
  /**
   * Terms of `allowable` rules (newest, exclusive, first release, 首发, 独家 ...) the brand can prove:
   * their findings are waived and reported under `waived` with the evidence, never silently dropped.
   */
  allowedClaims: z.array(AllowedClaimSchema).max(100).optional(),
});
export type BrandConstraints = z.infer<typeof BrandConstraintsSchema>;

/**
 * The request's fields, the locale tag checked but not yet resolved: `ComplianceCheckRequestSchema`
 * is this plus `withResolvedLocale`. (`checkText` parses with this and resolves in plain code: zod's
 * transform step cost more than the whole object parse, 5-20 µs per request.)
 */
export const ComplianceCheckFieldsSchema = z.object({
  text: z.string().min(1).max(10_000),
  /** A BCP-47 tag (`en-US`, `zh-Hans-CN`, `zh-TW` ...), resolved to the best rule pack (locales.ts). */
  locale: z
    .string()
    .min(2)
    .max(64)
    .superRefine((tag, ctx) => {
      const r = resolveLocale(tag);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
    }),
  industry: IndustrySchema.default('general'),
  channel: ChannelSchema.optional(),
  /** Whose words these are (see VoiceSchema); copy jobs send `advertiser`. */
  voice: VoiceSchema.optional(),
  brand: BrandConstraintsSchema.optional(),
});

/** The parsed fields with the locale tag resolved to its rule pack (the tag as canonicalised, and why). */
export function withResolvedLocale<T extends { locale: string }>(req: T): Omit<T, 'locale'> & { locale: Locale; requestedLocale: string; localeResolution: string } {
  const r = resolveLocale(req.locale);
  // The field's own check has refused every tag that does not resolve.
  if (!r.ok) throw new Error(r.reason);
  return { ...req, locale: r.locale, requestedLocale: r.requested, localeResolution: r.reason };
}

export const ComplianceCheckRequestSchema = ComplianceCheckFieldsSchema.transform(withResolvedLocale);
/** The request after parsing (defaults applied). */
export type ComplianceCheckRequest = z.infer<typeof ComplianceCheckRequestSchema>;
/** What callers may send (industry optional). */
export type ComplianceCheckRequestInput = z.input<typeof ComplianceCheckRequestSchema>;

export const FindingSchema = z.object({
  ruleId: RuleIdSchema,
  category: CategorySchema,
  severity: SeveritySchema,
  /** UTF-16 offsets into the original text: `text.slice(start, end) === match`. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  match: z.string(),
  message: z.string(),
  suggestion: z.string(),
  /** Text that would replace `text.slice(start, end)`; absent when no mechanical fix exists. */
  replacement: z.string().optional(),
  /** One instruction for the copy model's regeneration prompt. */
  feedback: z.string(),
  /** The law article or platform rule broken. */
  lawRef: z.string().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** At most this many suppressed hits are reported per check (bulk text can hold thousands). */
export const MAX_SUPPRESSED = 200;

/**
 * A lexicon hit that context showed to be no claim about the advertised product: reported so a
 * reviewer can audit every suppression (the term, the rule it would have broken, and why not).
 */
export const SuppressedHitSchema = z.object({
  ruleId: RuleIdSchema,
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  match: z.string(),
  /** The context check that recognised it (see ContextCheckSchema). */
  whyNotAClaim: ContextCheckSchema,
  /** The same in words, in English. */
  reason: z.string(),
});
export type SuppressedHit = z.infer<typeof SuppressedHitSchema>;

export const RulePackRefSchema = z.object({ id: z.string(), version: PackVersionSchema });

export const CheckResultSchema = z.object({
  verdict: z.enum(['pass', 'warn', 'fail']),
  findings: z.array(FindingSchema),
  /** Lineage: every pack that took part, as `id@version` joined by `+`. */
  rulePackVersion: z.string(),
  rulePacks: z.array(RulePackRefSchema),
  /** The rule-pack locale that served the request. */
  locale: LocaleSchema,
  /** The tag the caller sent, canonicalised (`zh-Hant-HK`), and why it maps to `locale`. */
  requestedLocale: z.string(),
  localeResolution: z.string(),
  industry: IndustrySchema,
  /** Findings the brand waived with evidence (`brand.allowedClaims`): a reviewer still sees them. */
  waived: z.array(z.object({ ruleId: RuleIdSchema, start: z.number().int(), end: z.number().int(), match: z.string(), evidence: z.string() })),
  /** The voice the check applied (`inferred`: read per sentence, no `voice` sent). */
  voice: z.enum(['advertiser', 'consumer', 'inferred']),
  /** Claim-words context showed to be no claim, with why (first MAX_SUPPRESSED, in text order). */
  suppressed: z.array(SuppressedHitSchema).max(MAX_SUPPRESSED),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;
