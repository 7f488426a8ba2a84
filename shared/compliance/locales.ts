/**
 * Locales: clients send BCP-47 tags (`en-US`, `en-GB`, `zh-Hans-CN`, `zh-TW`, `zh-Hant-HK` ...); the
 * engine has one rule pack per language (`zh-CN`, `en`). A tag is canonicalised with
 * `Intl.getCanonicalLocales` and resolved by its language subtag:
 *
 * - `zh` in any script or region -> `zh-CN`. Traditional text (`zh-TW`, `zh-Hant-*`) is checked by the
 *   same pack: normalisation folds traditional characters to simplified before matching. The pack
 *   cites mainland law; the resolution says so for regions where other law applies.
 * - `en` in any region -> `en`.
 * - Any other language (and malformed tags) -> refused with the reason: no pack can serve it.
 */
import { z } from 'zod';

export const LocaleSchema = z.enum(['zh-CN', 'en']);
/** A rule-pack locale. */
export type Locale = z.infer<typeof LocaleSchema>;

export type LocaleResolution =
  | { ok: true; locale: Locale; requested: string; reason: string }
  | { ok: false; requested: string; reason: string };

const MAINLAND = new Set(['CN', undefined]);

const resolved = new Map<string, LocaleResolution>();

/**
 * Resolves a BCP-47 tag to the rule pack that serves it, or says why none can. Requests repeat a
 * handful of tags and `Intl` canonicalisation costs more than a small check: results are memoised
 * (bounded, so arbitrary client tags cannot grow it).
 */
export function resolveLocale(tag: string): LocaleResolution {
  let r = resolved.get(tag);
  if (!r) {
    r = resolveUncached(tag);
    if (resolved.size >= 256) resolved.clear();
    resolved.set(tag, r);
  }
  return r;
}

function resolveUncached(tag: string): LocaleResolution {
  let canonical: string;
  try {
    const list = Intl.getCanonicalLocales(tag.trim());
    if (list.length !== 1) return { ok: false, requested: tag, reason: `"${tag}" is not one BCP-47 language tag` };
    canonical = list[0]!;
  } catch {
    return { ok: false, requested: tag, reason: `"${tag}" is not a well-formed BCP-47 language tag (e.g. en-US, zh-CN, zh-Hant-HK)` };
  }
  const parsed = new Intl.Locale(canonical);
  const region = parsed.region;
  if (parsed.language === 'zh') {
    const script = parsed.script ?? (region === 'TW' || region === 'HK' || region === 'MO' ? 'Hant' : 'Hans');
    const how = script === 'Hant' ? 'traditional characters are folded to simplified and checked by' : 'served by';
    const law = MAINLAND.has(region) ? '' : '; its rules cite mainland-China law, which may differ from the law where the ad runs';
    return { ok: true, locale: 'zh-CN', requested: canonical, reason: `${canonical}: ${how} the zh-CN pack${law}` };
  }
  if (parsed.language === 'en') {
    return { ok: true, locale: 'en', requested: canonical, reason: region ? `${canonical}: served by the en pack (one pack for every English region)` : `${canonical}: served by the en pack` };
  }
  return { ok: false, requested: canonical, reason: `no rule pack serves "${canonical}": packs exist for Chinese (zh, any script or region) and English (en, any region)` };
}

/** A request's `locale`: any BCP-47 tag a pack can serve, parsed to that pack's locale. */
export const LocaleTagSchema = z
  .string()
  .min(2)
  .max(64)
  .transform((tag, ctx): Locale => {
    const r = resolveLocale(tag);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    }
    return r.locale;
  });
