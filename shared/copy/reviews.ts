/** Human review: the queue of variants that ran out of attempts, and the reviewer's decision. */
import { badRequest, conflict, notFound } from '../http/errors';
import type { ReviewDecisionRequest } from './schema';
import { InvalidCursorError, type CopyStore } from './store';
import type { Locale } from '../compliance/schema';
import { reviewItemView, variantFor, variantView, type ReviewItemView, type VariantView } from './views';
import { jobIdOfVariant } from './workflow';

/** GET /v1/reviews: pending variants, oldest first, a page at a time; findings worded for `reader` (Accept-Language) where its pack has the rule. */
export async function listReviews(store: CopyStore, query: { limit: number; cursor?: string }, reader?: Locale): Promise<{ items: ReviewItemView[]; nextCursor?: string }> {
  try {
    const page = await store.listPendingReviews(query.limit, query.cursor);
    return { items: page.items.map((variant) => variantFor(reader, variant.industry, reviewItemView(variant))), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  } catch (error) {
    if (error instanceof InvalidCursorError) throw badRequest('invalid cursor: pass the nextCursor of a previous page unchanged');
    throw error;
  }
}

/**
 * POST /v1/reviews/{variantId}: 1. find the variant 2. record the decision with who (the token's
 * subject), when and the note, only if it is still pending 3. return the updated variant.
 * A resend of the decision already recorded (same reviewer, decision and note: a retried click)
 * answers the variant as decided; any other decision on a decided variant is a 409.
 */
export async function decideReview(store: CopyStore, variantId: string, body: ReviewDecisionRequest, reviewer: string, now: () => Date): Promise<VariantView> {
  if (!jobIdOfVariant(variantId)) throw notFound(`no variant ${variantId}`);
  const decision = body.decision === 'approve' ? 'approved' : 'rejected';
  const outcome = await store.decideReview(variantId, {
    decision,
    reviewer,
    decidedAt: now().toISOString(),
    ...(body.note ? { note: body.note } : {}),
  });
  switch (outcome.result) {
    case 'decided':
      return variantView(outcome.variant);
    case 'not-found':
      throw notFound(`no variant ${variantId}`);
    case 'not-pending': {
      const recorded = outcome.variant.review;
      if (recorded?.decision === decision && recorded.reviewer === reviewer && (recorded.note ?? '') === (body.note ?? '')) return variantView(outcome.variant);
      throw conflict(`variant ${variantId} is ${outcome.variant.status}, not pending review`, { status: outcome.variant.status, review: outcome.variant.review });
    }
  }
}
