/** The console's only way to the suite: the same HTTP API, with the signed-in user's bearer token. */
// Types only: the contracts come from the API's own zod schemas, and no zod reaches the bundle.
import type { EvaluateAnswer, EvaluateRequestInput, Estimate } from '../../shared/decisions/schemas';
export type { CandidatePolicy } from '../../shared/decisions/schemas';

export interface ApiIssue {
  path: string;
  message: string;
}

/** An answer other than 2xx, carrying the API's own message and details (see shared/http/errors.ts). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }

  /** Field-level problems (`[{ path, message }]`), when the API named them. */
  get issues(): ApiIssue[] {
    return Array.isArray(this.details) ? (this.details as unknown[]).filter((issue): issue is ApiIssue => typeof issue === 'object' && issue !== null && 'path' in issue && 'message' in issue) : [];
  }
}

export interface Api {
  /** `headers`: extra request headers, e.g. `{ 'if-match': '"3"' }` to make a PUT conditional on the version read. */
  call<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

/**
 * `language` goes as Accept-Language (a header CORS allows without a preflight): the API words
 * compliance findings in it where that language's rule pack has the rule.
 */
export function createApi(baseUrl: string, token: () => string | undefined, language: string): Api {
  return {
    async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
      const bearer = token();
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: { 'accept-language': language, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        throw new ApiError(0, 'NetworkError', `the API at ${baseUrl || location.origin} could not be reached: ${(error as Error).message}`, null);
      }
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      if (!response.ok) {
        const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
        const fallback = (parsed as { message?: string } | undefined)?.message ?? response.statusText;
        throw new ApiError(response.status, error?.code ?? String(response.status), error?.message ?? (fallback || `HTTP ${response.status}`), error?.details ?? null);
      }
      return parsed as T;
    },
  };
}

/** Path segments as the API expects them: percent-encoded once. */
export const segment = (value: string) => encodeURIComponent(value);

/** The If-Match header that makes a PUT apply only to the version it was edited from (412 otherwise). */
export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** A value as JSON carries it: a number that is NaN or infinite arrives as null. */
export type Json<T> = T extends number ? number | null : T extends string | boolean | null | undefined ? T : T extends readonly (infer U)[] ? readonly Json<U>[] : { readonly [K in keyof T]: Json<T[K]> };

/** The body of the evaluate call (EvaluateRequestSchema); a number the user typed badly goes as typed, so the API names the problem. */
export type EvaluateRequest = Omit<EvaluateRequestInput, 'bootstrapResamples'> & { bootstrapResamples?: number | string };

/** The evaluate call's answer (EvaluateAnswer), its estimator figures as JSON carries them. */
export type Evaluation = Omit<EvaluateAnswer, 'estimates' | 'loggedValue'> & { loggedValue: number | null; estimates: readonly Json<Estimate>[] };

/**
 * POST /v1/experiments/{id}/evaluate: off-policy estimates of a candidate policy from the logged
 * decisions (needs `experiments:write`). `immatureDecisions` are those still inside their reward window.
 */
export const evaluatePolicy = (api: Api, experimentId: string, request: EvaluateRequest) =>
  api.call<Evaluation>('POST', `/v1/experiments/${segment(experimentId)}/evaluate`, request);
