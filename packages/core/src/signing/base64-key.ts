/**
 * Strict base64 decoding of secrets that vendors hand out base64-encoded.
 * @packageDocumentation
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes a base64 key (standard alphabet, `=` padding required) into its raw bytes.
 *
 * Unlike `Buffer.from(key, 'base64')`, which silently skips characters it does not know and so
 * turns a mistyped secret into a different key, this rejects anything that is not canonical
 * base64: characters outside `A-Z a-z 0-9 + /`, whitespace, the URL-safe alphabet, missing or
 * misplaced padding, and non-zero unused bits in the last character. The empty string is valid
 * base64 and decodes to an empty Buffer.
 *
 * The error message never contains the key itself.
 *
 * @param key - The base64 text, for example a Tencent `deviceSecret`.
 * @returns The decoded bytes.
 * @throws TypeError when `key` is not a string or not canonical base64.
 */
export function decodeBase64Key(key: string): Buffer {
  if (typeof key !== 'string') {
    throw new TypeError('base64 key must be a string');
  }
  if (!BASE64.test(key)) {
    throw new TypeError(`key is not valid base64 (${key.length} characters; expected A-Z a-z 0-9 + / with = padding to a multiple of 4)`);
  }
  const bytes = Buffer.from(key, 'base64');
  if (bytes.toString('base64') !== key) {
    throw new TypeError('key is not canonical base64 (unused bits in the last character are not zero)');
  }
  return bytes;
}
