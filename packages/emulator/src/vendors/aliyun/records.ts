/**
 * Aliyun registry records: devices keyed `{pk}/{dn}`, products keyed `{pk}` (see README.md).
 * @packageDocumentation
 */
import type { DeviceRecord, DeviceRegistry } from '../../registry.js';

/** Vendor name of this plugin in the registry. */
export const VENDOR = 'aliyun';

/** A TSL (thing specification) as far as the platform reads it. */
export interface Tsl {
  /** Properties, by identifier. */
  properties?: { identifier?: unknown }[];
  /** Events, by identifier. */
  events?: { identifier?: unknown }[];
  /** Services, by identifier, with `callType` `sync`/`async`. */
  services?: { identifier?: unknown; callType?: unknown }[];
}

/** Registry key of a device. */
export function deviceKey(productKey: string, deviceName: string): string {
  return `${productKey}/${deviceName}`;
}

/** The device record, if any (never a product record). */
export function getDevice(reg: DeviceRegistry, productKey: string, deviceName: string): DeviceRecord | undefined {
  const r = reg.get(VENDOR, deviceKey(productKey, deviceName));
  return r && r['kind'] !== 'product' ? r : undefined;
}

/** The product record, if any. */
export function getProduct(reg: DeviceRegistry, productKey: string): DeviceRecord | undefined {
  const r = reg.get(VENDOR, productKey);
  return r && r['kind'] === 'product' ? r : undefined;
}

/** String field of a record, or undefined. */
export function str(r: DeviceRecord | undefined, field: string): string | undefined {
  const v = r?.[field];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Boolean field with a default. */
export function flag(r: DeviceRecord | undefined, field: string, dflt: boolean): boolean {
  const v = r?.[field];
  return typeof v === 'boolean' ? v : dflt;
}

function isTsl(v: unknown): v is Tsl {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The TSL of a device (its own, else its product's), or undefined. */
export function tslOf(reg: DeviceRegistry, productKey: string, deviceName: string): Tsl | undefined {
  const own = getDevice(reg, productKey, deviceName)?.['tsl'];
  if (isTsl(own)) return own;
  const prod = getProduct(reg, productKey)?.['tsl'];
  return isTsl(prod) ? prod : undefined;
}

/** Identifiers of one TSL section. */
export function identifiers(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((e: unknown) => (typeof e === 'object' && e !== null ? (e as { identifier?: unknown }).identifier : undefined)).filter((s): s is string => typeof s === 'string');
}

/**
 * True once the device has connected with its own credentials (device secret or regnwl token): it is activated,
 * and dynamic registration (HTTPS, MQTT `register`/`regnwl`) no longer hands out credentials for it.
 */
export function isActivated(r: DeviceRecord | undefined): boolean {
  return r?.['activated'] === true;
}

/** Plain-object check. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
