import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Names this run's folder of synthesized templates (test/synthesis-cache.ts). */
export const SYNTHESIS_CACHE_ENV = 'AI_MARKETING_SYNTHESIS_CACHE';

/**
 * Runs once before all test files and makes the run's synthesis cache folder; the workers inherit the
 * environment variable. A folder per run, removed at its end (test/global-teardown.ts), can never serve
 * templates of older code.
 */
export default function globalSetup(): void {
  process.env[SYNTHESIS_CACHE_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-marketing-synthesis-'));
}
