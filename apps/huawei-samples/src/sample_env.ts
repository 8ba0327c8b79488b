/**
 * Where a sample runs. With `HUAWEI_CONFIG` (a JSON file of real credentials, see README) or `HUAWEI_SERVER_URI`
 * set, against Huawei Cloud IoTDA; otherwise against the emulator's own `huawei` plugin (`startEmulator({ vendors:
 * ['huawei'] })`), whose platform side the sample drives like a console user through the `/control/huawei/...`
 * routes (packages/emulator/src/vendors/huawei/README.md).
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSelfSignedCert, startEmulator, type Emulator } from '@iot/emulator';
import { ClientConf, ConnectAuthInfo, type HuaweiClientOptions } from '@iot/huawei';

/** The credentials file named by `HUAWEI_CONFIG` (every field optional; the placeholders of the Python samples otherwise). */
export interface HuaweiConfig {
  /** IoTDA access address (`xxx.iot-mqtts.cn-north-4.myhuaweicloud.com`). */
  server_uri?: string;
  /** 8883 (TLS) or 1883. */
  port?: number;
  /** Device id. */
  device_id?: string;
  /** Device secret. */
  secret?: string;
  /** Platform CA file (`./resources/root.pem`). */
  iot_cert_path?: string;
  /** X.509 device certificate (PEM). */
  cert_path?: string;
  /** X.509 device key (PEM). */
  key_path?: string;
  /** Bootstrap server (`iot-bs.cn-north-4.myhuaweicloud.com`). */
  bs_server_uri?: string;
  /** Bootstrap CA file (defaults to `iot_cert_path`). */
  bs_cert_path?: string;
  /** Registration group id (scope id). */
  scope_id?: string;
  /** Registration group secret (base64). */
  scope_secret?: string;
  /** `baseStrategyKeyword` of the static bootstrap strategy. */
  bs_keyword?: string;
  /** Gateway device id of the TCP gateway demo. */
  gateway_id?: string;
  /** Gateway secret. */
  gateway_secret?: string;
}

/** Reads the real-cloud settings: `HUAWEI_CONFIG` file, then `HUAWEI_*` variables over it; undefined when none is set. */
export function realConfig(): HuaweiConfig | undefined {
  const env = process.env;
  const file = env['HUAWEI_CONFIG'];
  if (!file && !env['HUAWEI_SERVER_URI']) return undefined;
  const c: HuaweiConfig = file ? (JSON.parse(readFileSync(file, 'utf8')) as HuaweiConfig) : {};
  const set = <K extends keyof HuaweiConfig>(k: K, v: string | undefined, conv: (s: string) => HuaweiConfig[K]): void => {
    if (v !== undefined && v !== '') c[k] = conv(v);
  };
  const s = (x: string): string => x;
  set('server_uri', env['HUAWEI_SERVER_URI'], s);
  set('port', env['HUAWEI_PORT'], Number);
  set('device_id', env['HUAWEI_DEVICE_ID'], s);
  set('secret', env['HUAWEI_DEVICE_SECRET'], s);
  set('iot_cert_path', env['HUAWEI_CA'], s);
  set('cert_path', env['HUAWEI_CERT'], s);
  set('key_path', env['HUAWEI_KEY'], s);
  set('bs_server_uri', env['HUAWEI_BS_SERVER_URI'], s);
  set('scope_id', env['HUAWEI_SCOPE_ID'], s);
  set('scope_secret', env['HUAWEI_SCOPE_SECRET'], s);
  return c;
}

/** An HTTP answer of the emulator. */
export interface HttpAnswer<T> {
  /** Status code. */
  status: number;
  /** Parsed JSON body (or the text). */
  body: T;
}

/** The console side of the local platform: the emulator's `/control/huawei/...` routes and its file store. */
export class HuaweiConsole {
  /**
   * @param emulator - the running emulator (huawei plugin)
   * @param dir - scratch directory of the sample (CA, device certificate, downloads)
   */
  constructor(
    readonly emulator: Emulator,
    readonly dir: string,
  ) {}

  /** `http://host:port/control/huawei`. */
  get base(): string {
    return `${this.emulator.httpUrl}/control/huawei`;
  }

