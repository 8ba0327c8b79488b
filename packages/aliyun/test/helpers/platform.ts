/**
 * The emulator's own `aliyun` plugin (an independent implementation of the Link Kit platform) as the cloud of the
 * end-to-end tests: devices and products are registered through its `/control/aliyun/...` routes, downlinks are
 * published as the console would, and assertions read the emulator's wire trace.
 */
import { DeviceRegistry, startEmulator, type Emulator, type TraceEntry } from '@iot/emulator';

export interface PlatformDevice {
  pk: string;
  dn: string;
  ds?: string;
  /** Other record fields (`tsl`, `disabled`, ...). */
  extra?: Record<string, unknown>;
}

export interface PlatformProduct {
  pk: string;
  ps: string;
  extra?: Record<string, unknown>;
}

export interface PlatformOptions {
  devices?: PlatformDevice[];
  products?: PlatformProduct[];
  /** Reuse a registry (a restarted emulator keeps its devices). */
  registry?: DeviceRegistry;
  /** Fixed MQTT port (a restart on the same port). */
  mqttPort?: number;
  /** Also listen for MQTT over TLS (self-signed certificate). */
  tls?: boolean;
}

export interface ControlAnswer<T> {
  status: number;
  body: T;
}

export interface Platform {
  emu: Emulator;
  mqttPort: number;
  /** Calls a control route (JSON in, JSON out; `raw` sends bytes). */
  control<T = unknown>(method: string, path: string, body?: unknown, raw?: Buffer): Promise<ControlAnswer<T>>;
  /** Publishes a downlink (QoS 0 by default) as the console would. */
  inject(topic: string, payload: string | Buffer | object, qos?: 0 | 1): Promise<void>;
  /** Device uplinks (trace `publish`), optionally on one topic. */
  uplinks(topic?: string): TraceEntry[];
  /** Waits for a device uplink on a topic after trace seq `since`. */
  waitUplink(topic: string, timeoutMs?: number, since?: number): Promise<TraceEntry>;
  /** Waits for any trace entry after `since`. */
  waitTrace(test: (e: TraceEntry) => boolean, timeoutMs?: number, since?: number): Promise<TraceEntry>;
  /** CONNECT entries. */
  connects(): TraceEntry[];
  /** CONNACK entries. */
  connacks(): TraceEntry[];
  /** Latest trace seq. */
  seq(): number;
  /** Stops the emulator; rejects when a plugin hook threw during the test (trace `error` entries). */
  close(): Promise<void>;
}

/** Starts an emulator with only the `aliyun` plugin and registers the given products and devices. */
export async function startPlatform(opts: PlatformOptions = {}): Promise<Platform> {
  const emu = await startEmulator({
    vendors: ['aliyun'],
    host: '127.0.0.1',
    ...(opts.mqttPort !== undefined ? { mqttPort: opts.mqttPort } : {}),
    ...(opts.registry ? { registry: opts.registry } : {}),
    ...(opts.tls ? { mqttTlsPort: 0 } : {}),
  });
  const control = async <T = unknown>(method: string, path: string, body?: unknown, raw?: Buffer): Promise<ControlAnswer<T>> => {
    const res = await fetch(`${emu.httpUrl}${path}`, {
      method,
      headers: { 'content-type': raw ? 'application/octet-stream' : 'application/json' },
      body: raw ? new Uint8Array(raw) : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T };
  };
  const must = async (method: string, path: string, body: unknown): Promise<void> => {
    const r = await control(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  for (const p of opts.products ?? []) await must('POST', '/control/aliyun/products', { productKey: p.pk, productSecret: p.ps, ...p.extra });
  for (const d of opts.devices ?? []) await must('POST', '/control/aliyun/devices', { productKey: d.pk, deviceName: d.dn, ...(d.ds ? { deviceSecret: d.ds } : {}), ...d.extra });
  const isUplink = (e: TraceEntry): boolean => e.kind === 'publish' && e.clientId !== '';
  return {
    emu,
    mqttPort: Number(new URL(emu.mqttUrl).port),
    control,
    inject: (topic, payload, qos = 0) => emu.publish(topic, payload, { qos }),
    uplinks: (topic) => emu.trace.entries({ kind: 'publish', ...(topic ? { topic } : {}) }).filter(isUplink),
    waitUplink: (topic, timeoutMs = 3000, since = 0) => emu.trace.waitFor((e) => isUplink(e) && e.topic === topic, timeoutMs, { since }),
    waitTrace: (test, timeoutMs = 3000, since = 0) => emu.trace.waitFor(test, timeoutMs, { since }),
    connects: () => emu.trace.entries({ kind: 'connect' }),
    connacks: () => emu.trace.entries({ kind: 'connack' }),
    seq: () => emu.trace.lastSeq,
    // a plugin hook that threw is recorded as an `error` trace entry: no test may leave one behind
    close: async () => {
      const errors = emu.trace.entries({ kind: 'error' });
      await emu.close();
      if (errors.length > 0) throw new Error(`the aliyun plugin failed during the test: ${errors.map((e) => e.reason ?? '').join('; ')}`);
    },
  };
}

export { DeviceRegistry };
