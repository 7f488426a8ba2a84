import { z } from 'zod';

/** A boolean CDK context value: `-c key=true` arrives as the string 'true', cdk.json may hold a real boolean. */
export const ContextFlagSchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

/** The flag's value, false when absent; anything but true or false is a mistake that stops the synth. */
export function booleanContext(value: unknown, key: string): boolean {
  if (value === undefined) return false;
  const parsed = ContextFlagSchema.safeParse(value);
  if (!parsed.success) throw new Error(`context ${key} must be true or false, not ${JSON.stringify(value)}`);
  return parsed.data;
}
