import { createHmac } from 'node:crypto';

/**
 * Replaces a raw user id with HMAC-SHA256(secret, id), base64url (43 chars). The same id always maps
 * to the same pseudonym under one secret, so profiles accumulate, but the raw id cannot be recovered
 * or recomputed without the secret, which lives only in Secrets Manager (or the local config).
 */
export function pseudonymousId(secret: string, rawUserId: string): string {
  return createHmac('sha256', secret).update(rawUserId, 'utf8').digest('base64url');
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Phone-like digit runs (7+ digits with optional separators and +country prefix).
const PHONE = /(?:\+?\d[\d\s().-]{6,}\d)/g;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
// Full form (eight groups) or compressed with `::`; a time like 12:30:45 has neither.
const IPV6 = /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6}::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6}\b)?|::[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6}\b/gi;

/**
 * Masks e-mail addresses, IP addresses and phone numbers in free text that users type (search queries,
 * comments), so that none of them passes the API edge even when a user types one into a search box.
 */
export function redactFreeText(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(IPV4, '[ip]')
    .replace(IPV6, '[ip]')
    .replace(PHONE, '[phone]');
}
