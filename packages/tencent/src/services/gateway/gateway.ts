/**
 * Gateway handler (the Python `Gateway` class): sub-device config list, online/offline/bind/unbind requests with
 * their reply tables, the bind list, and sub-device subscriptions. Replies are awaited for the vendor's window
 * (about 1.5 s) with timers; a reply ends the wait at once.
 * @module
 */
import { gatewayBindSignature, randomNonce } from '../../utils/codec.js';
import { pyJsonDumps } from '@iot/core';
import { KeyError } from '../../hub/errors.js';
import type { SubdevConfig } from '../../utils/device-info.js';
import type { ServiceContext } from '../context.js';
import type { SubscribeTopic } from '../../protocol/protocol.js';
import { SessionState, gateway_subdev } from './gateway-types.js';

/** Session request types with a per-sub-device reply. */
export type GatewaySessionType = 'online' | 'offline' | 'bind' | 'unbind';

/** Timing and randomness of the gateway. */
export interface GatewayTiming {
  /** Reply window in ms (1500). */
  windowMs: number;
  /** Randomness for the bind `random`. */
  random: () => number;
  /** Clock in ms. */
  now: () => number;
}

/** Gateway handler. */
export class Gateway {
  /** Sub-devices from the device file. */
  readonly gateway_subdev_config_list: gateway_subdev[] = [];
  private readonly replies: Record<GatewaySessionType, Map<string, number>> = {
    online: new Map(),
    offline: new Map(),
    bind: new Map(),
    unbind: new Map(),
  };
  private bindListReply = false;
  private bindList: gateway_subdev[] = [];
  private waiters = new Set<() => void>();
  private closed = false;

  /** @param ctx - hub services @param timing - reply window, randomness, clock */
  constructor(
    private readonly ctx: ServiceContext,
    private readonly timing: GatewayTiming,
  ) {}

  /**
   * Files a reply from `$gateway/operation/result/…`.
   * @throws KeyError when `type` or `payload.devices` is missing (logged by the caller)
   */
  handle_gateway(_topic: string, message: unknown): void {
    const msg = message as Record<string, unknown> | null;
    if (msg === null || typeof msg !== 'object' || !('type' in msg)) throw new KeyError('type');
    const payload = msg['payload'] as Record<string, unknown> | undefined;
    if (payload === null || typeof payload !== 'object' || !('devices' in payload)) throw new KeyError(payload ? 'devices' : 'payload');
    const devices = payload['devices'];
    if (!Array.isArray(devices)) throw new KeyError('devices');
    const ptype = msg['type'];
    if (ptype === 'describe_sub_devices') {
      // a malformed entry rejects the whole reply before anything is filed (the vendor raised on it, so its flag
      // stayed unset); the caller keeps waiting for a valid reply instead of getting "undefined" devices
      for (const d of devices as unknown[]) {
        if (d === null || typeof d !== 'object' || Array.isArray(d)) throw new KeyError('product_id');
        for (const k of ['product_id', 'device_name']) if (!(k in d)) throw new KeyError(k);
      }
      for (const d of devices as Array<Record<string, unknown>>) {
        const dev = new gateway_subdev();
        dev.product_id = String(d['product_id']);
        dev.device_name = String(d['device_name']);
        this.bindList.push(dev);
      }
      this.bindListReply = true;
    } else if (ptype === 'online' || ptype === 'offline' || ptype === 'bind' || ptype === 'unbind') {
      const d0 = devices[0] as Record<string, unknown> | undefined;
      if (!d0 || typeof d0 !== 'object') throw new KeyError('result');
      for (const k of ['result', 'product_id', 'device_name']) if (!(k in d0)) throw new KeyError(k);
      // only a numeric 0 is success (Python compares `result == 0`: null or "0" are failures)
      const result = d0['result'];
      this.replies[ptype].set(`${String(d0['product_id'])}/${String(d0['device_name'])}`, typeof result === 'number' ? result : NaN);
    }
    for (const w of [...this.waiters]) w();
  }

  /** Clears replies, the bind list and the config list (done on every disconnect). */
  gateway_reset(): void {
    for (const t of Object.values(this.replies)) t.clear();
    this.bindList = [];
    this.gateway_subdev_config_list.length = 0;
    for (const w of [...this.waiters]) w();
  }

  /** Loads the config list (appending, as the vendor does) and subscribes the result topic. */
  gateway_init(topic: string, qos: number, subdevs: SubdevConfig[]): [number, number | null] {
    for (const s of subdevs) {
      const p = new gateway_subdev();
      p.product_id = s.sub_productId;
      p.device_name = s.sub_devName;
      p.session_status = SessionState.SUBDEV_SEESION_STATUS_INIT;
      this.gateway_subdev_config_list.push(p);
    }
    const [rc, mid] = this.ctx.protocol.subscribe(topic, qos);
    if (rc !== 0) this.ctx.logger.error('topic_subscribe error:rc:%d,topic:%s', rc, topic);
    return [rc, mid];
  }

