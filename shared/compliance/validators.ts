/**
 * Checksums for PII pattern rules: a digit run is reported only when it could really be an ID,
 * a card or a phone number, so order numbers and SKUs stay silent.
 */

/** Luhn (ISO/IEC 7812) over the digits of `s`; card numbers are 16 to 19 digits. */
export function isLuhnCardNumber(s: string): boolean {
  const digits = s.replace(/\D/g, '');
  if (digits.length < 16 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Chinese resident identity number (GB 11643): 18 characters, ISO 7064 MOD 11-2 check, real date. */
export function isCnResidentId(s: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  if (ID_CHECK[sum % 11] !== s[17]!.toUpperCase()) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** E.164 allows at most 15 digits; fewer than 8 is not a reachable international number. */
export function isPhoneDigitCount(s: string): boolean {
  const n = s.replace(/\D/g, '').length;
  return n >= 8 && n <= 15;
}

export const VALIDATORS = {
  luhn: isLuhnCardNumber,
  'cn-resident-id': isCnResidentId,
  'phone-digits': isPhoneDigitCount,
} as const;
