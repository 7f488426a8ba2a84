/**
 * The industries and channels the rule packs know, as plain lists: the zod schemas are built from
 * them, and the console's forms import them without bundling zod.
 */
export const INDUSTRIES = ['general', 'cosmetics', 'food', 'health-supplement', 'finance', 'apparel', 'electronics', 'medical'] as const;
export const CHANNELS = ['sms', 'push', 'search-ad-headline', 'search-ad-description', 'feed', 'email-subject'] as const;