  /** @returns whether the local status of that sub-device is ONLINE */
  is_subdev_status_online(pid: string, dn: string): boolean {
    const sub = this.gateway_subdev_config_list.find((s) => s.product_id === pid && s.device_name === dn);
    return sub !== undefined && sub.session_status === SessionState.SUBDEV_SEESION_STATUS_ONLINE;
  }

  /** Sets the local status (`"online"` / `"offline"`, other strings ignored). */
  update_subdev_status(pid: string, dn: string, status: string): void {
    for (const s of this.gateway_subdev_config_list) {
      if (s.product_id !== pid || s.device_name !== dn) continue;
      if (status === 'online') s.session_status = SessionState.SUBDEV_SEESION_STATUS_ONLINE;
      else if (status === 'offline') s.session_status = SessionState.SUBDEV_SEESION_STATUS_OFFLINE;
    }
  }

  private buildPayload(ptype: string, pid: string, name: string, secret: string | null): Record<string, unknown> {
    if (ptype === 'bind') {
      const nonce = randomNonce(this.timing.random);
      const timestamp = Math.floor(this.timing.now() / 1000);
      const signature = gatewayBindSignature(pid, name, secret ?? '', nonce, timestamp);
      return {
        type: ptype,
        payload: { devices: [{ product_id: pid, device_name: name, signature, random: nonce, timestamp, signmethod: 'hmacsha1', authtype: 'psk' }] },
      };
    }
    if (ptype === 'describe_sub_devices') return { type: ptype };
    return { type: ptype, payload: { devices: [{ product_id: pid, device_name: name }] } };
  }

  /** Ends every pending wait with 1 (the client is being destroyed). */
  close(): void {
    this.closed = true;
    for (const w of [...this.waiters]) w();
  }

  /** Waits until `check` returns a code or the window ends (then 1). */
  private waitFor(test: () => number | undefined): Promise<number> {
    const check = (): number | undefined => (this.closed ? 1 : test());
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise((resolve) => {
      const done = (rc: number): void => {
        clearTimeout(timer);
        this.waiters.delete(onEvent);
        resolve(rc);
      };
      const onEvent = (): void => {
        const rc = check();
        if (rc !== undefined) done(rc);
      };
      const timer = setTimeout(() => done(1), this.timing.windowMs);
      this.waiters.add(onEvent);
    });
  }

  /**
   * Sends an online/offline/bind/unbind request and waits for its reply.
   * @returns `[0, mid]` success, `[1, mid]` timeout or non-zero result, `[rc, mid]` when the publish failed
   */
  async session(topic: string, ptype: GatewaySessionType, pid: string, dn: string, secret: string | null = null): Promise<[number, number]> {
    const clientId = `${pid}/${dn}`;
    const table = this.replies[ptype];
    // fix of the vendor bookkeeping: a reply from an earlier request never decides this one
    table.delete(clientId);
    const [rc, mid] = this.ctx.protocol.publish(topic, pyJsonDumps(this.buildPayload(ptype, pid, dn, secret)), 0);
    if (rc !== 0) {
      this.ctx.logger.error('topic_publish error:rc:%d,topic:%s', rc, topic);
      return [rc, mid];
    }
    const res = await this.waitFor(() => {
      if (!table.has(clientId)) return undefined;
      const result = table.get(clientId)!;
      table.delete(clientId);
      return result === 0 ? 0 : 1;
    });
    this.ctx.logger.debug('client:%s %s %s', clientId, ptype, res === 0 ? 'success' : 'fail');
    return [res, mid];
  }

  /**
   * Asks for the bound sub-devices.
   * @returns `[0, list]` when a reply arrived, `[1, list]` on timeout, `[rc, mid]` when the publish failed
   */
  async bind_list(topic: string, pid: string, dn: string): Promise<[number, gateway_subdev[] | number]> {
    // fix of the vendor bookkeeping: a fresh list and flag per request
    this.bindListReply = false;
    this.bindList = [];
    const [rc, mid] = this.ctx.protocol.publish(topic, pyJsonDumps(this.buildPayload('describe_sub_devices', pid, dn, null)), 0);
    if (rc !== 0) {
      this.ctx.logger.error('topic_publish error:rc:%d,topic:%s', rc, topic);
      return [rc, mid];
    }
    const res = await this.waitFor(() => (this.bindListReply ? 0 : undefined));
    return [res, this.bindList];
  }

  /** Subscribes sub-device topics (a string at QoS 0, or `[topic, qos]` pairs). */
  gateway_subdev_subscribe(topic: SubscribeTopic): [number, number | null] {
    const [rc, mid] = typeof topic === 'string' ? this.ctx.protocol.subscribe(topic, 0) : this.ctx.protocol.subscribe(topic);
    if (rc !== 0) this.ctx.logger.error('topic_subscribe error:rc:%d,topic:%s', rc, String(topic));
    return [rc, mid];
  }
}
