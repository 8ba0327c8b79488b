/**
 * The Python SDK's `json.dumps(...)` calls, through @iot/core's byte-exact encoder.
 * @module
 */
import { pyJsonDumps } from '@iot/core';

/** Encodes a model object (anything with `to_dict()`) through its dict; other class instances by their own fields. */
function modelDefault(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array || value instanceof Set) return value;
  const toDict = (value as { to_dict?: unknown }).to_dict;
  if (typeof toDict === 'function') return (toDict as () => unknown).call(value);
  return { ...value };
}

/**
 * Python `json.dumps(value)` with default arguments (see `pyJsonDumps` in @iot/core): `", "` / `": "` separators,
 * `ensure_ascii`, insertion key order, Python number texts. Objects with a `to_dict()` method are encoded through it.
 * @param value - what to serialise
 * @returns the JSON text
 * @throws TypeError for values JSON cannot hold (functions, symbols, bytes) and for cycles
 */
export function dumps(value: unknown): string {
  return pyJsonDumps(value, { default: modelDefault });
}
