import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { logger } from '../../shared/aws/observability';
import { scopesToSuppress } from '../../shared/auth/roles';

/**
 * Cognito pre-token-generation trigger (v2) for console users: the access token keeps only the API
 * scopes the user's groups (roles) grant, so a reviewer's token can review but not erase profiles.
 * A user in no known group gets no API scope at all.
 */
export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  const groups = event.request.groupConfiguration.groupsToOverride ?? [];
  const suppressed = scopesToSuppress(event.request.scopes ?? [], groups);
  logger.info('console token scopes', { trigger: event.triggerSource, groups, suppressed: suppressed.length });
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToSuppress: suppressed } } };
  return event;
};
