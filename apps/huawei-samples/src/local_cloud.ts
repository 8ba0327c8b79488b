/**
 * The local stand-in for IoTDA used when no endpoint is configured: an embedded MQTT broker (plain and TLS), a
 * small HTTP file server (OBS / OTA downloads), and helpers a sample uses to play the platform's side.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { freePort, generateSelfSignedCert, startAedesBroker, type AedesBroker } from '@iot/emulator';
import { ClientConf, ConnectAuthInfo, type HuaweiClientOptions } from '@iot/huawei';

/** One uplink seen by the local cloud. */
export interface Uplink {
  topic: string;
  payload: Buffer;
  text: string;
}

/** The running local cloud. */
export interface LocalCloud {
  /** Broker port (plain TCP). */
  readonly port: number;
  /** Broker port (TLS), when started with `tls: true`. */
  readonly tlsPort: number | undefined;
  /** Temp directory with `root.pem` (the broker CA), and for X.509 `device.pem` / `device.key`. */
  readonly dir: string;
  /** `http://127.0.0.1:port` of the file server. */
  readonly httpUrl: string;
  /** Files served (GET) and stored (PUT) by the file server, by path. */
  readonly files: Map<string, Buffer>;
  /** Every uplink so far. */
  readonly uplinks: Uplink[];
  /** Publishes a downlink to the devices (the platform side). */
  down(topic: string, payload: string | Buffer | object): Promise<void>;
  /** Resolves with the first uplink (already seen or future) whose topic ends with `suffix` and passes `filter`. */
  waitUp(suffix: string, filter?: (u: Uplink) => boolean, timeoutMs?: number): Promise<Uplink>;
  /** Stops the broker abruptly (a network outage) and starts it again after `ms`. */
  outage(ms: number): Promise<void>;
  /** Device options pointing at this cloud. */
  options(tls?: boolean): HuaweiClientOptions;
  /** Closes everything. */
  close(): Promise<void>;
}

/**
 * Starts the local cloud.
 * @param opts - `tls` also starts a TLS listener (the CA is written to `dir/root.pem`) and a device certificate
 * @returns the cloud
 */
