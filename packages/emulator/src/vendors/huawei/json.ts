/**
 * Defensive JSON helpers for device payloads.
 * @packageDocumentation
 */

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** Largest uplink the plugin parses (bigger ones are ignored and traced). */
export const MAX_UPLINK_BYTES = 1024 * 1024;

/** True for a plain (non-array) object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses an uplink as a JSON object; undefined when it is too big, not JSON, or not an object. */
export function parseObject(payload: Buffer): JsonObject | undefined {
  if (payload.length > MAX_UPLINK_BYTES) return undefined;
  try {
    const v: unknown = JSON.parse(payload.toString('utf8'));
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A string field or undefined. */
export function strField(o: JsonObject, k: string): string | undefined {
  const v = o[k];
  return typeof v === 'string' ? v : undefined;
}

/** An array field (empty when absent or not an array). */
export function arrField(o: JsonObject, k: string): unknown[] {
  const v = o[k];
  return Array.isArray(v) ? v : [];
}

/** IoTDA event time of a moment: `YYYYMMDDTHHMMSSZ` (UTC). */
export function eventTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
