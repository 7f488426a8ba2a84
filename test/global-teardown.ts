import * as fs from 'node:fs';
import { SYNTHESIS_CACHE_ENV } from './global-setup';

/** Runs once after all test files: removes the run's synthesis cache folder. */
export default function globalTeardown(): void {
  const folder = process.env[SYNTHESIS_CACHE_ENV];
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
}
