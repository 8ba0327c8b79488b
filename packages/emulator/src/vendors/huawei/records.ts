/**
 * Registry records of the `huawei` plugin (see README.md).
 * @packageDocumentation
 */
import type { DeviceRecord, DeviceRegistry } from '../../registry.js';

/** Plugin / registry vendor name. */
export const VENDOR = 'huawei';

/** A device as the plugin reads it from the registry. */
export interface HuaweiDevice {
  /** Device id (registry key). */
  deviceId: string;
  /** Device secret (secret authentication). */
  secret?: string;
  /** X.509 certificate fingerprint. */
  fingerprint?: string;
  /** Product id. */
  productId?: string;
  /** Node id. */
  nodeId?: string;
  /** Display name. */
  name?: string;
  /** Description. */
  description?: string;
  /** Gateway of a sub-device. */
  parentDeviceId?: string;
  /** `ONLINE`, `OFFLINE`, `INACTIVE` or `FROZEN`. */
  status?: string;
  /** Reported firmware version. */
  fwVersion?: string;
  /** Reported software version. */
  swVersion?: string;
}

function str(r: DeviceRecord, k: string): string | undefined {
  const v = r[k];
  return typeof v === 'string' ? v : undefined;
}

/** Reads a device record (not group/strategy records). */
export function getDevice(registry: DeviceRegistry, deviceId: string): HuaweiDevice | undefined {
  if (deviceId.startsWith('group:') || deviceId.startsWith('strategy:')) return undefined;
  const r = registry.get(VENDOR, deviceId);
  if (!r) return undefined;
  const d: HuaweiDevice = { deviceId };
  for (const k of ['secret', 'fingerprint', 'productId', 'nodeId', 'name', 'description', 'parentDeviceId', 'status', 'fwVersion', 'swVersion'] as const) {
    const v = str(r, k);
    if (v !== undefined) d[k] = v;
  }
  return d;
}

/** All device records (groups and strategies excluded). */
export function listDevices(registry: DeviceRegistry): HuaweiDevice[] {
  const out: HuaweiDevice[] = [];
  for (const r of registry.list(VENDOR)) {
    const d = getDevice(registry, r.key);
    if (d) out.push(d);
  }
  return out;
}

/** Sub-devices of a gateway. */
export function childrenOf(registry: DeviceRegistry, gatewayId: string): HuaweiDevice[] {
  return listDevices(registry).filter((d) => d.parentDeviceId === gatewayId);
}

/** A registration group (`group:<scope_id>`). */
export interface RegistrationGroup {
  /** Scope id. */
  scopeId: string;
  /** Base64 group secret. */
  scopeSecret?: string;
  /** Accepted certificate fingerprints (X.509 groups). */
  fingerprints: string[];
}

/** Reads a registration group. */
export function getGroup(registry: DeviceRegistry, scopeId: string): RegistrationGroup | undefined {
  const r = registry.get(VENDOR, `group:${scopeId}`);
  if (!r) return undefined;
  const fps = Array.isArray(r['fingerprints']) ? r['fingerprints'].filter((f): f is string => typeof f === 'string') : [];
  const g: RegistrationGroup = { scopeId, fingerprints: fps };
  const s = str(r, 'scopeSecret');
  if (s !== undefined) g.scopeSecret = s;
  return g;
}

/** Keywords of the static bootstrap strategies. */
export function strategyKeywords(registry: DeviceRegistry): string[] {
  return registry
    .list(VENDOR)
    .filter((r) => r.key.startsWith('strategy:'))
    .map((r) => r.key.slice('strategy:'.length));
}

/**
 * The IoTDA address (`host:port`) a static strategy (`strategy:<keyword>`) or registration group
 * (`group:<scope_id>`) hands out, when its record names one (field `address`).
 */
export function bootstrapAddressOf(registry: DeviceRegistry, key: string): string | undefined {
  const a = registry.get(VENDOR, key)?.['address'];
  return typeof a === 'string' && a !== '' ? a : undefined;
}
