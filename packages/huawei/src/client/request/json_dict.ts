/**
 * The JSON object type used by `to_dict()` / `convert_from_dict()`.
 * @module
 */

/** A parsed JSON object (Python `dict`). */
export type JsonDict = Record<string, unknown>;

/**
 * True for a plain JSON object (not null, not an array).
 * @param v - any value
 * @returns whether it is a dict
 */
export function isDict(v: unknown): v is JsonDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/**
 * Copies the listed keys present in `src` onto `target` (raw values, no coercion), like the Python parsers.
 * @param target - object to fill
 * @param src - parsed JSON
 * @param keys - `[jsonKey, field]` pairs or plain names
 */
export function assignKeys(target: object, src: unknown, keys: Array<string | [string, string]>): void {
  if (!isDict(src)) return;
  for (const k of keys) {
    const [from, to] = typeof k === 'string' ? [k, k] : k;
    if (Object.prototype.hasOwnProperty.call(src, from)) (target as Record<string, unknown>)[to] = src[from];
  }
}
