/**
 * Gateway sub-device topology of the emulated IoT Hub: proxied online/offline, bind/unbind with the
 * sub-device signature check, describe_sub_devices (spec 3.10, platform "gateway sub-devices").
 * @packageDocumentation
 */
import type { DeviceRegistry } from '../../registry.js';
import { bindSignText, verifyBindSignature } from './crypto.js';
import { deviceKey, getDevice, VENDOR, type TencentDevice } from './records.js';
import type { JsonObject } from './shadow.js';

/** Per-device result codes of gateway replies (0, -1, -2 are the platform's; the others are the emulator's choice). */
export const GatewayResult = {
  /** Success. */
  OK: 0,
  /** The sub-device is not bound to this gateway. */
  NOT_BOUND: -1,
  /** Unknown sub-device, or the requester is no gateway. */
  SYSTEM_ERROR: -2,
  /** Sub-device already bound to another gateway. */
  BOUND_ELSEWHERE: 804,
  /** Malformed device entry. */
  BAD_PARAM: 801,
  /** Bind signature check failed. */
  SIGNATURE: 809,
} as const;

/** One sub-device as the control API shows it. */
export interface SubDeviceView {
  /** Product id. */
  productId: string;
  /** Device name. */
  deviceName: string;
  /** Bound to the gateway. */
  bound: boolean;
  /** Brought online by the gateway. */
  online: boolean;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Topology state and request handling for every gateway. */
export class GatewayService {
  private readonly online = new Map<string, Set<string>>();

  constructor(private readonly registry: DeviceRegistry) {}

  /** @returns true when the sub-device was brought online by that gateway */
  isOnline(gatewayKey: string, subKey: string): boolean {
    return this.online.get(gatewayKey)?.has(subKey) ?? false;
  }

  /** All sub-devices of a gateway go offline (the gateway disconnected). */
  gatewayGone(gatewayKey: string): void {
    this.online.delete(gatewayKey);
  }

  /**
   * A device record was deleted: a gateway's online sub-devices go, the device is no longer online under any
   * gateway, and it is unbound from the gateway that bound it.
   */
  forget(key: string): void {
    this.online.delete(key);
    for (const set of this.online.values()) set.delete(key);
    for (let gw = this.boundTo(key); gw !== undefined; gw = this.boundTo(key)) {
      this.registry.update(VENDOR, gw.key, { subDevices: gw.subDevices.filter((k) => k !== key) });
    }
  }

  /** @returns the gateway currently binding `subKey`, if any */
  boundTo(subKey: string): TencentDevice | undefined {
    for (const r of this.registry.list(VENDOR)) {
      const subs = r['subDevices'];
      if (Array.isArray(subs) && subs.includes(subKey)) {
        const slash = r.key.indexOf('/');
        if (slash > 0) return getDevice(this.registry, r.key.slice(0, slash), r.key.slice(slash + 1));
      }
    }
    return undefined;
  }

  /** Binds (console) a sub-device. @returns the result code */
  bind(gw: TencentDevice, productId: string, deviceName: string): number {
    const subKey = deviceKey(productId, deviceName);
    if (!getDevice(this.registry, productId, deviceName)) return GatewayResult.SYSTEM_ERROR;
    const other = this.boundTo(subKey);
    if (other && other.key !== gw.key) return GatewayResult.BOUND_ELSEWHERE;
    if (!gw.subDevices.includes(subKey)) this.registry.update(VENDOR, gw.key, { subDevices: [...gw.subDevices, subKey] });
    return GatewayResult.OK;
  }

  /** Unbinds (console) a sub-device. @returns the result code */
  unbind(gw: TencentDevice, productId: string, deviceName: string): number {
    const subKey = deviceKey(productId, deviceName);
    if (!gw.subDevices.includes(subKey)) return GatewayResult.NOT_BOUND;
    this.registry.update(VENDOR, gw.key, { subDevices: gw.subDevices.filter((k) => k !== subKey) });
    this.online.get(gw.key)?.delete(subKey);
    return GatewayResult.OK;
  }

  /** Sub-devices of a gateway for the control API. */
  view(gw: TencentDevice): SubDeviceView[] {
    return gw.subDevices.map((k) => {
      const slash = k.indexOf('/');
      return { productId: k.slice(0, slash), deviceName: k.slice(slash + 1), bound: true, online: this.isOnline(gw.key, k) };
    });
  }

  /**
   * Answers one request on `$gateway/operation/<gw>`.
   * @returns the reply object, or undefined when the request is not answerable (not an object / no type)
   */
  handle(gatewayProductId: string, gatewayDeviceName: string, request: unknown): JsonObject | undefined {
    if (!isObject(request) || typeof request['type'] !== 'string') return undefined;
    const type = request['type'];
    const gw = getDevice(this.registry, gatewayProductId, gatewayDeviceName);
    if (type === 'describe_sub_devices') {
      const devices = gw?.gateway ? gw.subDevices.map((k) => ({ product_id: k.slice(0, k.indexOf('/')), device_name: k.slice(k.indexOf('/') + 1) })) : [];
      return { type, payload: { devices } };
    }
    if (!['online', 'offline', 'bind', 'unbind'].includes(type)) return undefined;
    const payload = request['payload'];
    const list = isObject(payload) && Array.isArray(payload['devices']) ? payload['devices'] : [];
    const devices = list.map((entry: unknown) => {
      const pid = isObject(entry) && typeof entry['product_id'] === 'string' ? entry['product_id'] : '';
      const dn = isObject(entry) && typeof entry['device_name'] === 'string' ? entry['device_name'] : '';
      const result = pid && dn && isObject(entry) ? this.apply(gw, type, pid, dn, entry) : GatewayResult.BAD_PARAM;
      return { product_id: pid, device_name: dn, result };
    });
    return { type, payload: { devices } };
  }

  private apply(gwIn: TencentDevice | undefined, type: string, pid: string, dn: string, entry: JsonObject): number {
    if (!gwIn?.gateway) return GatewayResult.SYSTEM_ERROR;
    const gw = getDevice(this.registry, gwIn.productId, gwIn.deviceName) ?? gwIn;
    const subKey = deviceKey(pid, dn);
    switch (type) {
      case 'online':
      case 'offline': {
        if (!gw.subDevices.includes(subKey)) return GatewayResult.NOT_BOUND;
        let set = this.online.get(gw.key);
        if (!set) this.online.set(gw.key, (set = new Set()));
        if (type === 'online') set.add(subKey);
        else set.delete(subKey);
        return GatewayResult.OK;
      }
      case 'unbind':
        return this.unbind(gw, pid, dn);
      default: {
        const sub = getDevice(this.registry, pid, dn);
        if (!sub) return GatewayResult.SYSTEM_ERROR;
        const { signature, random, timestamp, signmethod, authtype } = entry;
        if (typeof signature !== 'string' || (typeof random !== 'number' && typeof random !== 'string') || (typeof timestamp !== 'number' && typeof timestamp !== 'string')) return GatewayResult.BAD_PARAM;
        if (authtype !== undefined && authtype !== 'psk') return GatewayResult.SIGNATURE;
        const method = typeof signmethod === 'string' ? signmethod : 'hmacsha1';
        if (!verifyBindSignature(bindSignText(pid, dn, random, timestamp), signature, method, sub.deviceSecret)) return GatewayResult.SIGNATURE;
        return this.bind(gw, pid, dn);
      }
    }
  }
}
