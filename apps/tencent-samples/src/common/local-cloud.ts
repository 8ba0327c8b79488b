/**
 * A small Tencent IoT Hub platform for the samples, plugged into the embedded `@iot/emulator` as a vendor plugin:
 * checks the MQTT password, answers NTP, shadow, gateway, OTA version reports, resource upload tasks, serves
 * dynamic registration / HTTP publish, forwards the door → air conditioner rule, and lets a sample act as the
 * console (push a firmware, send an RRPC request or a broadcast, change the desired shadow).
 * It stands in for the emulator's own tencent plugin until that one is available.
 * @module
 */
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import type { EmulatorContext, HttpRoute, VendorPlugin, ConnectInfo } from '@iot/emulator';

/** A device known to the local cloud. */
export interface CloudDevice {
  productId: string;
  deviceName: string;
  /** Base64 device secret. */
  deviceSecret: string;
}

/** Console actions the samples use, whichever platform runs (this local one or the emulator's tencent plugin). */
export interface SampleCloud {
  /** Registers a device; `subDevices` (keys `pid/dn`) makes it a gateway with those sub-devices bound. */
  addDevice(d: CloudDevice & { subDevices?: string[] }): Promise<void>;
  /** Registers a product secret for dynamic registration. */
  addProduct(productId: string, productSecret: string): Promise<void>;
  /** Announces a firmware stored in the emulator file store. */
  pushFirmware(productId: string, deviceName: string, version: string, fileName: string, firmware: Buffer): Promise<void>;
  /** Sends an RRPC request and resolves with the device's reply text. */
  rrpc(productId: string, deviceName: string, payload: unknown, timeoutMs?: number): Promise<string>;
  /** Sends a broadcast message. */
  broadcast(productId: string, deviceName: string, payload: unknown): Promise<void>;
  /** Sets desired shadow fields (pushes a delta). */
  setDesired(productId: string, deviceName: string, desired: Record<string, unknown>): Promise<void>;
  /** Publishes to a custom topic as the console would. */
  publish(topic: string, payload: unknown, qos?: 0 | 1): Promise<void>;
  /** Rule: forward messages of one topic to another. */
  forward(from: string, to: string): void;
  /** Stops background work. */
  close(): void;
}

/** The local platform: a {@link SampleCloud} that is also an emulator vendor plugin. */
export interface LocalCloud extends SampleCloud {
  /** The plugin to give to `startEmulator`. */
  readonly plugin: VendorPlugin;
}

interface ShadowDoc {
  reported: Record<string, unknown>;
  desired: Record<string, unknown> | null;
  version: number;
}

