/** The tones a copy job may ask for: a plain list, so the console's form needs no zod. */
export const TONES = ['playful', 'premium', 'warm', 'professional', 'urgent'] as const;