export async function startLocalCloud(opts: { tls?: boolean } = {}): Promise<LocalCloud> {
  const broker: AedesBroker = await startAedesBroker();
  const dir = mkdtempSync(path.join(tmpdir(), 'huawei-samples-'));
  const uplinks: Uplink[] = [];
  const waiters: Array<{ test: (u: Uplink) => boolean; resolve: (u: Uplink) => void }> = [];
  const hook = (): void => {
    broker.aedes.on('publish', (packet, client) => {
      if (!client) return;
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      const u: Uplink = { topic: packet.topic, payload, text: payload.toString('utf8') };
      uplinks.push(u);
      for (const w of [...waiters]) {
        if (w.test(u)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(u);
        }
      }
    });
  };
  hook();

  let tls: TlsServer | undefined;
  let tlsPort: number | undefined;
  if (opts.tls) {
    const server = generateSelfSignedCert();
    const device = generateSelfSignedCert();
    writeFileSync(path.join(dir, 'root.pem'), server.cert);
    writeFileSync(path.join(dir, 'device.pem'), device.cert);
    writeFileSync(path.join(dir, 'device.key'), device.key);
    tlsPort = await freePort('127.0.0.1');
    tls = createTlsServer({ key: server.key, cert: server.cert, requestCert: true, rejectUnauthorized: false }, (sock) => broker.aedes.handle(sock));
    await new Promise<void>((r) => tls!.listen(tlsPort, '127.0.0.1', r));
  }

  const files = new Map<string, Buffer>();
  const http: HttpServer = createHttpServer((req, res) => {
    const key = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'PUT') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        files.set(key, Buffer.concat(chunks));
        res.writeHead(200).end();
      });
      return;
    }
    const body = files.get(key);
    if (!body) res.writeHead(404).end('not found');
    else res.writeHead(200, { 'Content-Length': String(body.length) }).end(body);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const cloud: LocalCloud = {
    port: broker.port,
    tlsPort,
    dir,
    httpUrl,
    files,
    uplinks,
    async down(topic, payload) {
      const buf = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
      await new Promise<void>((resolve, reject) =>
        broker.aedes.publish({ cmd: 'publish', topic, payload: buf, qos: 0, retain: false, dup: false }, (err) => (err ? reject(err) : resolve())),
      );
    },
    waitUp(suffix, filter = () => true, timeoutMs = 10_000) {
      const test = (u: Uplink): boolean => u.topic.endsWith(suffix) && filter(u);
      const seen = uplinks.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise<Uplink>((resolve, reject) => {
        const w = { test, resolve: (u: Uplink) => (clearTimeout(timer), resolve(u)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no uplink on *${suffix} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    async outage(ms) {
      await broker.stop();
      await new Promise((r) => setTimeout(r, ms));
      await broker.restart();
      hook();
    },
    options(useTls = false) {
      return { broker_port: useTls ? tlsPort : broker.port, subscribe_system_topics: true, stable_after_ms: 60_000 };
    },
    async close() {
      await new Promise<void>((r) => http.close(() => r()));
      if (tls) await new Promise<void>((r) => tls!.close(() => r()));
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cloud;
}

/** The device settings of a sample: the real platform when `HUAWEI_SERVER_URI` etc. are set, else the local cloud. */
export interface SampleTarget {
  /** Settings with server_uri, port, id, secret (and the CA for 8883) filled in. */
  connect_auth_info: ConnectAuthInfo;
  /** `new ClientConf(connect_auth_info, null, options)`. */
  client_conf(): ClientConf;
  /** The local cloud, or undefined against the real platform. */
  cloud: LocalCloud | undefined;
  /** Device id. */
  device_id: string;
  /** Closes the local cloud. */
  close(): Promise<void>;
}

/**
 * Builds the target of a sample.
 * @param opts - `tls` for port 8883 (local: TLS listener with a generated CA), `device_id` for the local device
 * @returns the target
 */
export async function sampleTarget(opts: { tls?: boolean; device_id?: string } = {}): Promise<SampleTarget> {
  const env = process.env;
  const info = new ConnectAuthInfo();
  if (env['HUAWEI_SERVER_URI']) {
    info.server_uri = env['HUAWEI_SERVER_URI'];
    info.port = Number(env['HUAWEI_PORT'] ?? 8883);
    info.id = env['HUAWEI_DEVICE_ID'] ?? 'your device id';
    info.secret = env['HUAWEI_DEVICE_SECRET'] ?? 'your device secret';
    info.iot_cert_path = env['HUAWEI_CA'] ?? './resources/root.pem';
    return { connect_auth_info: info, client_conf: () => new ClientConf(info), cloud: undefined, device_id: info.id, close: async () => undefined };
  }
  const cloud = await startLocalCloud({ tls: opts.tls === true });
  info.server_uri = '127.0.0.1';
  info.port = opts.tls ? 8883 : 1883;
  info.id = opts.device_id ?? '6109fd1da42d680286bb1ff3_123456';
  info.secret = 'your device secret';
  if (opts.tls) info.iot_cert_path = path.join(cloud.dir, 'root.pem');
  return { connect_auth_info: info, client_conf: () => new ClientConf(info, null, cloud.options(opts.tls)), cloud, device_id: info.id, close: () => cloud.close() };
}

/**
 * Small delay helper (`time.sleep`).
 * @param ms - milliseconds
 * @returns a promise
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Prints sample output. */
export const logger = {
  /**
   * Info line.
   * @param msg - text
   */
  info(msg: string): void {
    console.log(`[info] ${msg}`);
  },
  /**
   * Warning line.
   * @param msg - text
   */
  warning(msg: string): void {
    console.log(`[warn] ${msg}`);
  },
  /**
   * Error line.
   * @param msg - text
   */
  error(msg: string): void {
    console.log(`[error] ${msg}`);
  },
};

/**
 * Fails the sample when a condition does not hold (the local run checks what the platform saw).
 * @param cond - the condition
 * @param what - description
 */
export function check(cond: boolean, what: string): asserts cond {
  if (!cond) throw new Error(`sample check failed: ${what}`);
}
