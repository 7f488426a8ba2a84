#!/usr/bin/env node
/**
 * `npm run token -- <scope…>`: prints a dev token for the local API with only the given scopes
 * (all scopes when none are given), signed with the same local key `npm start` uses.
 * `npm run token -- --role <role>` gives a console user's scopes instead (shared/auth/roles.ts).
 */
import { ROLE_SCOPES, ROLES, type Role } from '../shared/auth/roles';
import { ALL_SCOPES, type Scope } from '../shared/auth/scopes';
import { loadOrCreateKeys, mintToken } from '../local/auth';
import { DEFAULT_STATE_DIR, localClientId } from '../local/runtime';

async function main() {
  const args = process.argv.slice(2);
  const roleAt = args.indexOf('--role');
  const role = roleAt >= 0 ? args[roleAt + 1] : undefined;
  if (roleAt >= 0 && !(ROLES as string[]).includes(role ?? '')) {
    console.error(`unknown role: ${role ?? '(none)'}\nknown roles: ${ROLES.join(' ')}`);
    process.exit(2);
  }
  const requested: string[] = role ? [...ROLE_SCOPES[role as Role]] : args;
  const unknown = requested.filter((scope) => !(ALL_SCOPES as string[]).includes(scope));
  if (unknown.length > 0) {
    console.error(`unknown scope(s): ${unknown.join(', ')}\nknown scopes: ${ALL_SCOPES.join(' ')}`);
    process.exit(2);
  }
  const stateDir = process.env.STATE_DIR ?? DEFAULT_STATE_DIR;
  const keys = await loadOrCreateKeys(stateDir);
  console.log(await mintToken(keys, requested.length > 0 ? (requested as Scope[]) : ALL_SCOPES, { clientId: localClientId(stateDir) }));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
