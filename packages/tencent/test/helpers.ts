// Test helpers: a bare aedes broker with wire capture, device files in a temp dir, polling waits.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAedesBroker, type AedesBroker } from '@iot/emulator';

/** One captured CONNECT. */
export interface WireConnect {
  clientId: string;
  username: string | undefined;
  password: string | undefined;
  protocolId: string;
  protocolVersion: number;
  keepalive: number;
  clean: boolean;
}
/** One captured device PUBLISH. */
export interface WirePublish {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
  clientId: string;
}
/** One captured SUBSCRIBE. */
export interface WireSubscribe {
  subs: Array<{ topic: string; qos: number }>;
  clientId: string;
}

/** A broker with everything the devices sent. */
export interface Wire {
  broker: AedesBroker;
  connects: WireConnect[];
  publishes: WirePublish[];
  subscribes: WireSubscribe[];
  unsubscribes: string[][];
  /** CONNACK return code to answer (0 = accept). */
  refuse: number;
  /** Delay of every SUBACK in ms (0 = none). */
  subackDelayMs: number;
  /** Publishes a downlink to the devices. */
  down(topic: string, payload: string | Buffer | object, qos?: 0 | 1): Promise<void>;
  /** Re-installs the hooks after broker.restart(). */
  hook(): void;
  close(): Promise<void>;
}

/** Starts aedes with capture hooks. */
export async function startWire(): Promise<Wire> {
  const broker = await startAedesBroker();
  const wire: Wire = {
    broker,
    connects: [],
    publishes: [],
    subscribes: [],
    unsubscribes: [],
    refuse: 0,
    subackDelayMs: 0,
    down(topic, payload, qos = 0) {
      const buf = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
      return new Promise((resolve, reject) =>
        broker.aedes.publish({ cmd: 'publish', topic, payload: buf, qos, retain: false, dup: false }, (err?: Error) => (err ? reject(err) : resolve())),
      );
    },
    hook() {
      const a = broker.aedes;
      a.preConnect = (_client, packet, cb) => {
        const p = packet as unknown as { clientId: string; username?: string; password?: Buffer; protocolId: string; protocolVersion: number; keepalive: number; clean: boolean };
        wire.connects.push({
          clientId: p.clientId,
          username: p.username,
          password: p.password?.toString(),
          protocolId: p.protocolId,
          protocolVersion: p.protocolVersion,
          keepalive: p.keepalive,
          clean: p.clean,
        });
        cb(null, true);
      };
      a.authenticate = (_client, _u, _p, cb) => {
        if (wire.refuse) {
          const err = Object.assign(new Error('refused'), { returnCode: wire.refuse });
          cb(err as never, false);
        } else cb(null, true);
      };
      a.authorizeSubscribe = (_client, sub, cb) => {
        // aedes grants the requested QoS; the hook can only delay the SUBACK
        if (wire.subackDelayMs > 0) setTimeout(() => cb(null, sub), wire.subackDelayMs);
        else cb(null, sub);
      };
      a.on('publish', (packet, client) => {
        if (!client) return;
        wire.publishes.push({ topic: packet.topic, payload: Buffer.from(packet.payload as Buffer).toString(), qos: packet.qos, retain: packet.retain, clientId: client.id });
      });
      a.on('subscribe', (subs, client) => {
        wire.subscribes.push({ subs: subs.map((s) => ({ topic: s.topic, qos: s.qos })), clientId: client.id });
      });
      a.on('unsubscribe', (topics) => {
        wire.unsubscribes.push([...topics]);
      });
    },
    async close() {
      await broker.stop();
    },
  };
  wire.hook();
  return wire;
}

/** A temp dir with a device file. */
export interface DeviceDir {
  dir: string;
  file: string;
  cleanup(): void;
}

/** Default test device: productId ABCDEFGHIJ, dev1, secret decoding to 1234567890abcdef. */
export const DEVICE = {
  productId: 'ABCDEFGHIJ',
  deviceName: 'dev1',
  deviceSecret: 'MTIzNDU2Nzg5MGFiY2RlZg==',
  productSecret: 'abcdefghijklmnopqrstuvwx',
};

/** Writes a device_info.json like the vendor sample. */
export function deviceFile(over: Record<string, unknown> = {}, raw?: string): DeviceDir {
  const dir = mkdtempSync(join(tmpdir(), 'iot-tencent-'));
  const file = join(dir, 'device_info.json');
  const obj = {
    auth_mode: 'KEY',
    productId: DEVICE.productId,
    productSecret: DEVICE.productSecret,
    deviceName: DEVICE.deviceName,
    key_deviceinfo: { deviceSecret: DEVICE.deviceSecret },
    cert_deviceinfo: { devCaFile: 'ca.crt', devCertFile: 'dev.crt', devPrivateKeyFile: 'dev.key' },
    subDev: { subdev_num: 2, subdev_list: [{ sub_productId: 'SUBPID0001', sub_devName: 'sub1' }, { sub_productId: 'SUBPID0001', sub_devName: 'sub2' }] },
    region: 'china',
    ...over,
  };
  writeFileSync(file, raw ?? JSON.stringify(obj, null, 2));
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls until `cond` holds. */
export async function waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Sleeps. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