  /**
   * One HTTP call to the emulator.
   * @param method - HTTP method
   * @param url - path under `/control/huawei` (starting with `/`), or an absolute URL
   * @param body - JSON body, or raw bytes
   * @param headers - extra headers
   * @returns status and body (any status)
   */
  async http<T = Record<string, unknown>>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
    const raw = Buffer.isBuffer(body);
    const res = await fetch(url.startsWith('http') ? url : `${this.base}${url}`, {
      method,
      headers: { 'content-type': raw ? 'application/octet-stream' : 'application/json', ...headers },
      body: body === undefined ? undefined : raw ? new Uint8Array(body) : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? {} : (JSON.parse(text) as unknown);
    } catch {
      /* keep the text */
    }
    return { status: res.status, body: parsed as T };
  }

  /**
   * A control call that must succeed (2xx).
   * @param method - HTTP method
   * @param url - path under `/control/huawei`
   * @param body - JSON body
   * @returns the body
   */
  async call<T = Record<string, unknown>>(method: string, url: string, body?: unknown): Promise<T> {
    const a = await this.http<T>(method, url, body);
    if (a.status < 200 || a.status > 299) throw new Error(`${method} ${url} → ${a.status} ${JSON.stringify(a.body)}`);
    return a.body;
  }

  /**
   * Sends a platform request (command, property set/get, rule) and returns the device's reply (`response`).
   * @param method - HTTP method
   * @param url - path under `/control/huawei`
   * @param body - JSON body
   * @returns the device's JSON reply
   */
  async request<T = Record<string, unknown>>(method: string, url: string, body?: unknown): Promise<T> {
    return (await this.call<{ response: T }>(method, url, body)).response;
  }

  /**
   * Hosts a file in the emulator's file store (`PUT /files/<name>`).
   * @param name - file name
   * @param data - content
   */
  async putFile(name: string, data: Buffer): Promise<void> {
    const a = await this.http('PUT', `${this.emulator.httpUrl}/files/${name}`, data);
    if (a.status !== 201 && a.status !== 200) throw new Error(`PUT /files/${name} → ${a.status}`);
  }

  /**
   * Kicks a connected device (`POST /control/disconnect`), a network loss from the device's point of view.
   * @param device_id - device id
   */
  async kick(device_id: string): Promise<void> {
    const clients = await this.http<{ clientId: string }[]>('GET', `${this.emulator.httpUrl}/control/clients?vendor=huawei`);
    const c = clients.body.find((x) => x.clientId.startsWith(`${device_id}_0_`));
    if (!c) throw new Error(`${device_id} is not connected`);
    await this.call('POST', `${this.emulator.httpUrl}/control/disconnect`, { clientId: c.clientId });
  }

  /**
   * Polls until `probe` returns a value other than undefined/false.
   * @param probe - the check (may call routes)
   * @param what - description for the timeout error
   * @param timeoutMs - limit
   * @returns the value
   */
  async waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
      if (Date.now() - t0 > timeoutMs) throw new Error(`sample check failed: timed out waiting for ${what}`);
      await sleep(20);
    }
  }

  /**
   * Messages the platform recorded from a device (`GET /devices/<id>/messages`).
   * @param device_id - device id
   * @returns `[{topic, data}]`
   */
  async messages(device_id: string): Promise<{ topic: string; data: unknown }[]> {
    return await this.call<{ topic: string; data: unknown }[]>('GET', `/devices/${enc(device_id)}/messages`);
  }
}

/** `encodeURIComponent`. */
export const enc = encodeURIComponent;

/** What a sample's local device looks like. */
export interface TargetRequest {
  /** TLS on 8883 (the emulator's TLS listener, its certificate written as `root.pem`), else 1883. */
  tls?: boolean;
  /** Authenticate with a generated X.509 certificate (implies TLS) registered by fingerprint. */
  x509?: boolean;
  /** Device id of the local device. */
  device_id?: string;
  /** Register the device in the local registry (default true; bootstrap groups register it themselves). */
  register?: boolean;
}

