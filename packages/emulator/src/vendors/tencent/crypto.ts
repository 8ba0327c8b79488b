/**
 * Platform-side cryptography of Tencent IoT Hub (node:crypto only): MQTT password check,
 * gateway bind signature, HTTP gateway request signature and the dynamic-registration payload cipher.
 * @packageDocumentation
 */
import { createCipheriv, createHash, createHmac, createVerify, timingSafeEqual } from 'node:crypto';

/** Hash of an HMAC-based Tencent signature. */
export type HmacAlgorithm = 'sha1' | 'sha256';

/** @returns the lower-case hex HMAC of `message` */
export function hmacHex(algorithm: HmacAlgorithm, key: Buffer, message: string): string {
  return createHmac(algorithm, key).update(message, 'utf8').digest('hex');
}

/** @returns the Base64 HMAC of `message` */
export function hmacBase64(algorithm: HmacAlgorithm, key: Buffer, message: string): string {
  return createHmac(algorithm, key).update(message, 'utf8').digest('base64');
}

/** @returns the lower-case hex SHA-256 of `data` */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** @returns the lower-case hex MD5 of `data` */
export function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

/** Compares two strings in constant time (false when lengths differ). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Strict Base64 decoding: undefined when `text` is not Base64. */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.trim();
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

/**
 * Checks an MQTT password `<hex>;hmacsha1` / `<hex>;hmacsha256` (spec 3.2): HMAC over the username,
 * keyed with the Base64-decoded device secret.
 */
export function verifyMqttPassword(username: string, password: string, deviceSecret: string): boolean {
  const m = /^([0-9a-fA-F]+);(hmacsha1|hmacsha256)$/.exec(password);
  if (!m) return false;
  const key = decodeBase64(deviceSecret);
  if (!key) return false;
  const expected = hmacHex(m[2] === 'hmacsha1' ? 'sha1' : 'sha256', key, username);
  return sameText(expected, (m[1] ?? '').toLowerCase());
}

/** Text a gateway signs to bind a sub-device (spec 3.10). */
export function bindSignText(productId: string, deviceName: string, random: number | string, timestamp: number | string): string {
  return `${productId}${deviceName};${random};${timestamp}`;
}

/**
 * Checks a sub-device bind signature. The Python SDK keys the HMAC with the secret **text**; the
 * Base64-decoded secret is accepted as well (other Tencent SDKs).
 */
export function verifyBindSignature(text: string, signature: string, method: string, deviceSecret: string): boolean {
  const algorithm: HmacAlgorithm | undefined = method === 'hmacsha1' ? 'sha1' : method === 'hmacsha256' ? 'sha256' : undefined;
  if (!algorithm) return false;
  const keys: Buffer[] = [Buffer.from(deviceSecret, 'utf8')];
  const decoded = decodeBase64(deviceSecret);
  if (decoded && decoded.length > 0) keys.push(decoded);
  return keys.some((k) => sameText(hmacBase64(algorithm, k, text), signature));
}

/** The 8-line string signed by device HTTP requests (spec 3.16/3.17). */
export function httpStringToSign(host: string, path: string, algorithm: string, timestamp: string, nonce: string, body: Buffer): string {
  return ['POST', host, path, '', algorithm, timestamp, nonce, sha256Hex(body)].join('\n');
}

/** Checks an `rsa-sha256` request signature with a PEM certificate or public key. */
export function verifyRsaSha256(text: string, signatureBase64: string, pem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(text, 'utf8').verify(pem, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

/**
 * Encrypts a dynamic-registration reply: AES-128-CBC, key = first 16 characters of the product
 * secret, IV = sixteen ASCII '0', zero padding (spec 3.16).
 * @returns the Base64 cipher text
 */
export function encryptRegistrationPayload(productSecret: string, plaintext: string): string {
  const key = Buffer.alloc(16);
  Buffer.from(productSecret.slice(0, 16), 'utf8').copy(key);
  const data = Buffer.from(plaintext, 'utf8');
  const padded = Buffer.alloc(Math.ceil(data.length / 16) * 16 || 16);
  data.copy(padded);
  const cipher = createCipheriv('aes-128-cbc', key, Buffer.from('0000000000000000', 'ascii'));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** Normalises a certificate fingerprint for comparison (no colons, upper case). */
export function normalizeFingerprint(fp: string): string {
  return fp.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
}
