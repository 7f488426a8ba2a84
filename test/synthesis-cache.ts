import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeTemplates, type Template } from '../local/topology';
import { SYNTHESIS_CACHE_ENV } from './global-setup';

/**
 * One synthesis of the CDK app per jest run and context, shared by every test file: each synthesis
 * costs seconds of CPU (loading the constructs, then synthesizing), and a dozen files start the local
 * suite with the same context. The folder lives only as long as the run (test/global-setup.ts).
 */

/** JSON with object keys sorted, so that equal contexts give equal cache keys. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );

/** `synthesizeTemplates`, read from this run's cache when another test file already synthesized the same context. */
export function synthesizeOncePerRun(region: string, context: Record<string, unknown> = {}): Record<string, Template> {
  const folder = process.env[SYNTHESIS_CACHE_ENV];
  if (!folder) return synthesizeTemplates(region, context); // a run without the global setup (e.g. another jest config)
  const file = path.join(folder, `${createHash('sha256').update(canonicalJson({ region, context })).digest('hex')}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Template>;
  const templates = synthesizeTemplates(region, context);
  // Two workers may synthesize the same context at once: each writes its own file and renames it into place whole.
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify(templates));
  fs.renameSync(partial, file);
  return templates;
}
