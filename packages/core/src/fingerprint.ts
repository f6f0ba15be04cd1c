import { createHmac } from 'node:crypto';

/** Public default key. Documented as non-secret: fingerprints made with it can be brute-forced. */
export const PUBLIC_FINGERPRINT_KEY = 'gallra-public-fingerprint-key-v1';

/** Keyed fingerprint: hex HMAC-SHA256 of the normalised value. */
export function fingerprintValue(normalized: string, key: string | Uint8Array = PUBLIC_FINGERPRINT_KEY): string {
  return createHmac('sha256', key).update(normalized, 'utf8').digest('hex');
}
