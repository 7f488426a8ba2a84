import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_SCOPES, qualifiedScope, type Scope } from '../shared/auth/scopes';

/**
 * Local stand-in for Cognito's token endpoint: an ES256 key generated on first start and kept in the
 * local state folder, so `npm run token` and the running suite agree. Tokens look like Cognito access
 * tokens for a client-credentials app client: `scope` holds `marketing/<scope>` entries.
 */
export const LOCAL_ISSUER = 'https://local.ai-marketing/idp';
const KEY_FILE = 'dev-signing-key.json';

export interface LocalKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function loadOrCreateKeys(stateDir: string): Promise<LocalKeys> {
  const file = path.join(stateDir, KEY_FILE);
  if (fs.existsSync(file)) {
    const jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK;
    const { d: _private, ...publicJwk } = jwk;
    return { privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey, publicKey: (await importJWK(publicJwk, 'ES256')) as CryptoKey };
  }
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600 });
  return { privateKey, publicKey };
}

/**
 * Mints an access token as Cognito's client-credentials grant does: `sub` and `client_id` are the app
 * client's id. Give the suite's configured client (see `localClientId`), or the gateway refuses it.
 */
export async function mintToken(keys: LocalKeys, scopes: readonly Scope[] = ALL_SCOPES, options: { clientId?: string; expiresIn?: string } = {}): Promise<string> {
  const subject = options.clientId ?? 'local-dev-client';
  return new SignJWT({ scope: scopes.map(qualifiedScope).join(' '), client_id: subject, token_use: 'access' })
    .setProtectedHeader({ alg: 'ES256', kid: 'local' })
    .setIssuer(LOCAL_ISSUER)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(keys.privateKey);
}

/** Where the runtime records the suite's app client id, so `npm run token` can mint for it without synthesizing. */
export const CLIENT_ID_FILE = 'app-client-id';

export type TokenCheck = { ok: true; claims: Record<string, unknown>; scopes: string[] } | { ok: false };

/**
 * Verifies signature, issuer and expiry as API Gateway's JWT authorizer does, and the audience: a
 * token's `aud`, or its `client_id` when it has no `aud`, must be one of the authorizer's audience
 * entries (the app clients the template lists). An empty `audience` skips that check.
 */
export async function verifyToken(keys: LocalKeys, token: string, audience: readonly string[] = []): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, { issuer: LOCAL_ISSUER, algorithms: ['ES256'] });
    if (audience.length > 0) {
      const claimed = payload.aud !== undefined ? (Array.isArray(payload.aud) ? payload.aud : [payload.aud]) : typeof payload.client_id === 'string' ? [payload.client_id] : [];
      if (!claimed.some((client) => audience.includes(client))) return { ok: false };
    }
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    return { ok: true, claims: payload as Record<string, unknown>, scopes };
  } catch {
    return { ok: false };
  }
}
