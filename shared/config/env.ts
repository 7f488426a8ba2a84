import { z } from 'zod';

/** Raised at cold start when the function's environment does not match its schema. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/**
 * Parses the process environment once, at cold start, against a function's own schema.
 * A missing or malformed variable fails loudly here instead of on the first request, and the
 * message names every offending variable (values are never echoed: some are secrets' names).
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigurationError(`Invalid function configuration: ${problems.join('; ')}`);
  }
  return result.data;
}

/** A positive integer env var (env vars are strings). */
export const positiveInt = z.coerce.number().int().positive();
