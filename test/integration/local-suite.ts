import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Scope } from '../../shared/auth/scopes';
import { localPseudonymizationKey, startLocalSuite, type LocalSuite, type LocalSuiteOptions } from '../../local/runtime';
import { pseudonymousId } from '../../shared/privacy/pseudonymize';
import { synthesizeOncePerRun } from '../synthesis-cache';

/**
 * The stream consumers' batching window in tests (CDK context `profileBatchingWindowSeconds` and
 * `decisionsBatchingWindowSeconds`).
 */
const TEST_BATCHING_WINDOW_SECONDS = 1;

/** Starts the whole local suite for one test file, with its own keys and in-memory data. */
export async function startTestSuite(options: LocalSuiteOptions = {}): Promise<LocalSuite & { stateDir: string }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-marketing-test-'));
  // SUITE_LOG=1 prints the runtime's lines (requests, function failures, lag) to stderr while debugging a test.
  const log = process.env.SUITE_LOG ? (line: string) => void process.stderr.write(`${line}\n`) : undefined;
  // Tests drain the stream: every drain waits for both consumers of it (feature updater, decisions), so the
  // deployed 5 s windows would add 5 s to each; the suite is synthesized with 1 s windows through the same
  // context a deployment can set.
  const context = { profileBatchingWindowSeconds: TEST_BATCHING_WINDOW_SECONDS, decisionsBatchingWindowSeconds: TEST_BATCHING_WINDOW_SECONDS, ...options.context };
  const suite = await startLocalSuite({ stateDir, logLevel: 'SILENT', scheduleSpeedup: 0, log, synthesize: synthesizeOncePerRun, ...options, context });
  const stopSuite = suite.stop;
  return Object.assign(suite, {
    stateDir,
    stop: async () => {
      await stopSuite();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  });
}

/**
 * The pseudonym the suite's edges give `subject` (a user id, or `anonymousSubject(id)`), for tests that
 * put stream records themselves as an edge would.
 */
export const pseudonymOf = (suite: { stateDir: string }, subject: string): string => pseudonymousId(localPseudonymizationKey(suite.stateDir), subject);

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  /** Response headers, names lowercased (absent where a test builds a response itself). */
  headers?: Record<string, string>;
}

/** Calls the local API like a marketing system would. */
export function apiClient(suite: LocalSuite) {
  return async function call<T = any>(method: string, route: string, options: { body?: unknown; rawBody?: string; token?: string | null; scopes?: Scope[]; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const token = options.token === undefined ? await suite.token(options.scopes) : options.token;
    const response = await fetch(`${suite.apiUrl}${route}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.body !== undefined || options.rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers };
  };
}
