// Test helpers: an aedes broker that records the wire, device builders, waits.
import { startAedesBroker, type AedesBroker } from '@iot/emulator';
import { ClientConf, ConnectAuthInfo, IotDevice, MqttConnectConf, type HuaweiClientOptions } from '../src/index.js';

/** A CONNECT as the broker saw it. */
export interface SeenConnect {
  clientId: string;
  username: string | undefined;
  password: string | undefined;
}
/** A PUBLISH from a device. */
export interface SeenPublish {
  topic: string;
  payload: Buffer;
  text: string;
  qos: number;
  retain: boolean;
}

/** A recording broker. */
export interface Recorder {
  broker: AedesBroker;
  connects: SeenConnect[];
  publishes: SeenPublish[];
  subscribes: Array<{ topic: string; qos: number }>;
  /** CONNACK code to answer; 0 accepts. */
  refuse: number;
  /** Publishes to the devices. */
  down(topic: string, payload: string | Buffer, qos?: 0 | 1): Promise<void>;
  /** Publishes on a topic, device uplinks only. */
  on(topic: string): SeenPublish[];
  close(): Promise<void>;
}

/** Starts aedes with recording hooks (re-installed after restart()). */
export async function startRecorder(): Promise<Recorder> {
  const broker = await startAedesBroker();
  const rec: Recorder = {
    broker,
    connects: [],
    publishes: [],
    subscribes: [],
    refuse: 0,
    async down(topic, payload, qos = 0) {
      await new Promise<void>((resolve, reject) =>
        broker.aedes.publish({ cmd: 'publish', topic, payload: typeof payload === 'string' ? Buffer.from(payload) : payload, qos, retain: false, dup: false }, (err) => (err ? reject(err) : resolve())),
      );
    },
    on(topic) {
      return rec.publishes.filter((p) => p.topic === topic);
    },
    close: () => broker.stop(),
  };
  hook(rec);
  const restart = broker.restart.bind(broker);
  broker.restart = async () => {
    await restart();
    hook(rec);
  };
  return rec;
}

function hook(rec: Recorder): void {
  const a = rec.broker.aedes;
  a.authenticate = (client, username, password, done) => {
    rec.connects.push({ clientId: client.id, username, password: password?.toString('utf8') });
    if (rec.refuse === 0) {
      done(null, true);
      return;
    }
    const err = Object.assign(new Error('refused'), { returnCode: rec.refuse });
    done(err as Error & { returnCode: number }, false);
  };
  a.on('publish', (packet, client) => {
    if (!client) return;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    rec.publishes.push({ topic: packet.topic, payload, text: payload.toString('utf8'), qos: packet.qos, retain: packet.retain });
  });
  a.on('subscribe', (subs) => {
    for (const s of subs) rec.subscribes.push({ topic: s.topic, qos: s.qos });
  });
}

/** Test device settings: port 1883 semantics on the recorder's port, system topics subscribed. */
export function authInfo(rec: Recorder | null, id = 'productId_nodeId', secret = '12345678'): ConnectAuthInfo {
  const info = new ConnectAuthInfo();
  info.server_uri = '127.0.0.1';
  info.port = 1883;
  info.id = id;
  info.secret = secret;
  void rec;
  return info;
}

/** Builds a device on the recorder. */
export function makeDevice(rec: Recorder | null, info: ConnectAuthInfo = authInfo(rec), options: HuaweiClientOptions = {}, conf: MqttConnectConf | null = null): IotDevice {
  return new IotDevice(new ClientConf(info, conf, { broker_port: rec?.broker.port ?? 1, subscribe_system_topics: true, stable_after_ms: 60_000, ...options }));
}

/** Polls until `cond` holds. */
export async function waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets the callback queue and the sockets settle. */
export async function settle(device: IotDevice, ms = 20): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  await device.get_client()._get_callbacks().idle();
}
