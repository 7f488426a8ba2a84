import { z } from 'zod';
import { SCOPES, type Scope } from '../auth/scopes';
import { AllocationsQuerySchema } from '../budget-service/allocations';
import { CampaignPathSchema } from '../budget-service/campaigns';
import { MAX_REPORTS_PER_REQUEST } from '../budget-service/effects';
import { ReallocateBodySchema } from '../budget-service/reallocate';
import { AllocationPageSchema, AllocationSchema, CampaignViewSchema, ReallocationOutcomeSchema, ReportEffectsResultSchema } from '../budget-service/responses';
import { CampaignConfigSchema, EffectReportSchema } from '../budget/schemas';
import { CheckResultSchema, ComplianceCheckRequestSchema } from '../compliance/schema';
import { AcceptLanguageHeaderSchema } from '../compliance/localise';
import { ConsentRequestSchema } from '../consent/model';
import { ConsentViewSchema } from '../consent/responses';
import { JobViewSchema, ReviewPageSchema, SubmittedJobSchema, VariantViewSchema } from '../copy/responses';
import { CopyJobRequestSchema, JobPathSchema, ReviewDecisionRequestSchema, ReviewListQuerySchema, VariantPathSchema } from '../copy/schema';
import { ExperimentPathSchema } from '../decisions-service/experiments';
import { DecisionPathSchema } from '../decisions-service/outcomes';
import { ETagHeaderSchema, IfMatchHeaderSchema } from '../http/preconditions';
import { EvaluationSchema, ExperimentResultsSchema, ExperimentViewSchema, OutcomeReceiptSchema } from '../decisions-service/responses';
import { DecisionRequestSchema, DecisionResponseSchema, EvaluateRequestSchema, ExperimentConfigSchema, OutcomeSchema } from '../decisions/schemas';
import { UserPathSchema } from '../privacy/user-id';
import { IngestRequestSchema } from '../profiles/events';
import { IngestResultSchema, ProfileViewSchema } from '../profiles/responses';
import { ProfileQuerySchema, SubjectQuerySchema } from '../profiles/view';
import { CreatedWriteKeySchema, RevokedWriteKeySchema, WriteKeyListSchema } from '../sources/responses';
import { CreateWriteKeyRequestSchema, WriteKeyPathSchema } from '../sources/write-keys';
import { SegmentBatchSchema, singleCallSchema, TrackerAnswerSchema } from '../tracker/schema';
import { MAX_BATCH_BYTES, MAX_MESSAGE_BYTES } from '../tracker/segment';

