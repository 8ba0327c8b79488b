/**
 * Tencent signing and crypto (the Python SDK's `Codec`): MQTT username/password, the HTTP request
 * signature of dynamic registration and HTTP publish, the gateway bind signature, the AES-CBC
 * decryption of the registration reply and the resource Content-MD5.
 * All HMAC/hash work goes through `@iot/core`; AES and RSA come from `node:crypto`.
 * @module
 */
import { createDecipheriv, createSign } from 'node:crypto';
import { hash, hmac } from '@iot/core';

/** The fixed sdkappid of the MQTT username. */
export const SDK_APP_ID = '21010406';

const CONNID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A 5-character connection id, characters drawn without repetition from `[A-Za-z0-9]`.
 * @param random - source in [0, 1)
 * @returns the id
 */
export function generateConnId(random: () => number = Math.random): string {
  const pool = CONNID_ALPHABET.split('');
  let out = '';
  for (let i = 0; i < 5; i++) {
    const idx = Math.min(pool.length - 1, Math.floor(random() * pool.length));
    out += pool.splice(idx, 1)[0]!;
  }
  return out;
}

/** MQTT credentials of key authentication. */
export interface TencentMqttAuth {
  /** `{pid}{dn};21010406;{connid};{ms}` */
  username: string;
  /** `{hmac-sha1 hex};hmacsha1` */
  password: string;
}

/**
 * Builds the MQTT username and password (spec 3.2).
 * @param productId - product id
 * @param deviceName - device name
 * @param deviceSecret - Base64 device secret (decoded to the HMAC key)
 * @param connId - 5-character connection id
 * @param timestampMs - current time in ms (the vendor SDK sends ms, not an expiry in seconds)
 * @returns username and password
 */
export function mqttAuth(productId: string, deviceName: string, deviceSecret: string, connId: string, timestampMs: number): TencentMqttAuth {
  const psk = Buffer.from(deviceSecret, 'base64');
  const username = `${productId}${deviceName};${SDK_APP_ID};${connId};${Math.round(timestampMs)}`;
  const sign = hmac('sha1', psk, username, 'hex');
  return { username, password: `${sign};hmacsha1` };
}

/** Inputs of the 8-line HTTP signature (dynamic registration and HTTP publish). */
export interface HttpSignInput {
  /** Host name signed (lower case, no port). */
  host: string;
  /** URL path signed (no query). */
  path: string;
  /** `hmacsha256` or `rsa-sha256`. */
  algorithm: string;
  /** Unix seconds. */
  timestamp: number;
  /** Random int in [0, 2147483646]. */
  nonce: number;
  /** Request body text. */
  body: string;
}

/**
 * The string to sign: `POST`, host, path, empty query, algorithm, timestamp, nonce, SHA-256 hex of the body.
 * @param i - inputs
 * @returns the 8 lines joined with `\n`
 */
export function httpStringToSign(i: HttpSignInput): string {
  return ['POST', i.host, i.path, '', i.algorithm, String(i.timestamp), String(i.nonce), hash('sha256', Buffer.from(i.body, 'utf-8'), 'hex')].join('\n');
}

/**
 * HMAC-SHA256 HTTP signature, Base64.
 * @param key - key text (product secret for registration, device secret text for HTTP publish), used as UTF-8 bytes
 * @param i - inputs
 * @returns `X-TC-Signature`
 */
export function httpSignHmac(key: string, i: HttpSignInput): string {
  return hmac('sha256', Buffer.from(key, 'utf-8'), httpStringToSign(i), 'base64');
}

/**
 * RSA-SHA256 (PKCS#1 v1.5) HTTP signature of CERT devices, Base64.
 * @param privateKeyPem - PEM private key
 * @param i - inputs
 * @returns `X-TC-Signature`
 */
export function httpSignRsa(privateKeyPem: string, i: HttpSignInput): string {
  const signer = createSign('RSA-SHA256');
  signer.update(httpStringToSign(i), 'utf-8');
  return signer.sign(privateKeyPem, 'base64');
}

/**
 * Host and path that are signed for a custom URL (Python `urlparse(url).hostname` / `.path`).
 * @param url - full URL
 * @returns lower-case host without port, and the path without query
 */
export function signedHostPath(url: string): { host: string; path: string } {
  const u = new URL(url);
  return { host: u.hostname.toLowerCase().replace(/^\[|\]$/g, ''), path: u.pathname === '/' && !/^[a-z]+:\/\/[^/]+\//i.test(url) ? '' : u.pathname };
}

/**
 * Gateway bind signature: Base64(HMAC-SHA1(sub-device secret text as UTF-8, `{pid}{dn};{random};{ts}`)).
 * @param subProductId - sub-device product id
 * @param subDeviceName - sub-device name
 * @param subSecret - sub-device secret, used as text (not Base64-decoded)
 * @param random - random int
 * @param timestamp - Unix seconds
 * @returns the signature
 */
export function gatewayBindSignature(subProductId: string, subDeviceName: string, subSecret: string, random: number, timestamp: number): string {
  return hmac('sha1', Buffer.from(subSecret, 'utf-8'), `${subProductId}${subDeviceName};${random};${timestamp}`, 'base64');
}

/**
 * Decrypts the registration reply `Payload`: Base64, AES-128-CBC with key = first 16 characters of the product
 * secret and IV = 16 ASCII zeros, no padding removal; then UTF-8 (invalid bytes dropped), trimmed, NULs stripped.
 * @param payloadBase64 - `Response.Payload`
 * @param productSecret - product secret
 * @returns the plaintext JSON text
 * @throws Error when the key is shorter than 16 bytes or the data is not a whole number of blocks
 */
export function decryptRegistrationPayload(payloadBase64: string, productSecret: string): string {
  const key = Buffer.from(productSecret.slice(0, 16), 'utf-8');
  const data = Buffer.from(payloadBase64, 'base64');
  const decipher = createDecipheriv('aes-128-cbc', key, Buffer.from('0000000000000000', 'ascii'));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(plain).replace(/\uFFFD/g, '');
  return text.trim().replace(/^\0+|\0+$/g, '');
}

/**
 * Content-MD5 header value: Base64 of the raw MD5 digest.
 * @param md5Hex - lower-case hex MD5
 * @returns Base64 text
 */
export function contentMd5FromHex(md5Hex: string): string {
  return Buffer.from(md5Hex, 'hex').toString('base64');
}

/**
 * A uniform random int in [0, 2147483646] (Python `random.randrange(2147483647)`).
 * @param random - source in [0, 1)
 * @returns the int
 */
export function randomNonce(random: () => number = Math.random): number {
  return Math.floor(random() * 2147483647);
}
