/**
 * The 15-character random strings of dynamic registration and sub-device product registration.
 * @module
 */

/** The alphabet Python's `string.digits + string.ascii_letters` gives, in that order. */
export const RANDOM_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Draws `length` characters uniformly from {@link RANDOM_ALPHABET} (not cryptographic, like the SDK).
 * @param length - number of characters (the SDK uses 15)
 * @param random - source of randomness in `[0, 1)`
 * @returns the random string
 */
export function randomString(length = 15, random: () => number = Math.random): string {
  let out = '';
  for (let i = 0; i < length; i++) out += RANDOM_ALPHABET[Math.floor(random() * RANDOM_ALPHABET.length)] ?? '0';
  return out;
}
