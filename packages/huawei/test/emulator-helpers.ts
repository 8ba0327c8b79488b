// Helpers of the end-to-end tests against the emulator's own `huawei` plugin (an independent IoTDA implementation):
// devices configured as a Python program would be (no system-topic SUBSCRIBE: the platform delivers them), the
// control API, and the wire as the emulator traced it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions, type TraceEntry } from '@iot/emulator';
import { ClientConf, ConnectAuthInfo, IotDevice, type HuaweiClientOptions } from '../src/index.js';

/** A running emulator with the huawei plugin, and what the test created around it. */
export interface HuaweiCloud {
  emu: Emulator;
  /** MQTT TCP port of the embedded broker. */
  port: number;
  /** Scratch directory (removed by `close`). */
  dir: string;
  /** Devices built with `device()` (destroyed by `reset`/`close`). */
  devices: IotDevice[];
  /** `/control/huawei` + path; throws on an HTTP error unless `allowError`. */
  control<T = Record<string, unknown>>(method: string, p: string, body?: unknown, allowError?: boolean): Promise<{ status: number; body: T }>;
  /** Registers a secret device. */
  register(id: string, secret?: string, extra?: Record<string, unknown>): Promise<void>;
  /** Builds a device as the Python samples do, dialling the emulator (`broker_port`). */
  device(id: string, secret?: string | null, tune?: (info: ConnectAuthInfo) => void, options?: HuaweiClientOptions): IotDevice;
  /** Device uplinks (`publish`) and downlinks (`deliver`) on topics matching `filter`. */
  wire(kind: 'publish' | 'deliver', filter: string, since?: number): TraceEntry[];
  /** Last trace sequence number. */
  seq(): number;
  /** Destroys the devices. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Default device secret of the tests. */
export const SECRET = '12345678';

/** Starts the emulator with only the huawei plugin. */
export async function startCloud(opts: EmulatorOptions = {}): Promise<HuaweiCloud> {
  const emu = await startEmulator({ vendors: ['huawei'], ...opts });
  const dir = mkdtempSync(path.join(tmpdir(), 'hw-emu-'));
  const cloud: HuaweiCloud = {
    emu,
    port: Number(new URL(emu.mqttUrl).port),
    dir,
    devices: [],
    async control<T>(method: string, p: string, body?: unknown, allowError = false) {
      const res = await fetch(`${emu.httpUrl}/control/huawei${p}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok && !allowError) throw new Error(`${method} ${p}: ${res.status} ${text}`);
      let parsed: unknown = text;
      try {
        parsed = text === '' ? {} : JSON.parse(text);
      } catch {
        /* keep the text */
      }
      return { status: res.status, body: parsed as T };
    },
    async register(id, secret = SECRET, extra = {}) {
      await cloud.control('PUT', `/devices/${encodeURIComponent(id)}`, { ...(secret === '' ? {} : { secret }), ...extra });
    },
    device(id, secret = SECRET, tune, options = {}) {
      const info = new ConnectAuthInfo();
      info.server_uri = '127.0.0.1';
      info.port = 1883;
      info.id = id;
      info.secret = secret;
      tune?.(info);
      const d = new IotDevice(new ClientConf(info, null, { broker_port: cloud.port, ...options }));
      cloud.devices.push(d);
      return d;
    },
    wire(kind, filter, since = 0) {
      return emu.trace.entries({ kind, topic: filter, since });
    },
    seq() {
      return emu.trace.entries().at(-1)?.seq ?? 0;
    },
    async reset() {
      for (const d of cloud.devices.splice(0)) await d.destroy();
    },
    async close() {
      await cloud.reset();
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cloud;
}

/** Polls until `cond` holds. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Sleeps. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Parses a traced JSON payload. */
export function json(e: TraceEntry | undefined): Record<string, unknown> {
  if (!e?.payload) throw new Error('no traced payload');
  return JSON.parse(e.payload) as Record<string, unknown>;
}

/** The one event of an `events/up` / `events/down` envelope. */
export function eventOf(e: TraceEntry | undefined): { service_id: string; event_type: string; event_id?: string; paras: Record<string, unknown> } {
  const env = json(e) as { services: Array<{ service_id: string; event_type: string; event_id?: string; paras: Record<string, unknown> }> };
  return env.services[0]!;
}

/** Uplink events of a device (`service_id/event_type` → paras), in wire order. */
export function eventsUp(cloud: HuaweiCloud, id: string, since = 0): Array<[string, Record<string, unknown>]> {
  return cloud.wire('publish', `$oc/devices/${id}/sys/events/up`, since).map((e) => {
    const ev = eventOf(e);
    return [`${ev.service_id}/${ev.event_type}`, ev.paras];
  });
}
