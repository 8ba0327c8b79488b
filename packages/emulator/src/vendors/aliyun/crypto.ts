/**
 * Signing helpers of the Aliyun platform side (node:crypto only).
 * @packageDocumentation
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** HMAC algorithms the platform accepts, keyed by the lower-case `signmethod` label. */
const HMAC_ALGORITHMS: Record<string, string> = { hmacsha1: 'sha1', hmacsha256: 'sha256', hmacmd5: 'md5' };

/**
 * Lower-case hex HMAC for a vendor sign-method label (`hmacsha1`, `hmacSha256`, ... case-insensitive).
 * @returns the digest, or undefined for an unknown method
 */
export function signHex(method: string, key: string, content: string): string | undefined {
  const alg = HMAC_ALGORITHMS[method.toLowerCase()];
  if (!alg) return undefined;
  return createHmac(alg, key).update(content, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex strings (case-insensitive). */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when `given` is the HMAC (per method) of content under key. */
export function verifySign(method: string, key: string, content: string, given: string): boolean {
  const expected = signHex(method, key, content);
  return expected !== undefined && sameHex(expected, given);
}

/** Hex digest of firmware bytes (`md5` or `sha256`). */
export function digestHex(alg: 'md5' | 'sha256', data: Buffer): string {
  return createHash(alg).update(data).digest('hex');
}

/** A fresh random secret (32 hex characters), as the console issues device secrets. */
export function newSecret(): string {
  return randomBytes(16).toString('hex');
}