/**
 * The HTTP API as data: each route's scope, the zod schemas its handler validates with, what it
 * answers and why it fails. `npm run openapi` turns this into `openapi.json`; the contract tests hold
 * the template's routes and the handlers' answers to it.
 */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path template as API Gateway has it, e.g. `/v1/profiles/{userId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** A bearer token with this scope, or (the tracker routes, which have no authorizer) a source's write key as the Basic user name. */
  auth: { scope: Scope } | { writeKey: true };
  tag: string;
  params?: { path?: z.ZodObject; query?: z.ZodObject; header?: z.ZodObject };
  /** The request body; `required: false` for routes that take an optional one. */
  body?: { schema: z.ZodType; required?: boolean; maxBytes: number };
  /** Answers other than errors, by status; `schema` absent for an empty body. */
  responses: Record<number, { description: string; schema?: z.ZodType; headers?: z.ZodObject }>;
  /** Error statuses the route's own function answers, with what each means here. */
  errors: Record<number, string>;
}

/**
 * `POST /v1/effects` parses its body in two steps (one report or a list, then each report on its own,
 * so one bad report does not sink the others); this is the shape both steps accept together.
 */
const EffectsBodySchema = z.union([EffectReportSchema, z.strictObject({ reports: z.array(EffectReportSchema).min(1).max(MAX_REPORTS_PER_REQUEST) })]);

/**
 * The campaign id comes from the path; in the body it is optional (and must match when present). The
 * cross-field checks (floors within the budget, caps above it…) are not JSON Schema: they answer 422.
 */
const CampaignConfigBodySchema = z.strictObject({ ...CampaignConfigSchema.in.shape, campaignId: CampaignConfigSchema.in.shape.campaignId.optional() });

const notFound = (what: string) => ({ 404: `no such ${what}` });

const TRACKER_DESCRIPTION =
  'The Segment tracking API, as analytics-node and rudder-sdk-node send it: the body may be gzip-encoded (`content-encoding: gzip`) and is read as JSON whatever its `content-type`. A batch is not refused for some bad messages: they are counted in `rejected` and listed in `rejections`.';

/** What every tracker route answers besides 200; the write key is checked before the body is read. */
const TRACKER_ERRORS = {
  400: 'not a batch of typed messages (or not JSON, or bad gzip), or not a single usable message in it (`details.rejections` says why); or a query parameter (these routes take none)',
  401: 'no write key in HTTP Basic auth, or one that is wrong or revoked',
  413: `the body exceeds ${MAX_BATCH_BYTES / 1024} KB (after gzip inflation too), or a message exceeds ${MAX_MESSAGE_BYTES / 1024} KB`,
  415: 'a `content-encoding` other than gzip',
  503: 'the stream refused some messages (`details.failed`); resend the batch, message ids de-duplicate',
};

const trackerCall = (type: 'track' | 'page' | 'screen' | 'identify' | 'alias', summary: string): ApiRoute => ({
  method: 'POST',
  path: `/v1/${type}`,
  operationId: `tracker${type[0]!.toUpperCase()}${type.slice(1)}`,
  tag: 'Tracker',
  summary,
  description: `${TRACKER_DESCRIPTION} One \`${type}\` message, answered as \`/v1/batch\`.`,
  auth: { writeKey: true },
  body: { schema: singleCallSchema(type), maxBytes: MAX_BATCH_BYTES },
  responses: { 200: { description: 'What became of the message', schema: TrackerAnswerSchema } },
  errors: TRACKER_ERRORS,
});

