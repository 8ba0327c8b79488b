/**
 * Alink JSON helpers: safe parsing and the platform's reply shape.
 * @packageDocumentation
 */
import { isObject } from './records.js';

/** A parsed Alink request (`id`, `params`, `method`, `version`); undefined fields when absent. */
export interface AlinkRequest {
  /** Request id as sent (string or number). */
  id: unknown;
  /** Request params. */
  params: unknown;
  /** Method, if sent. */
  method: string | undefined;
}

/** Parses an Alink request; undefined when the payload is not a JSON object. */
export function parseAlink(payload: Buffer): AlinkRequest | undefined {
  let v: unknown;
  try {
    v = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(v)) return undefined;
  return { id: v['id'], params: v['params'], method: typeof v['method'] === 'string' ? v['method'] : undefined };
}

/** The platform's Alink reply object, keys in the cloud's order. */
export function alinkReply(id: unknown, code: number, data: unknown, message: string, method?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { code, data, id: id ?? null, message };
  if (method !== undefined) out['method'] = method;
  out['version'] = '1.0';
  return out;
}

/** Error codes the emulated cloud answers with (see README.md). */
export const CODES = {
  ok: 200,
  badRequest: 460,
  tslNotFound: 6304,
  deviceNotFound: 6100,
  topoNotFound: 6401,
  badSign: 6402,
  productNotFound: 6250,
  dynregFailed: 6289,
  dynregBadSign: 6288,
} as const;
