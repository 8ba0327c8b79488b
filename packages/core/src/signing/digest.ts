/**
 * Keyed and plain message digests (HMAC and hash) over `node:crypto`, as used by every vendor's
 * MQTT password and request-signature scheme.
 * @packageDocumentation
 */
import { createHash, createHmac } from 'node:crypto';

/** Digest algorithms the vendor signing schemes use. */
export type HmacAlgorithm = 'md5' | 'sha1' | 'sha256';

/** Text encoding of a digest: lower-case hexadecimal or standard (padded) base64. */
export type DigestEncoding = 'hex' | 'base64';

const ALGORITHMS: ReadonlySet<string> = new Set<HmacAlgorithm>(['md5', 'sha1', 'sha256']);
const ENCODINGS: ReadonlySet<string> = new Set<DigestEncoding>(['hex', 'base64']);

function checkAlgorithm(alg: string): asserts alg is HmacAlgorithm {
  if (!ALGORITHMS.has(alg)) {
    throw new TypeError(`unsupported digest algorithm ${JSON.stringify(alg)} (expected md5, sha1 or sha256)`);
  }
}

function checkEncoding(enc: string): asserts enc is DigestEncoding {
  if (!ENCODINGS.has(enc)) {
    throw new TypeError(`unsupported digest encoding ${JSON.stringify(enc)} (expected hex or base64)`);
  }
}

/**
 * Computes an HMAC.
 *
 * A string key or message is taken as its UTF-8 bytes; pass a Buffer for raw bytes (for example a
 * key from {@link decodeBase64Key}).
 *
 * @param alg - `md5`, `sha1` or `sha256`.
 * @param key - The secret key.
 * @param data - The message to authenticate.
 * @param enc - Output encoding, `hex` (lower case, the default) or `base64`.
 * @returns The digest in the requested encoding.
 * @throws TypeError for an unknown algorithm or encoding.
 *
 * @example
 * ```ts
 * hmac('sha256', '2024010203', '12345678'); // '2b7be4e1…'
 * ```
 */
export function hmac(alg: HmacAlgorithm, key: string | Buffer, data: string | Buffer, enc: DigestEncoding = 'hex'): string {
  checkAlgorithm(alg);
  checkEncoding(enc);
  return createHmac(alg, key).update(data).digest(enc);
}

/**
 * Computes a plain message digest.
 *
 * @param alg - `md5`, `sha1` or `sha256`.
 * @param data - The bytes to hash; a string is taken as UTF-8.
 * @param enc - Output encoding, `hex` (lower case, the default) or `base64`.
 * @returns The digest in the requested encoding.
 * @throws TypeError for an unknown algorithm or encoding.
 */
export function hash(alg: HmacAlgorithm, data: string | Buffer, enc: DigestEncoding = 'hex'): string {
  checkAlgorithm(alg);
  checkEncoding(enc);
  return createHash(alg).update(data).digest(enc);
}
