/**
 * A minimal Link Kit platform for end-to-end tests, built on @iot/emulator's plugin API and written independently of
 * the package under test (its own node:crypto signature checks). It authenticates devices, auto-subscribes the
 * downlink topics `_ss=1` asks for, answers property/event posts like the cloud, runs MQTT dynamic registration,
 * and lets tests inject downlinks and read the wire trace.
 */
import { createHmac } from 'node:crypto';
import { startEmulator, type Emulator, type EmulatorContext, type TraceEntry, type VendorPlugin } from '@iot/emulator';

export interface StubDevice {
  pk: string;
  dn: string;
  ds?: string;
  ps?: string;
}

export interface StubOptions {
  devices: StubDevice[];
  /** TSL service identifiers to auto-subscribe (async and sync). */
  services?: string[];
  /** Events whose post_reply is auto-subscribed. */
  events?: string[];
  /** Answer property/event posts and shadow requests automatically (true). */
  autoReply?: boolean;
  /** Dynamic registration result pushed after CONNACK: device secret (register) or token (regnwl). */
  dynreg?: { deviceSecret?: string; deviceToken?: string; clientId?: string; refuse?: boolean };
}

export interface StubPlatform {
  emu: Emulator;
  ctx: () => EmulatorContext;
  /** Publishes a downlink (QoS 0 by default). */
  inject(topic: string, payload: string | Buffer | object, qos?: 0 | 1): Promise<void>;
  /** Uplink PUBLISH entries, optionally on one topic. */
  uplinks(topic?: string): TraceEntry[];
  /** Waits for an uplink on a topic (filter) and returns it. */
  waitUplink(topic: string, timeoutMs?: number, since?: number): Promise<TraceEntry>;
  /** CONNECT entries. */
  connects(): TraceEntry[];
  /** Latest trace seq. */
  seq(): number;
  close(): Promise<void>;
}

const hmac = (alg: string, key: string, data: string): string => createHmac(alg, key).update(data).digest('hex');

