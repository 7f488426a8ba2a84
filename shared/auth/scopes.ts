/**
 * OAuth scopes of the API. In AWS they belong to the Cognito resource server `marketing`, so a token
 * carries them as `marketing/<scope>`; the local runtime mints tokens with the same names. Each route
 * requires exactly one of them (see the constructs under lib/).
 */
export const RESOURCE_SERVER_ID = 'marketing';

export const SCOPES = {
  eventsWrite: 'events:write',
  profilesRead: 'profiles:read',
  profilesDelete: 'profiles:delete',
  copyWrite: 'copy:write',
  copyRead: 'copy:read',
  copyReview: 'copy:review',
  complianceCheck: 'compliance:check',
  budgetRead: 'budget:read',
  budgetWrite: 'budget:write',
  effectsWrite: 'effects:write',
  experimentsWrite: 'experiments:write',
  experimentsRead: 'experiments:read',
  decisionsWrite: 'decisions:write',
  consentWrite: 'consent:write',
  consentRead: 'consent:read',
  sourcesAdmin: 'sources:admin',
} as const;
export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'events:write': 'send clickstream events',
  'profiles:read': 'read user profiles',
  'profiles:delete': 'erase user profiles',
  'copy:write': 'start copy generation jobs',
  'copy:read': 'read copy jobs and variants',
  'copy:review': 'approve or reject copy in human review',
  'compliance:check': 'check text against compliance rule packs',
  'budget:read': 'read campaigns and allocations',
  'budget:write': 'configure campaigns and run reallocations',
  'effects:write': 'report channel effects',
  'experiments:write': 'create, change and evaluate experiments',
  'experiments:read': 'read experiments and their results',
  'decisions:write': 'ask for decisions and report their outcomes',
  'consent:write': 'record a user\'s consent or refusal',
  'consent:read': 'read a user\'s consent state and its history',
  'sources:admin': 'create, list and revoke the write keys trackers send events with',
};

export const ALL_SCOPES = Object.values(SCOPES) as Scope[];

/** The scope string as it appears in an access token. */
export const qualifiedScope = (scope: Scope) => `${RESOURCE_SERVER_ID}/${scope}`;
