import { ALL_SCOPES, qualifiedScope, RESOURCE_SERVER_ID, SCOPES, type Scope } from './scopes';

/**
 * The people who use the console, and what each may do. In AWS each role is a Cognito user group and
 * the pre-token-generation trigger keeps only these scopes in a signed-in user's access token; locally
 * `npm start` and `npm run token -- --role <role>` mint tokens with them. The API enforces the scopes
 * either way: the console merely hides what a token cannot do.
 */
export const ROLE_SCOPES = {
  marketer: [SCOPES.copyWrite, SCOPES.copyRead, SCOPES.complianceCheck, SCOPES.budgetRead, SCOPES.budgetWrite, SCOPES.experimentsRead, SCOPES.experimentsWrite],
  reviewer: [SCOPES.copyRead, SCOPES.copyReview, SCOPES.complianceCheck],
  analyst: [SCOPES.copyRead, SCOPES.budgetRead, SCOPES.experimentsRead, SCOPES.profilesRead, SCOPES.consentRead],
  admin: ALL_SCOPES,
} as const satisfies Record<string, readonly Scope[]>;

export type Role = keyof typeof ROLE_SCOPES;
export const ROLES = Object.keys(ROLE_SCOPES) as Role[];

/** The scopes a member of these groups holds: the union of their roles' scopes (unknown groups grant nothing). */
export function scopesOfGroups(groups: readonly string[]): Scope[] {
  const granted = new Set<Scope>();
  for (const group of groups) {
    if (Object.hasOwn(ROLE_SCOPES, group)) for (const scope of ROLE_SCOPES[group as Role]) granted.add(scope);
  }
  return ALL_SCOPES.filter((scope) => granted.has(scope));
}

/**
 * For the pre-token-generation trigger: the requested API scopes (`marketing/<scope>`) that the user's
 * groups do not grant, to be removed from the access token. Other scopes (openid, email…) stay.
 */
export function scopesToSuppress(requested: readonly string[], groups: readonly string[]): string[] {
  const granted = new Set(scopesOfGroups(groups).map(qualifiedScope));
  return requested.filter((scope) => scope.startsWith(`${RESOURCE_SERVER_ID}/`) && !granted.has(scope));
}