/** Downlink topics the platform auto-subscribes for a device. */
export function downlinkTopics(pk: string, dn: string, services: string[] = [], events: string[] = []): string[] {
  const s = `/sys/${pk}/${dn}/thing`;
  return [
    `${s}/service/property/set`,
    `${s}/service/property/get`,
    `${s}/event/property/post_reply`,
    ...events.map((e) => `${s}/event/${e}/post_reply`),
    ...services.map((sv) => `${s}/service/${sv}`),
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

function parseClientParams(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of s.split(',')) {
    const i = kv.indexOf('=');
    if (i > 0) out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

export async function startStubPlatform(opts: StubOptions): Promise<StubPlatform> {
  let ctxRef: EmulatorContext | undefined;
  const autoReply = opts.autoReply ?? true;
  const find = (pk: string, dn: string): StubDevice | undefined => opts.devices.find((d) => d.pk === pk && d.dn === dn);
  const tokens = new Map<string, string>();
  const plugin: VendorPlugin = {
    name: 'aliyun',
    setup(ctx) {
      ctxRef = ctx;
    },
    claims: () => true,
    authenticate(conn) {
      const password = conn.password?.toString('utf8') ?? '';
      const dev = /^([^&|.]+)&([^|]+)\|(.*)\|$/.exec(conn.clientId);
      if (dev) {
        const [, pk, dn, rest] = dev as unknown as [string, string, string, string];
        const d = find(pk, dn);
        const p = parseClientParams(rest);
        if (!d?.ds || conn.username !== `${dn}&${pk}`) return { ok: false, returnCode: 4, reason: 'unknown device' };
        const expect = hmac('sha1', d.ds, `clientId${pk}&${dn}deviceName${dn}productKey${pk}timestamp${p['timestamp'] ?? ''}`);
        if (expect !== password) return { ok: false, returnCode: 4, reason: 'bad signature' };
        return { ok: true, session: { pk, dn, mode: 'device' } };
      }
      const reg = /^([^.|]+)\.([^|]+)\|(.*)\|$/.exec(conn.clientId);
      if (reg) {
        const [, dn, pk, rest] = reg as unknown as [string, string, string, string];
        const p = parseClientParams(rest);
        const d = find(pk, dn);
        if (!d?.ps || opts.dynreg?.refuse) return { ok: false, returnCode: 4, reason: 'dynreg refused' };
        const expect = hmac('sha256', d.ps, `deviceName${dn}productKey${pk}random${p['random'] ?? ''}`);
        if (expect !== password) return { ok: false, returnCode: 4, reason: 'bad dynreg signature' };
        return { ok: true, session: { pk, dn, mode: p['authType'] } };
      }
      const nwl = /^(.+)\|authType=connwl,securemode=-2,_ss=1,ext=3,lan=Python,_v=1\.2\.13\|$/.exec(conn.clientId);
      if (nwl && tokens.get(nwl[1]!) === password) {
        const [dn, pk] = (conn.username ?? '').split('&');
        return { ok: true, session: { pk, dn, mode: 'device' } };
      }
      return { ok: false, returnCode: 4, reason: 'unknown client' };
    },
    autoSubscriptions(client) {
      const { pk, dn, mode } = client.session as { pk: string; dn: string; mode: string };
      if (mode === 'register') return ['/ext/register'];
      if (mode === 'regnwl') return ['/ext/regnwl'];
      return downlinkTopics(pk, dn, opts.services, opts.events);
    },
    onConnected(client, ctx) {
      const { pk, dn, mode } = client.session as { pk: string; dn: string; mode: string };
      if (mode !== 'register' && mode !== 'regnwl') return;
      setTimeout(() => {
        void (async () => {
          if (mode === 'register') {
            await ctx.publish('/ext/register', JSON.stringify({ productKey: pk, deviceName: dn, deviceSecret: opts.dynreg?.deviceSecret ?? 'issued-secret' }));
          } else {
            const clientId = opts.dynreg?.clientId ?? `cid-${dn}`;
            const token = opts.dynreg?.deviceToken ?? 'issued-token';
            tokens.set(clientId, token);
            await ctx.publish('/ext/regnwl', JSON.stringify({ clientId, productKey: pk, deviceName: dn, deviceToken: token }));
          }
          setTimeout(() => ctx.disconnectClient(client.clientId), 50);
        })();
      }, 20);
    },
    async onPublish(client, topic, payload, ctx) {
      if (!autoReply) return;
      const { pk, dn } = client.session as { pk: string; dn: string };
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
      } catch {
        return;
      }
      const s = `/sys/${pk}/${dn}/thing`;
      const ev = new RegExp(`^${s.replace(/[/]/g, '\\/')}\\/event\\/([^/]+)\\/post$`).exec(topic);
      if (ev) {
        await ctx.publish(`${topic}_reply`, { code: 200, data: {}, id: msg['id'], message: 'success', method: msg['method'], version: '1.0' });
      } else if (topic === `/shadow/update/${pk}/${dn}` && msg['method'] === 'update') {
        await ctx.publish(`/shadow/get/${pk}/${dn}`, { method: 'reply', payload: { status: 'success', version: msg['version'] }, timestamp: 1544686266 });
      }
    },
  };
  const emu = await startEmulator({ vendors: [plugin] });
  const ctx = (): EmulatorContext => {
    if (!ctxRef) throw new Error('plugin not set up');
    return ctxRef;
  };
  return {
    emu,
    ctx,
    inject: (topic, payload, qos = 0) => ctx().publish(topic, payload, { qos }),
    uplinks: (topic) => emu.trace.entries({ kind: 'publish', ...(topic ? { topic } : {}) }).filter((e) => e.clientId !== ''),
    waitUplink: (topic, timeoutMs = 3000, since = 0) =>
      emu.trace.waitFor((e) => e.kind === 'publish' && e.clientId !== '' && e.seq > since && e.topic === topic, timeoutMs),
    connects: () => emu.trace.entries({ kind: 'connect' }),
    seq: () => emu.trace.entries().at(-1)?.seq ?? 0,
    close: () => emu.close(),
  };
}