export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/events',
    operationId: 'ingestEvents',
    tag: 'Profiles',
    summary: 'Send clickstream events',
    description: 'Up to 500 events. Each invalid event is rejected on its own with reasons; events the stream refused after retries are listed in `failed` (resend those unchanged).',
    auth: { scope: SCOPES.eventsWrite },
    body: { schema: IngestRequestSchema, maxBytes: 1_048_576 },
    responses: { 202: { description: 'Accepted, rejected and failed events', schema: IngestResultSchema } },
    errors: { 400: 'no valid event in the request (`details.rejected` says why)', 503: 'the stream refused every valid event; resend the ones in `details.failed`' },
  },
  {
    method: 'GET',
    path: '/v1/profiles/{userId}',
    operationId: 'getProfile',
    tag: 'Profiles',
    summary: 'Read a profile, decayed to now',
    auth: { scope: SCOPES.profilesRead },
    params: { path: UserPathSchema, query: ProfileQuerySchema },
    responses: { 200: { description: 'The profile', schema: ProfileViewSchema } },
    errors: notFound('profile'),
  },
  {
    method: 'DELETE',
    path: '/v1/profiles/{userId}',
    operationId: 'eraseProfile',
    tag: 'Profiles',
    summary: 'Erase everything stored for a user, or with ?subject=anonymous for an anonymous visitor',
    auth: { scope: SCOPES.profilesDelete },
    params: { path: UserPathSchema, query: SubjectQuerySchema },
    responses: { 204: { description: 'Erased' } },
    errors: notFound('profile'),
  },
  {
    method: 'POST',
    path: '/v1/compliance/check',
    operationId: 'checkCompliance',
    tag: 'Copy',
    summary: 'Check text against the rule packs of a locale and industry',
    auth: { scope: SCOPES.complianceCheck },
    params: { header: AcceptLanguageHeaderSchema },
    body: { schema: ComplianceCheckRequestSchema, maxBytes: 65_536 },
    responses: { 200: { description: 'Every finding with its law article', schema: CheckResultSchema } },
    errors: { 422: 'the findings would not fit in one answer (a Lambda response is at most 6 MB): check the text in parts' },
  },
  {
    method: 'POST',
    path: '/v1/copy-jobs',
    operationId: 'submitCopyJob',
    tag: 'Copy',
    summary: 'Start a copy-generation job',
    auth: { scope: SCOPES.copyWrite },
    body: { schema: CopyJobRequestSchema, maxBytes: 65_536 },
    responses: {
      202: { description: 'Started; the pre-flight lists facts of the brief that are banned claims', schema: SubmittedJobSchema },
      200: { description: 'The job this `clientToken` already started', schema: SubmittedJobSchema },
    },
    errors: { 409: 'the `clientToken` was used for a different job', 503: 'the workflow could not be started; submit again' },
  },
  {
    method: 'GET',
    path: '/v1/copy-jobs/{jobId}',
    operationId: 'getCopyJob',
    tag: 'Copy',
    summary: 'A copy job: status, variants, verdicts and attempts',
    auth: { scope: SCOPES.copyRead },
    params: { path: JobPathSchema, header: AcceptLanguageHeaderSchema },
    responses: { 200: { description: 'The job', schema: JobViewSchema } },
    errors: notFound('copy job'),
  },
  {
    method: 'GET',
    path: '/v1/reviews',
    operationId: 'listReviews',
    tag: 'Copy',
    summary: 'Variants waiting for a human, oldest first',
    auth: { scope: SCOPES.copyRead },
    params: { query: ReviewListQuerySchema, header: AcceptLanguageHeaderSchema },
    responses: { 200: { description: 'A page of the review queue', schema: ReviewPageSchema } },
    errors: {},
  },
  {
    method: 'POST',
    path: '/v1/reviews/{variantId}',
    operationId: 'decideReview',
    tag: 'Copy',
    summary: 'Approve or reject a variant in review',
    auth: { scope: SCOPES.copyReview },
    params: { path: VariantPathSchema },
    body: { schema: ReviewDecisionRequestSchema, maxBytes: 16_384 },
    responses: { 200: { description: 'The variant with the decision', schema: VariantViewSchema } },
    errors: { ...notFound('variant'), 409: 'the variant is not waiting for review (already decided, or never flagged)' },
  },
  {
    method: 'PUT',
    path: '/v1/campaigns/{campaignId}',
    operationId: 'putCampaign',
    tag: 'Budget',
    summary: 'Create or replace a campaign configuration',
    auth: { scope: SCOPES.budgetWrite },
    params: { path: CampaignPathSchema, header: IfMatchHeaderSchema },
    body: { schema: CampaignConfigBodySchema, maxBytes: 65_536 },
    responses: { 201: { description: 'Created', schema: CampaignViewSchema, headers: ETagHeaderSchema }, 200: { description: 'Replaced', schema: CampaignViewSchema, headers: ETagHeaderSchema } },
    errors: {
      409: 'the cadence cannot change once the campaign has allocations',
      412: 'If-Match does not hold: the campaign changed since it was read (`details.currentVersion`), or does not exist',
      422: 'no allocation could satisfy this configuration (every reason in `details`)',
    },
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}',
    operationId: 'getCampaign',
    tag: 'Budget',
    summary: 'A campaign: configuration, schedule and health',
    auth: { scope: SCOPES.budgetRead },
    params: { path: CampaignPathSchema },
    responses: { 200: { description: 'The campaign', schema: CampaignViewSchema, headers: ETagHeaderSchema } },
    errors: notFound('campaign'),
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/allocation',
    operationId: 'getAllocation',
    tag: 'Budget',
    summary: 'The allocation in force, with its explanation',
    auth: { scope: SCOPES.budgetRead },
    params: { path: CampaignPathSchema },
    responses: { 200: { description: 'The allocation', schema: AllocationSchema } },
    errors: { 404: 'no such campaign, or no allocation yet' },
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/allocations',
    operationId: 'listAllocations',
    tag: 'Budget',
    summary: 'Allocation history, newest first, paged',
    auth: { scope: SCOPES.budgetRead },
    params: { path: CampaignPathSchema, query: AllocationsQuerySchema },
    responses: { 200: { description: 'A page of allocations', schema: AllocationPageSchema } },
    errors: notFound('campaign'),
  },
  {
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/reallocate',
    operationId: 'reallocate',
    tag: 'Budget',
    summary: 'Allocate the next period now, or the period named',
    auth: { scope: SCOPES.budgetWrite },
    params: { path: CampaignPathSchema },
    body: { schema: ReallocateBodySchema, required: false, maxBytes: 65_536 },
    responses: { 201: { description: 'Allocated', schema: ReallocationOutcomeSchema }, 200: { description: 'The period already had this allocation', schema: ReallocationOutcomeSchema } },
    errors: { ...notFound('campaign'), 409: 'the period cannot be allocated (ended, or before the allocation in force)', 503: 'a dependency was unavailable; resend' },
  },
  {
    method: 'POST',
    path: '/v1/effects',
    operationId: 'reportEffects',
    tag: 'Budget',
    summary: 'Report channel effects: one report or up to 100',
    auth: { scope: SCOPES.effectsWrite },
    body: { schema: EffectsBodySchema, maxBytes: 262_144 },
    responses: { 200: { description: 'A status per report', schema: ReportEffectsResultSchema } },
    errors: { 503: 'no report could be stored now; resend the failed ones' },
  },
  {
    method: 'PUT',
    path: '/v1/experiments/{experimentId}',
    operationId: 'putExperiment',
    tag: 'Decisions',
    summary: 'Create or replace an experiment',
    auth: { scope: SCOPES.experimentsWrite },
    params: { path: ExperimentPathSchema, header: IfMatchHeaderSchema },
    body: { schema: ExperimentConfigSchema, maxBytes: 262_144 },
    responses: { 201: { description: 'Created', schema: ExperimentViewSchema, headers: ETagHeaderSchema }, 200: { description: 'Replaced', schema: ExperimentViewSchema, headers: ETagHeaderSchema } },
    errors: {
      409: 'the objective cannot change',
      412: 'If-Match does not hold: the experiment changed since it was read (`details.currentVersion`), or does not exist',
      422: 'settings that cannot work together (every reason in `details`)',
    },
  },
  {
    method: 'GET',
    path: '/v1/experiments/{experimentId}',
    operationId: 'getExperiment',
    tag: 'Decisions',
    summary: 'An experiment and its test plan',
    auth: { scope: SCOPES.experimentsRead },
    params: { path: ExperimentPathSchema },
    responses: { 200: { description: 'The experiment', schema: ExperimentViewSchema, headers: ETagHeaderSchema } },
    errors: notFound('experiment'),
  },
  {
    method: 'GET',
    path: '/v1/experiments/{experimentId}/results',
    operationId: 'getExperimentResults',
    tag: 'Decisions',
    summary: 'Per-arm results with always-valid intervals',
    auth: { scope: SCOPES.experimentsRead },
    params: { path: ExperimentPathSchema },
    responses: { 200: { description: 'The results', schema: ExperimentResultsSchema } },
    errors: notFound('experiment'),
  },
  {
    method: 'POST',
    path: '/v1/experiments/{experimentId}/evaluate',
    operationId: 'evaluatePolicy',
    tag: 'Decisions',
    summary: 'Off-policy estimates of a candidate policy from the log',
    auth: { scope: SCOPES.experimentsWrite },
    params: { path: ExperimentPathSchema },
    body: { schema: EvaluateRequestSchema, required: false, maxBytes: 4096 },
    responses: { 200: { description: 'IPS, SNIPS and doubly robust estimates', schema: EvaluationSchema } },
    errors: { ...notFound('experiment'), 422: 'the policy cannot be evaluated on this experiment' },
  },
  {
    method: 'POST',
    path: '/v1/decisions',
    operationId: 'decide',
    tag: 'Decisions',
    summary: 'Serve a decision to a user',
    auth: { scope: SCOPES.decisionsWrite },
    body: { schema: DecisionRequestSchema, maxBytes: 16_384 },
    responses: { 200: { description: 'The arm served, with its exact propensity', schema: DecisionResponseSchema } },
    errors: { ...notFound('experiment'), 409: 'the experiment is paused or stopped', 503: 'the decision could not be logged; ask again' },
  },
  {
    method: 'POST',
    path: '/v1/decisions/{decisionId}/outcomes',
    operationId: 'reportOutcome',
    tag: 'Decisions',
    summary: 'Report an outcome of a decision',
    auth: { scope: SCOPES.decisionsWrite },
    params: { path: DecisionPathSchema },
    body: { schema: OutcomeSchema, maxBytes: 4096 },
    responses: { 202: { description: 'accepted, late or duplicate', schema: OutcomeReceiptSchema } },
    errors: { ...notFound('decision'), 503: 'the decision was served moments ago and is not logged yet; resend' },
  },
  {
    method: 'PUT',
    path: '/v1/consents/{userId}',
    operationId: 'putConsent',
    tag: 'Consent',
    summary: "Record a user's consent or refusal",
    auth: { scope: SCOPES.consentWrite },
    params: { path: UserPathSchema },
    body: { schema: ConsentRequestSchema, maxBytes: 4096 },
    responses: { 200: { description: 'The effective state and history', schema: ConsentViewSchema } },
    errors: { 503: 'recorded, but not yet in effect everywhere; resend' },
  },
  {
    method: 'GET',
    path: '/v1/consents/{userId}',
    operationId: 'getConsent',
    tag: 'Consent',
    summary: "A user's consent state and its history",
    auth: { scope: SCOPES.consentRead },
    params: { path: UserPathSchema },
    responses: { 200: { description: 'The effective state and history', schema: ConsentViewSchema } },
    errors: {},
  },
  {
    method: 'POST',
    path: '/v1/batch',
    operationId: 'trackerBatch',
    tag: 'Tracker',
    summary: 'Send a batch of tracking calls (Segment / RudderStack SDKs)',
    description: TRACKER_DESCRIPTION,
    auth: { writeKey: true },
    body: { schema: SegmentBatchSchema, maxBytes: MAX_BATCH_BYTES },
    responses: { 200: { description: 'What became of the messages', schema: TrackerAnswerSchema } },
    errors: TRACKER_ERRORS,
  },
  trackerCall('track', 'Send one track call'),
  trackerCall('page', 'Send one page call'),
  trackerCall('screen', 'Send one screen call'),
  trackerCall('identify', 'Link an anonymous visitor to a user (identify)'),
  trackerCall('alias', 'Link a previous id to a user (alias)'),
  {
    method: 'POST',
    path: '/v1/write-keys',
    operationId: 'createWriteKey',
    tag: 'Sources',
    summary: 'Create a write key for a tracker',
    auth: { scope: SCOPES.sourcesAdmin },
    body: { schema: CreateWriteKeyRequestSchema, maxBytes: 4096 },
    responses: { 201: { description: 'The key, in this answer only', schema: CreatedWriteKeySchema } },
    errors: {},
  },
  {
    method: 'GET',
    path: '/v1/write-keys',
    operationId: 'listWriteKeys',
    tag: 'Sources',
    summary: 'Every write key, revoked ones included (never a key or its hash)',
    auth: { scope: SCOPES.sourcesAdmin },
    responses: { 200: { description: 'The keys, oldest first', schema: WriteKeyListSchema } },
    errors: {},
  },
  {
    method: 'DELETE',
    path: '/v1/write-keys/{keyId}',
    operationId: 'revokeWriteKey',
    tag: 'Sources',
    summary: 'Revoke a write key: its next request gets 401',
    auth: { scope: SCOPES.sourcesAdmin },
    params: { path: WriteKeyPathSchema },
    responses: { 200: { description: 'The revoked record, kept for audit', schema: RevokedWriteKeySchema } },
    errors: notFound('write key'),
  },
];
