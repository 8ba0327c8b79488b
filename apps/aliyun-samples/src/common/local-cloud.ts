/**
 * A small Aliyun IoT platform for the samples, plugged into the embedded `@iot/emulator` as a vendor plugin. It
 * checks device signatures, auto-subscribes the downlink topics (`_ss=1`), answers Alink requests like the cloud
 * (property/event posts, device info, shadow, gateway, OTA queries, raw echo), runs HTTPS and MQTT dynamic
 * registration, and lets a sample act as the console (set a property, call a service, send an RRPC request, push
 * a firmware). It stands in for the emulator's own aliyun plugin until that one is available.
 * @module
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { ConnectInfo, EmulatorContext, HttpRoute, VendorPlugin } from '@iot/emulator';

/** A device of the local cloud. */
export interface CloudDevice {
  productKey: string;
  deviceName: string;
  /** Empty until registered (dynamic registration). */
  deviceSecret: string;
}

/** A product of the local cloud. */
export interface CloudProduct {
  productKey: string;
  productSecret: string;
  /** TSL service identifiers (auto-subscribed). */
  services: string[];
  /** TSL event identifiers (their post_reply is auto-subscribed). */
  events: string[];
}

/** The local cloud: the plugin plus console actions. */
export interface LocalCloud {
  readonly plugin: VendorPlugin;
  /** Adds or replaces a device. */
  addDevice(d: CloudDevice): void;
  /** Adds or replaces a product. */
  addProduct(p: CloudProduct): void;
  /** Looks a device up. */
  device(productKey: string, deviceName: string): CloudDevice | undefined;
  /** Console: sets properties (`thing.service.property.set`). */
  setProperty(pk: string, dn: string, params: Record<string, unknown>): Promise<void>;
  /** Console: calls an async service. */
  callService(pk: string, dn: string, identifier: string, params: Record<string, unknown>): Promise<void>;
  /** Console: calls a sync service over RRPC and returns the device's reply. */
  callSyncService(pk: string, dn: string, identifier: string, params: Record<string, unknown>): Promise<unknown>;
  /** Console: sends a user RRPC request and returns the reply payload. */
  rrpc(topic: string, payload: string): Promise<string>;
  /** Console: sends raw bytes on `down_raw`. */
  downRaw(pk: string, dn: string, payload: Buffer): Promise<void>;
  /** Console: makes a firmware available; pushes it when `push` is set, answers firmware/get queries with it. */
  offerFirmware(pk: string, dn: string, fw: { version: string; url: string; size: number; sign: string; signMethod: string; module?: string; push?: boolean }): Promise<void>;
  /** Versions reported through `/ota/device/inform`. */
  readonly reportedVersions: Map<string, string>;
  /** OTA progress steps reported by devices. */
  readonly progress: string[];
}

const hmac = (alg: 'sha1' | 'sha256', key: string, data: string): string => createHmac(alg, key).update(data).digest('hex');

function params(s: string): Record<string, string> {
  return Object.fromEntries(
    s
      .split(',')
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])
      .filter(([k]) => k),
  );
}

