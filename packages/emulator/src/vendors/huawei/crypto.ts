/**
 * Signing helpers of the IoTDA platform side (spec 3.2), on node:crypto only.
 * @packageDocumentation
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Lowercase hex HMAC-SHA256 keyed by `key` over `msg`. */
export function hmacSha256Hex(key: string | Buffer, msg: string | Buffer): string {
  return createHmac('sha256', key).update(msg).digest('hex');
}

/** The password a secret device sends for timestamp `ts` (`YYYYMMDDHH`). */
export function expectedPassword(secret: string, ts: string): string {
  return hmacSha256Hex(Buffer.from(ts, 'utf8'), Buffer.from(secret, 'utf8'));
}

/** The device secret of a registration-group device: hex HMAC(key = device id, msg = base64-decoded group secret). */
export function groupDerivedSecret(scopeSecretBase64: string, deviceId: string): string {
  return hmacSha256Hex(Buffer.from(deviceId, 'utf8'), Buffer.from(scopeSecretBase64, 'base64'));
}

/** Constant-time comparison of a presented password with the expected hex text. */
export function passwordMatches(presented: Buffer | undefined, expected: string): boolean {
  if (!presented) return false;
  const want = Buffer.from(expected, 'utf8');
  return presented.length === want.length && timingSafeEqual(presented, want);
}

/** UTC `YYYYMMDDHH` of a time. */
export function utcHour(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13).replace(/[-T]/g, '');
}

/** Epoch ms of the start of a `YYYYMMDDHH` hour, or undefined when it is not a valid hour. */
export function parseUtcHour(ts: string): number | undefined {
  if (!/^\d{10}$/.test(ts)) return undefined;
  const ms = Date.UTC(Number(ts.slice(0, 4)), Number(ts.slice(4, 6)) - 1, Number(ts.slice(6, 8)), Number(ts.slice(8, 10)));
  return utcHour(ms) === ts ? ms : undefined;
}

/** Normalises a certificate fingerprint (colons and case ignored). */
export function normalizeFingerprint(fp: string): string {
  return fp.replace(/:/g, '').toUpperCase();
}
