/**
 * Typed views of the `tencent` registry records (devices keyed `<productId>/<deviceName>`,
 * products keyed `<productId>` with `type: 'product'`).
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { DeviceRecord, DeviceRegistry } from '../../registry.js';

/** Vendor name of the plugin and of its registry records. */
export const VENDOR = 'tencent';

/** A device as the plugin reads it from the registry. */
export interface TencentDevice {
  /** Registry key `<productId>/<deviceName>`. */
  key: string;
  /** Product id. */
  productId: string;
  /** Device name. */
  deviceName: string;
  /** Base64 PSK ('' when none). */
  deviceSecret: string;
  /** `KEY` or `CERT`. */
  authMode: 'KEY' | 'CERT';
  /** Client certificate fingerprint (CERT devices). */
  certFingerprint: string | undefined;
  /** PEM certificate or public key (CERT devices, HTTP `rsa-sha256` publish). */
  certPem: string | undefined;
  /** True for gateway devices. */
  gateway: boolean;
  /** Keys of the bound sub-devices (gateways). */
  subDevices: string[];
  /** False when the device is disabled. */
  enabled: boolean;
}

/** A product as the plugin reads it from the registry. */
export interface TencentProduct {
  /** Product id. */
  productId: string;
  /** Product secret ('' when none). */
  productSecret: string;
  /** Dynamic registration enabled. */
  dynreg: boolean;
  /** Dynamic registration may create unknown device names. */
  autoCreate: boolean;
  /** What dynamic registration hands out. */
  authMode: 'KEY' | 'CERT';
}

/** @returns the registry key of a device */
export function deviceKey(productId: string, deviceName: string): string {
  return `${productId}/${deviceName}`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function toDevice(r: DeviceRecord): TencentDevice | undefined {
  if (r['type'] === 'product') return undefined;
  const slash = r.key.indexOf('/');
  const productId = str(r['productId']) ?? (slash > 0 ? r.key.slice(0, slash) : undefined);
  const deviceName = str(r['deviceName']) ?? (slash > 0 ? r.key.slice(slash + 1) : undefined);
  if (!productId || !deviceName) return undefined;
  const subs = Array.isArray(r['subDevices']) ? r['subDevices'].filter((s): s is string => typeof s === 'string') : [];
  return {
    key: r.key,
    productId,
    deviceName,
    deviceSecret: str(r['deviceSecret']) ?? '',
    authMode: r['authMode'] === 'CERT' ? 'CERT' : 'KEY',
    certFingerprint: str(r['certFingerprint']),
    certPem: str(r['certPem']),
    gateway: r['gateway'] === true,
    subDevices: subs,
    enabled: r['enabled'] !== false,
  };
}

/** @returns the device, or undefined when unknown */
export function getDevice(registry: DeviceRegistry, productId: string, deviceName: string): TencentDevice | undefined {
  const r = registry.get(VENDOR, deviceKey(productId, deviceName));
  return r ? toDevice(r) : undefined;
}

/** @returns every device (product records excluded) */
export function listDevices(registry: DeviceRegistry): TencentDevice[] {
  return registry.list(VENDOR).map(toDevice).filter((d): d is TencentDevice => d !== undefined);
}

/** @returns the device whose `productId + deviceName` equals the MQTT client id */
export function findDeviceByClientId(registry: DeviceRegistry, clientId: string): TencentDevice | undefined {
  return listDevices(registry).find((d) => d.productId + d.deviceName === clientId);
}

/** @returns the product, or undefined when unknown */
export function getProduct(registry: DeviceRegistry, productId: string): TencentProduct | undefined {
  const r = registry.get(VENDOR, productId);
  if (!r || r['type'] !== 'product') return undefined;
  const productSecret = str(r['productSecret']) ?? '';
  return {
    productId: str(r['productId']) ?? productId,
    productSecret,
    dynreg: r['dynreg'] === undefined ? productSecret !== '' : r['dynreg'] === true,
    autoCreate: r['autoCreate'] !== false,
    authMode: r['authMode'] === 'CERT' ? 'CERT' : 'KEY',
  };
}

/** @returns a fresh random device secret (Base64 of 18 random bytes, the size Tencent uses) */
export function newDeviceSecret(): string {
  return randomBytes(18).toString('base64');
}

/** Creates or replaces a device record. @returns the stored record */
export function putDevice(registry: DeviceRegistry, fields: Record<string, unknown> & { productId: string; deviceName: string }): DeviceRecord {
  const key = deviceKey(fields.productId, fields.deviceName);
  const record: DeviceRecord = { ...fields, vendor: VENDOR, key };
  registry.put(record);
  return record;
}
