/**
 * Who is signed in. Locally a dev token arrives in the URL fragment (`#token=…`, printed by `npm start`)
 * or is pasted; in AWS the console signs in through the Cognito hosted UI with the authorization-code
 * grant and PKCE. The token lives in sessionStorage (gone with the tab) and its fragment is removed
 * from the address bar at once. Scopes are read from the token only to hide what it cannot do.
 */
export interface CognitoConfig {
  /** Hosted UI base URL, e.g. https://ai-marketing-123.auth.eu-west-1.amazoncognito.com */
  domain: string;
  clientId: string;
  scopes: string[];
}

export interface ConsoleConfig {
  /** The API's base URL; empty means the console's own origin (the local gateway). */
  apiUrl: string;
  cognito?: CognitoConfig;
}

const TOKEN_KEY = 'console.token';
const VERIFIER_KEY = 'console.pkce';
const RESOURCE_PREFIX = 'marketing/';

export interface Session {
  token: string;
  scopes: Set<string>;
  subject: string;
  expiresAt?: number;
}

function decodePayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A session from a token, or undefined when it is not a readable, unexpired JWT. */
export function sessionOf(token: string): Session | undefined {
  const payload = decodePayload(token.trim());
  if (!payload) return undefined;
  const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  if (expiresAt !== undefined && expiresAt <= Date.now()) return undefined;
  const scopes = new Set((typeof payload.scope === 'string' ? payload.scope.split(' ') : []).filter(Boolean).map((scope) => (scope.startsWith(RESOURCE_PREFIX) ? scope.slice(RESOURCE_PREFIX.length) : scope)));
  const subject = String(payload.username ?? payload.sub ?? payload.client_id ?? '');
  return { token: token.trim(), scopes, subject, expiresAt };
}

export function saveToken(token: string): Session | undefined {
  const session = sessionOf(token);
  if (session) sessionStorage.setItem(TOKEN_KEY, session.token);
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Takes a token from the fragment (and removes it from the address bar), or the one kept for this tab. */
export function restoreSession(): Session | undefined {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get('token');
  if (fromFragment) {
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    return saveToken(fromFragment);
  }
  const kept = sessionStorage.getItem(TOKEN_KEY);
  return kept ? sessionOf(kept) : undefined;
}

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const redirectUri = () => `${location.origin}${location.pathname}`;

/** Sends the browser to the hosted UI with a fresh PKCE verifier (S256) and state. */
export async function startSignIn(cognito: CognitoConfig): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(VERIFIER_KEY, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({ response_type: 'code', client_id: cognito.clientId, redirect_uri: redirectUri(), scope: cognito.scopes.join(' '), state, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(`${cognito.domain}/oauth2/authorize?${query}`);
}

/** Completes a hosted-UI redirect (`?code=&state=`), or does nothing when the URL carries none. */
export async function completeSignIn(cognito: CognitoConfig): Promise<Session | undefined> {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (!code) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(VERIFIER_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(VERIFIER_KEY);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (!pending || pending.state !== query.get('state')) throw new Error('the sign-in answer does not match the request this tab made; sign in again');
  const response = await fetch(`${cognito.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: cognito.clientId, code, redirect_uri: redirectUri(), code_verifier: pending.verifier }),
  });
  const answer = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !answer.access_token) throw new Error(`sign-in failed: ${answer.error_description ?? answer.error ?? response.statusText}`);
  return saveToken(answer.access_token);
}
