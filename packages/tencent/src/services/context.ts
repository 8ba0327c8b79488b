/**
 * What every per-device feature handler gets from the hub.
 * @module
 */
import type { Log } from '../log/log.js';
import type { AsyncConnClient } from '../protocol/protocol.js';

/** A feature callback: `(topic, qos, payload, userdata)`. */
export type FeatureCallback<U = unknown> = (topic: string, qos: number, payload: unknown, userdata: U) => unknown;

/** Shared hub services for the feature handlers. */
export interface ServiceContext {
  /** The MQTT client. */
  readonly protocol: AsyncConnClient;
  /** SDK log. */
  readonly logger: Log;
}

/**
 * Python's `__assert`: a non-empty value.
 * @param param - value to check
 * @throws TypeError `Invalid param.`
 */
export function assertParam(param: unknown): void {
  if (param === null || param === undefined) throw new TypeError('Invalid param.');
  if ((typeof param === 'string' || Array.isArray(param)) && param.length === 0) throw new TypeError('Invalid param.');
  if (typeof param === 'object' && !Array.isArray(param) && Object.keys(param as object).length === 0) throw new TypeError('Invalid param.');
}