/** Creates the local cloud. */
export function createLocalCloud(): LocalCloud {
  const devices = new Map<string, CloudDevice>();
  const products = new Map<string, CloudProduct>();
  const tokens = new Map<string, string>();
  const firmware = new Map<string, Record<string, unknown>>();
  const shadows = new Map<string, { reported: unknown; version: number }>();
  const reportedVersions = new Map<string, string>();
  const progress: string[] = [];
  let ctx: EmulatorContext | undefined;
  const key = (pk: string, dn: string): string => `${pk}/${dn}`;
  const need = (): EmulatorContext => {
    if (!ctx) throw new Error('the local cloud is not attached to an emulator');
    return ctx;
  };

  function authenticate(conn: ConnectInfo): { ok: true; session: Record<string, unknown> } | { ok: false; returnCode: 4 | 5; reason: string } {
    const password = conn.password?.toString('utf8') ?? '';
    const m1 = /^([^&|.]+)&([^|]+)\|(.*)\|$/.exec(conn.clientId);
    if (m1) {
      const [, pk, dn, rest] = m1 as unknown as [string, string, string, string];
      const d = devices.get(key(pk, dn));
      if (!d?.deviceSecret) return { ok: false, returnCode: 5, reason: 'unknown device' };
      const ts = params(rest)['timestamp'] ?? '';
      if (hmac('sha1', d.deviceSecret, `clientId${pk}&${dn}deviceName${dn}productKey${pk}timestamp${ts}`) !== password) {
        return { ok: false, returnCode: 4, reason: 'bad signature' };
      }
      return { ok: true, session: { pk, dn, mode: 'device' } };
    }
    const m3 = /^(.+)\|authType=connwl,[^|]*\|$/.exec(conn.clientId);
    if (m3 && tokens.get(m3[1]!) === password) {
      const [dn, pk] = (conn.username ?? '').split('&');
      return { ok: true, session: { pk, dn, mode: 'device' } };
    }
    const m2 = /^([^.|]+)\.([^|]+)\|(.*)\|$/.exec(conn.clientId);
    if (m2) {
      const [, dn, pk, rest] = m2 as unknown as [string, string, string, string];
      const p = params(rest);
      const product = products.get(pk);
      if (!product || hmac('sha256', product.productSecret, `deviceName${dn}productKey${pk}random${p['random'] ?? ''}`) !== password) {
        return { ok: false, returnCode: 4, reason: 'bad product signature' };
      }
      return { ok: true, session: { pk, dn, mode: p['authType'] } };
    }
    return { ok: false, returnCode: 4, reason: 'unknown client' };
  }

  function downlinks(pk: string, dn: string): string[] {
    const s = `/sys/${pk}/${dn}/thing`;
    const product = products.get(pk);
    return [
      `${s}/service/property/set`,
      `${s}/event/property/post_reply`,
      ...(product?.events ?? []).map((e) => `${s}/event/${e}/post_reply`),
      ...(product?.services ?? []).map((sv) => `${s}/service/${sv}`),
      `/ext/rrpc/+/sys/${pk}/${dn}/thing/service/+`,
      `${s}/model/down_raw`,
      `${s}/model/up_raw_reply`,
      `${s}/deviceinfo/update_reply`,
      `${s}/deviceinfo/delete_reply`,
      `${s}/topo/add_reply`,
      `${s}/topo/delete_reply`,
      `${s}/topo/change`,
      `${s}/sub/register_reply`,
      `${s}/proxy/provisioning/product_register_reply`,
      `${s}/ota/firmware/get_reply`,
      `/ext/session/${pk}/${dn}/combine/batch_login_reply`,
      `/ext/session/${pk}/${dn}/combine/batch_logout_reply`,
      `/shadow/get/${pk}/${dn}`,
      `/ota/device/upgrade/${pk}/${dn}`,
    ];
  }

  const reply = (c: EmulatorContext, topic: string, id: unknown, data: unknown = {}, code = 200): Promise<void> =>
    c.publish(`${topic}_reply`, { code, data, id, message: code === 200 ? 'success' : 'failed', version: '1.0' });

  async function onPublish(pk: string, dn: string, topic: string, payload: Buffer, c: EmulatorContext): Promise<void> {
    const s = `/sys/${pk}/${dn}/thing`;
    if (topic === `/ota/device/inform/${pk}/${dn}` || topic === `/ota/device/progress/${pk}/${dn}`) {
      const text = payload.toString('utf8');
      try {
        const body = JSON.parse(text) as { params?: { version?: string; step?: string } };
        if (topic.includes('/inform/') && body.params?.version) reportedVersions.set(key(pk, dn), body.params.version);
        if (topic.includes('/progress/') && body.params?.step) progress.push(body.params.step);
      } catch {
        // not JSON: ignored like the platform would
      }
      return;
    }
    if (topic === `${s}/model/up_raw`) {
      await c.publish(`${s}/model/up_raw_reply`, payload);
      return;
    }
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    } catch {
      return;
    }
    const id = msg['id'];
    if (topic === `${s}/event/property/post` || /\/thing\/event\/[^/]+\/post$/.test(topic) || topic === `${s}/deviceinfo/update` || topic === `${s}/deviceinfo/delete`) {
      await reply(c, topic, id);
    } else if (topic === `${s}/topo/add` || topic === `${s}/topo/delete` || topic === `${s}/sub/register` || topic === `${s}/proxy/provisioning/product_register`) {
      const list = Array.isArray(msg['params']) ? (msg['params'] as Array<Record<string, string>>) : [];
      const data = topic.endsWith('/sub/register')
        ? list.map((d) => {
            const secret = `secret-${d['deviceName']}`;
            devices.set(key(d['productKey'] ?? '', d['deviceName'] ?? ''), { productKey: d['productKey'] ?? '', deviceName: d['deviceName'] ?? '', deviceSecret: secret });
            return { productKey: d['productKey'], deviceName: d['deviceName'], deviceSecret: secret };
          })
        : list.map((d) => ({ productKey: d['productKey'], deviceName: d['deviceName'] }));
      await reply(c, topic, id, data);
    } else if (topic === `/ext/session/${pk}/${dn}/combine/batch_login` || topic === `/ext/session/${pk}/${dn}/combine/batch_logout`) {
      await reply(c, topic, id, {});
    } else if (topic === `/shadow/update/${pk}/${dn}`) {
      const sh = shadows.get(key(pk, dn)) ?? { reported: {}, version: 0 };
      if (msg['method'] === 'update') {
        sh.reported = (msg['state'] as { reported?: unknown } | undefined)?.reported ?? {};
        sh.version = typeof msg['version'] === 'number' ? msg['version'] : sh.version + 1;
        shadows.set(key(pk, dn), sh);
        await c.publish(`/shadow/get/${pk}/${dn}`, { method: 'reply', payload: { status: 'success', version: sh.version }, timestamp: Math.floor(Date.now() / 1000) });
      } else {
        await c.publish(`/shadow/get/${pk}/${dn}`, {
          method: 'reply',
          payload: { status: 'success', state: { reported: sh.reported }, metadata: {} },
          timestamp: Math.floor(Date.now() / 1000),
          version: sh.version,
        });
      }
    } else if (topic === `${s}/ota/firmware/get`) {
      const fw = firmware.get(key(pk, dn));
      await c.publish(`${s}/ota/firmware/get_reply`, { code: 200, data: fw ?? {}, id, message: 'success' });
    }
  }

  const plugin: VendorPlugin = {
    name: 'aliyun',
    setup(c) {
      ctx = c;
    },
    claims: () => true,
    authenticate,
    autoSubscriptions(client) {
      const { pk, dn, mode } = client.session as { pk: string; dn: string; mode: string };
      if (mode === 'register') return ['/ext/register'];
      if (mode === 'regnwl') return ['/ext/regnwl'];
      return downlinks(pk, dn);
    },
    onConnected(client, c) {
      const { pk, dn, mode } = client.session as { pk: string; dn: string; mode: string };
      if (mode !== 'register' && mode !== 'regnwl') return;
      setTimeout(() => {
        void (async () => {
          if (mode === 'register') {
            const secret = `secret-${dn}`;
            devices.set(key(pk, dn), { productKey: pk, deviceName: dn, deviceSecret: secret });
            await c.publish('/ext/register', { productKey: pk, deviceName: dn, deviceSecret: secret });
          } else {
            const clientId = `${pk}.${dn}.${randomUUID().slice(0, 8)}`;
            const token = randomUUID();
            tokens.set(clientId, token);
            await c.publish('/ext/regnwl', { clientId, productKey: pk, deviceName: dn, deviceToken: token });
          }
          setTimeout(() => c.disconnectClient(client.clientId), 50);
        })();
      }, 20);
    },
    async onPublish(client, topic, payload, c) {
      const { pk, dn } = client.session as { pk: string; dn: string };
      await onPublish(pk, dn, topic, payload, c);
    },
    routes(): HttpRoute[] {
      return [
        {
          method: 'POST',
          path: '/auth/register/device',
          handler(req) {
            const form = new URLSearchParams(req.body.toString('utf8'));
            const pk = form.get('productKey') ?? '';
            const dn = form.get('deviceName') ?? '';
            const product = products.get(pk);
            if (!product || hmac('sha256', product.productSecret, `deviceName${dn}productKey${pk}random${form.get('random') ?? ''}`) !== form.get('sign')) {
              return { body: { code: 6250, message: 'product secret or sign is wrong' } };
            }
            const secret = `secret-${dn}`;
            devices.set(key(pk, dn), { productKey: pk, deviceName: dn, deviceSecret: secret });
            return { body: { code: 200, data: { productKey: pk, deviceName: dn, deviceSecret: secret }, message: 'success' } };
          },
        },
      ];
    },
  };

  return {
    plugin,
    reportedVersions,
    progress,
    addDevice: (d) => devices.set(key(d.productKey, d.deviceName), d),
    addProduct: (p) => products.set(p.productKey, p),
    device: (pk, dn) => devices.get(key(pk, dn)),
    setProperty: (pk, dn, p) => need().publish(`/sys/${pk}/${dn}/thing/service/property/set`, { id: String(Date.now()), version: '1.0', params: p, method: 'thing.service.property.set' }),
    callService: (pk, dn, identifier, p) => need().publish(`/sys/${pk}/${dn}/thing/service/${identifier}`, { id: String(Date.now()), version: '1.0', params: p, method: `thing.service.${identifier}` }),
    async callSyncService(pk, dn, identifier, p) {
      const c = need();
      const topic = `/ext/rrpc/${Date.now()}/sys/${pk}/${dn}/thing/service/${identifier}`;
      const answer = c.waitForUplink(topic, undefined, 5000);
      await c.publish(topic, { id: String(Date.now()), version: '1.0', params: p, method: `thing.service.${identifier}` });
      return JSON.parse((await answer).payload.toString('utf8')) as unknown;
    },
    async rrpc(topic, payload) {
      const c = need();
      const full = `/ext/rrpc/${Date.now()}${topic.startsWith('/') ? topic : `/${topic}`}`;
      const answer = c.waitForUplink(full, undefined, 5000);
      await c.publish(full, payload);
      return (await answer).payload.toString('utf8');
    },
    downRaw: (pk, dn, payload) => need().publish(`/sys/${pk}/${dn}/thing/model/down_raw`, payload),
    async offerFirmware(pk, dn, fw) {
      const data = { size: fw.size, version: fw.version, url: fw.url, sign: fw.sign, signMethod: fw.signMethod, md5: fw.signMethod === 'Md5' ? fw.sign : undefined, module: fw.module ?? 'default', extData: { note: 'sample' } };
      firmware.set(key(pk, dn), data);
      if (fw.push) await need().publish(`/ota/device/upgrade/${pk}/${dn}`, { code: '1000', data, id: Date.now(), message: 'success' });
    },
  };
}