function parse(payload: Buffer): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(payload.toString('utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the local cloud. */
export function createLocalCloud(): LocalCloud {
  const devices = new Map<string, CloudDevice>();
  const productSecrets = new Map<string, string>();
  const shadows = new Map<string, ShadowDoc>();
  const bound = new Map<string, Array<{ product_id: string; device_name: string }>>();
  const rules = new Map<string, string>();
  let ctx: EmulatorContext | undefined;
  let processId = 1000;

  const need = (): EmulatorContext => {
    if (!ctx) throw new Error('local cloud not started');
    return ctx;
  };
  const send = (topic: string, payload: unknown, qos: 0 | 1 = 0): Promise<void> => need().publish(topic, JSON.stringify(payload), { qos });

  function checkPassword(conn: ConnectInfo): boolean {
    const dev = devices.get(conn.clientId);
    if (!dev || !conn.username || !conn.password) return false;
    const [sign, method] = conn.password.toString('utf8').split(';');
    const algo = method === 'hmacsha256' ? 'sha256' : 'sha1';
    const expected = createHmac(algo, Buffer.from(dev.deviceSecret, 'base64')).update(conn.username).digest('hex');
    return conn.username.startsWith(`${conn.clientId};`) && sign === expected;
  }

  async function onUplink(topic: string, payload: Buffer): Promise<void> {
    const forwardTo = rules.get(topic);
    if (forwardTo) await need().publish(forwardTo, payload, { qos: 1 });
    const parts = topic.split('/');
    const [pid, dn] = [parts[parts.length - 2] ?? '', parts[parts.length - 1] ?? ''];
    const msg = parse(payload);
    if (!msg) return;
    if (topic.startsWith('$sys/operation/') && msg['type'] === 'get') {
      const now = Date.now();
      await send(`$sys/operation/result/${pid}/${dn}`, { type: 'get', time: Math.floor(now / 1000), ntptime1: now, ntptime2: now + 1 });
    } else if (topic.startsWith('$shadow/operation/')) {
      const key = pid + dn;
      const doc = shadows.get(key) ?? { reported: {}, desired: null, version: 0 };
      shadows.set(key, doc);
      if (msg['type'] === 'update') {
        const state = (msg['state'] ?? {}) as Record<string, unknown>;
        if (state['reported'] && typeof state['reported'] === 'object') Object.assign(doc.reported, state['reported']);
        if ('desired' in state && state['desired'] === null) doc.desired = null;
        doc.version += 1;
      }
      await send(`$shadow/operation/result/${pid}/${dn}`, {
        clientToken: msg['clientToken'],
        payload: { state: { reported: doc.reported, ...(doc.desired ? { desired: doc.desired } : {}) }, timestamp: Date.now(), version: doc.version },
        result: 0,
        timestamp: Math.floor(Date.now() / 1000),
        type: msg['type'],
      });
    } else if (topic.startsWith('$gateway/operation/')) {
      const type = msg['type'];
      if (type === 'describe_sub_devices') {
        await send(`$gateway/operation/result/${pid}/${dn}`, { type, payload: { devices: bound.get(pid + dn) ?? [] } });
        return;
      }
      const devs = ((msg['payload'] as Record<string, unknown> | undefined)?.['devices'] ?? []) as Array<Record<string, unknown>>;
      const d = devs[0];
      if (!d) return;
      const list = bound.get(pid + dn) ?? [];
      bound.set(pid + dn, list);
      const entry = { product_id: String(d['product_id']), device_name: String(d['device_name']) };
      if (type === 'bind' && !list.some((e) => e.device_name === entry.device_name)) list.push(entry);
      if (type === 'unbind') bound.set(pid + dn, list.filter((e) => e.device_name !== entry.device_name));
      await send(`$gateway/operation/result/${pid}/${dn}`, { type, payload: { devices: [{ ...entry, result: 0 }] } });
    } else if (topic.startsWith('$ota/report/') && msg['type'] === 'report_version') {
      const version = (msg['report'] as Record<string, unknown> | undefined)?.['version'];
      await send(`$ota/update/${pid}/${dn}`, { result_code: 0, result_msg: 'success', type: 'report_version_rsp', version }, 1);
    } else if (topic.startsWith('$resource/up/service/')) {
      const name = String(msg['name'] ?? 'resource');
      if (msg['type'] === 'create_upload_task') {
        await send(`$resource/down/service/${pid}/${dn}`, { type: 'create_upload_task_rsp', name, size: msg['size'], md5sum: msg['md5sum'], url: `${need().httpUrl}/cos/${encodeURIComponent(name)}`, result_code: 0 }, 1);
      } else if (msg['type'] === 'report_upload_progress') {
        await send(`$resource/down/service/${pid}/${dn}`, { type: 'report_upload_progress_rsp', name, result_code: 0, result_msg: 'ok' }, 1);
      }
    }
  }

  function encryptForDevice(obj: object, productSecret: string): string {
    const plain = Buffer.from(JSON.stringify(obj));
    const padded = Buffer.concat([plain, Buffer.alloc((16 - (plain.length % 16)) % 16)]);
    const c = createCipheriv('aes-128-cbc', Buffer.from(productSecret.slice(0, 16)), Buffer.from('0000000000000000'));
    c.setAutoPadding(false);
    return Buffer.concat([c.update(padded), c.final()]).toString('base64');
  }

  const routes = (): HttpRoute[] => [
    {
      method: 'POST',
      path: '/device/register',
      handler: (req) => {
        const body = req.json<{ ProductId?: string; DeviceName?: string }>();
        const secret = productSecrets.get(body.ProductId ?? '');
        if (!secret || !body.DeviceName) return { body: { Response: { Error: { Code: 'ResourceNotFound', Message: 'product not found' }, RequestId: 'local' } } };
        const psk = createHash('sha256').update(`${body.ProductId}${body.DeviceName}`).digest().subarray(0, 16).toString('base64');
        devices.set(`${body.ProductId}${body.DeviceName}`, { productId: body.ProductId!, deviceName: body.DeviceName, deviceSecret: psk });
        const payload = encryptForDevice({ encryptionType: 2, psk }, secret);
        return { body: { Response: { Len: payload.length, Payload: payload, RequestId: 'local' } } };
      },
    },
    {
      method: 'POST',
      path: '/device/publish',
      handler: async (req) => {
        const body = req.json<{ TopicName?: string; Payload?: string; Qos?: number }>();
        await need().publish(String(body.TopicName), String(body.Payload), { qos: body.Qos === 1 ? 1 : 0 });
        return { body: { Response: { RequestId: 'local' } } };
      },
    },
    {
      method: 'PUT',
      path: /^\/cos\/([^/]+)$/,
      handler: (req, c) => {
        c.files.put(decodeURIComponent(req.params[0] ?? 'upload'), req.body);
        return { status: 200, body: '' };
      },
    },
  ];

  const plugin: VendorPlugin = {
    name: 'tencent-local',
    setup(c) {
      ctx = c;
    },
    claims: () => true,
    authenticate: (conn) => (checkPassword(conn) ? { ok: true } : { ok: false, returnCode: 4, reason: 'bad username or password' }),
    onPublish: (_client, topic, payload) => onUplink(topic, payload),
    routes,
  };

  return {
    plugin,
    addDevice: async (d) => {
      devices.set(d.productId + d.deviceName, d);
    },
    addProduct: async (pid, secret) => {
      productSecrets.set(pid, secret);
    },
    async pushFirmware(productId, deviceName, version, fileName, firmware) {
      const c = need();
      c.files.put(fileName, firmware);
      await send(`$ota/update/${productId}/${deviceName}`, {
        file_size: firmware.length,
        md5sum: createHash('md5').update(firmware).digest('hex'),
        type: 'update_firmware',
        url: `${c.httpUrl}/files/${fileName}`,
        version,
      }, 1);
    },
    async rrpc(productId, deviceName, payload, timeoutMs = 4000) {
      const id = String(++processId);
      const reply = need().waitForUplink(`$rrpc/txd/${productId}/${deviceName}/${id}`, undefined, timeoutMs);
      await send(`$rrpc/rxd/${productId}/${deviceName}/${id}`, payload);
      return (await reply).payload.toString('utf8');
    },
    broadcast: (productId, deviceName, payload) => send(`$broadcast/rxd/${productId}/${deviceName}`, payload),
    async setDesired(productId, deviceName, desired) {
      const doc = shadows.get(productId + deviceName) ?? { reported: {}, desired: null, version: 0 };
      doc.desired = { ...(doc.desired ?? {}), ...desired };
      doc.version += 1;
      shadows.set(productId + deviceName, doc);
      await send(`$shadow/operation/result/${productId}/${deviceName}`, { type: 'delta', payload: { state: desired, timestamp: Date.now(), version: doc.version }, clientToken: 'console' });
    },
    publish: (topic, payload, qos = 0) => send(topic, payload, qos),
    forward: (from, to) => rules.set(from, to),
    close: () => undefined,
  };
}
