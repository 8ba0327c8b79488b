import { createHmac } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../src/index.js';

/** Device of the spec's vectors. */
export const DEVICE = 'productId_nodeId';
/** Its secret. */
export const SECRET = '12345678';

/** UTC YYYYMMDDHH (spec 3.2). */
export function utcTs(ms = Date.now()): string {
  return new Date(ms).toISOString().slice(0, 13).replace(/[-T]/g, '');
}

/** hex HMAC-SHA256. */
export function hmac(key: string | Buffer, msg: string | Buffer): string {
  return createHmac('sha256', key).update(msg).digest('hex');
}

/** Credentials exactly as the Python SDK builds them in direct mode. */
export function credentials(id: string, secret: string, o: { check?: '0' | '1'; ts?: string } = {}): { clientId: string; username: string; password: string } {
  const ts = o.ts ?? utcTs();
  return { clientId: `${id}_0_${o.check ?? '1'}_${ts}`, username: id, password: hmac(ts, secret) };
}

/** Starts an emulator with the huawei plugin and the spec device registered. */
export async function startHuawei(extra: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ vendors: ['huawei'], ...extra });
  emu.registry.put({ vendor: 'huawei', key: DEVICE, secret: SECRET });
  return emu;
}

/** Connects like paho (MQTT 3.1.1, clean session). */
export async function connectDevice(url: string, id = DEVICE, secret = SECRET, extra: IClientOptions = {}): Promise<MqttClient> {
  return await mqtt.connectAsync(url, { ...credentials(id, secret), protocolVersion: 4, clean: true, reconnectPeriod: 0, connectTimeout: 3000, ...extra }, false);
}

/** CONNACK code of an attempt. */
export async function connackOf(url: string, opts: IClientOptions): Promise<number> {
  try {
    const c = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000, ...opts }, false);
    await c.endAsync();
    return 0;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw err;
  }
}

/** Next message on a topic matching `match`. */
export function nextOn(c: MqttClient, match: (topic: string) => boolean, timeoutMs = 3000): Promise<{ topic: string; text: string; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      c.off('message', on);
      reject(new Error(`no matching message within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (t: string, p: Buffer): void => {
      if (!match(t)) return;
      clearTimeout(timer);
      c.off('message', on);
      const text = p.toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        /* not JSON */
      }
      resolve({ topic: t, text, json });
    };
    c.on('message', on);
  });
}

/** Python json.dumps of simple values. */
export function pyDumps(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyDumps).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pyDumps(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

/** An uplink event envelope as the SDK builds it. */
export function event(id: string, serviceId: string, eventType: string, paras: Record<string, unknown>, eventId = ''): string {
  return pyDumps({ object_device_id: id, services: [{ service_id: serviceId, event_type: eventType, event_time: '2024-01-02T11:04:05Z', event_id: eventId, paras }] });
}

/** HTTP JSON call. */
export async function http(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> & unknown[] }> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = {};
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    json = { text };
  }
  return { status: res.status, json: json as Record<string, unknown> & unknown[] };
}