/** The settings of a sample run. */
export interface SampleTarget {
  /** Filled-in `ConnectAuthInfo` (server, port, id, secret or certificate, CA). */
  connect_auth_info: ConnectAuthInfo;
  /** TypeScript-only options (local: the emulator's real port behind 1883/8883). */
  options: HuaweiClientOptions;
  /** `new ClientConf(connect_auth_info, null, options)`. */
  client_conf(): ClientConf;
  /** The console of the local platform, or undefined against the real cloud. */
  cloud: HuaweiConsole | undefined;
  /** Real-cloud settings, or undefined locally. */
  real: HuaweiConfig | undefined;
  /** Device id. */
  device_id: string;
  /** Scratch directory (local) or the working directory (real cloud). */
  dir: string;
  /** SHA-256 fingerprint of the generated device certificate (local X.509 runs). */
  cert_fingerprint: string | undefined;
  /** Stops the emulator and removes the scratch directory. */
  close(): Promise<void>;
}

/** Device id of the Python samples. */
export const SAMPLE_DEVICE_ID = '6109fd1da42d680286bb1ff3_123456';
/** Secret of the local device. */
export const LOCAL_SECRET = 'local-device-secret';

/**
 * Prepares a sample run.
 * @param req - local device settings
 * @returns the target; call `close()` at the end
 */
export async function sampleTarget(req: TargetRequest = {}): Promise<SampleTarget> {
  const tls = req.tls === true || req.x509 === true;
  const info = new ConnectAuthInfo();
  const real = realConfig();
  if (real) {
    info.server_uri = real.server_uri ?? 'access address';
    info.port = real.port ?? 8883;
    info.id = real.device_id ?? 'your device id';
    info.secret = real.secret ?? 'your device secret';
    info.iot_cert_path = real.iot_cert_path ?? './resources/root.pem';
    if (req.x509) {
      info.auth_type = ConnectAuthInfo.X509_AUTH;
      info.cert_path = real.cert_path ?? './resources/device.pem';
      info.key_path = real.key_path ?? './resources/device.key';
    }
    const options: HuaweiClientOptions = {};
    return { connect_auth_info: info, options, client_conf: () => new ClientConf(info, null, options), cloud: undefined, real, device_id: info.id, dir: process.cwd(), cert_fingerprint: undefined, close: async () => undefined };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'huawei-samples-'));
  const emulator = await startEmulator({ vendors: ['huawei'], ...(tls ? { mqttTlsPort: 0 } : {}) });
  const cloud = new HuaweiConsole(emulator, dir);
  const device_id = req.device_id ?? SAMPLE_DEVICE_ID;
  let fingerprint: string | undefined;
  try {
    info.server_uri = '127.0.0.1';
    info.port = tls ? 8883 : 1883;
    info.id = device_id;
    if (tls) {
      info.iot_cert_path = path.join(dir, 'root.pem');
      writeFileSync(info.iot_cert_path, emulator.tlsCert ?? '');
    }
    if (req.x509) {
      const pair = generateSelfSignedCert();
      info.auth_type = ConnectAuthInfo.X509_AUTH;
      info.cert_path = path.join(dir, 'device.pem');
      info.key_path = path.join(dir, 'device.key');
      writeFileSync(info.cert_path, pair.cert);
      writeFileSync(info.key_path, pair.key, { mode: 0o600 });
      fingerprint = new X509Certificate(pair.cert).fingerprint256;
    } else info.secret = LOCAL_SECRET;
    if (req.register !== false) await cloud.call('PUT', `/devices/${enc(device_id)}`, fingerprint ? { fingerprint } : { secret: LOCAL_SECRET });
  } catch (e) {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const port = Number(new URL(tls ? emulator.mqttsUrl! : emulator.mqttUrl).port);
  const options: HuaweiClientOptions = { broker_port: port };
  return {
    connect_auth_info: info,
    options,
    client_conf: () => new ClientConf(info, null, options),
    cloud,
    real: undefined,
    device_id,
    dir,
    cert_fingerprint: fingerprint,
    async close() {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
 * Fails the sample when a condition does not hold (the local run checks what the platform and the device saw).
 * @param cond - the condition
 * @param what - description
 */
export function check(cond: boolean, what: string): asserts cond {
  if (!cond) throw new Error(`sample check failed: ${what}`);
}
