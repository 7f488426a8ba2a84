import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { ALL_SCOPES, qualifiedScope, SCOPE_DESCRIPTIONS } from '../auth/scopes';
import { ErrorResponseSchema } from '../http/response-schema';
import type { CurlExample } from './readme-examples';
import { API_ROUTES, type ApiRoute } from './routes';

export const SECURITY_SCHEME = 'cognito';
/** The tracker routes' credential: no authorizer, the function checks the key itself. */
export const WRITE_KEY_SCHEME = 'writeKey';

/** What a route with an authorizer answers before its function runs. */
const AUTHORIZER_ERRORS: Record<number, string> = {
  401: 'no bearer token, or one that is invalid, expired or issued to another app client',
  403: "the token lacks the route's scope",
};

/** What every route can answer around its function: the gateway's failures. */
const GATEWAY_ERRORS: Record<number, string> = {
  500: 'the function failed (a bug); quote the `requestId`',
  503: 'a dependency was throttled or unavailable, or the function outlasted the 30 s integration timeout; resending can help',
};

const TAGS = [
  { name: 'Profiles', description: 'Clickstream in, live user profiles out; erasure' },
  { name: 'Copy', description: 'Compliant ad copy: jobs, human review, compliance checks' },
  { name: 'Budget', description: 'Campaigns, effect reports and bandit budget allocation' },
  { name: 'Decisions', description: 'Experiments, per-user decisions and their outcomes' },
  { name: 'Consent', description: 'The right to refuse profiling and personalised marketing' },
  { name: 'Tracker', description: 'The Segment tracking API for existing trackers, authenticated by a write key' },
  { name: 'Sources', description: 'The write keys trackers send events with' },
];

/** Errors this route can answer, by status: its own, input validation, body limits and the gateway's. */
export function documentedErrors(route: ApiRoute): Record<number, string> {
  const errors: Record<number, string> = {};
  // Every route refuses a query parameter it does not declare (none, when it declares no query), so every route can answer 400.
  errors[400] = 'invalid input, or a query parameter the route does not declare: `details` lists each problem as `{ path, message }`';
  if (route.body) Object.assign(errors, { 413: `the body exceeds ${route.body.maxBytes} bytes`, 415: 'the `content-type` is neither `application/json` nor an `application/…+json` type (parameters allowed), or the body has a `content-encoding`' });
  Object.assign(errors, 'scope' in route.auth ? AUTHORIZER_ERRORS : {}, GATEWAY_ERRORS, route.errors);
  return errors;
}

/** Matches a concrete path (`/v1/profiles/customer-42`) to its route template. */
export function routeFor(method: string, pathname: string, routes: readonly ApiRoute[] = API_ROUTES): ApiRoute | undefined {
  return routes.find((route) => route.method === method && new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname));
}

function operation(route: ApiRoute, examples: readonly CurlExample[]): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = {
      description: response.description,
      ...(response.headers ? { headers: response.headers } : {}),
      ...(response.schema ? { content: { 'application/json': { schema: response.schema } } } : {}),
    };
  }
  for (const [status, description] of Object.entries(documentedErrors(route))) {
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = { description, content: { 'application/json': { schema: ErrorResponseSchema } } };
  }
  const bodyExamples = Object.fromEntries(examples.filter((example) => example.body !== undefined).map((example, index) => [`readme${index + 1}`, { summary: 'From the README', value: example.body }]));
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: ['scope' in route.auth ? { [SECURITY_SCHEME]: [qualifiedScope(route.auth.scope)] } : { [WRITE_KEY_SCHEME]: [] }],
    ...(route.params
      ? {
          requestParams: {
            ...(route.params.path ? { path: route.params.path } : {}),
            ...(route.params.query ? { query: route.params.query } : {}),
            ...(route.params.header ? { header: route.params.header } : {}),
          },
        }
      : {}),
    ...(route.body
      ? { requestBody: { required: route.body.required ?? true, content: { 'application/json': { schema: route.body.schema, ...(Object.keys(bodyExamples).length > 0 ? { examples: bodyExamples } : {}) } } } }
      : {}),
    responses,
    ...(examples.length > 0 ? { 'x-codeSamples': examples.map((example) => ({ lang: 'Shell', label: 'curl (README)', source: example.source })) } : {}),
  };
}

/**
 * The OpenAPI 3.1 document of the API, built from the zod schemas the handlers validate with (zod's
 * own JSON Schema conversion, through zod-openapi), with the README's curl examples attached to their routes.
 */
export function openApiDocument(options: { version: string; examples: readonly CurlExample[] }) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of API_ROUTES) {
    const examples = options.examples.filter((example) => routeFor(example.method, new URL(example.target, 'http://local').pathname) === route);
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route, examples) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'AI-marketing suite API',
      version: options.version,
      description:
        'Every route needs a bearer token carrying its scope: in AWS a Cognito access token from the client-credentials grant (scopes `marketing/<scope>`); locally `npm run token`. The tracker routes (`/v1/batch`, `/v1/track`…) take a write key instead (`POST /v1/write-keys`), as the HTTP Basic user name. Errors have one shape: `{ error: { code, message, details }, requestId }`.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'The local suite (`npm start`)' }],
    tags: TAGS,
    security: [],
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'oauth2',
          description: "Cognito's client-credentials grant; the deployed stack outputs the token URL (see the README's Deploy section).",
          flows: {
            clientCredentials: {
              tokenUrl: 'https://auth.example.invalid/oauth2/token',
              scopes: Object.fromEntries(ALL_SCOPES.map((scope) => [qualifiedScope(scope), SCOPE_DESCRIPTIONS[scope]])),
            },
          },
        },
        [WRITE_KEY_SCHEME]: { type: 'http', scheme: 'basic', description: "The source's write key as the user name, with an empty password (what Segment's and RudderStack's SDKs send)." },
      },
    },
  });
}
