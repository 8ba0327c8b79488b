import { createHmac, createHash, createDecipheriv } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../src/index.js';

/** Device of the spec's test vectors. */
export const PID = 'ABCDEFGHIJ';
/** Its name. */
export const DN = 'dev1';
/** Its secret (Base64 of `1234567890abcdef`). */
export const SECRET = 'MTIzNDU2Nzg5MGFiY2RlZg==';

/** MQTT credentials exactly as the Python SDK builds them (spec 3.2), computed here from the spec's formula. */
export function credentials(pid: string, dn: string, secret: string, o: { connid?: string; expiry?: string; alg?: 'sha1' | 'sha256' } = {}): { clientId: string; username: string; password: string } {
  const clientId = `${pid}${dn}`;
  const username = `${clientId};21010406;${o.connid ?? 'AbC12'};${o.expiry ?? String(Date.now())}`;
  const alg = o.alg ?? 'sha1';
  const sign = createHmac(alg, Buffer.from(secret, 'base64')).update(username).digest('hex');
  return { clientId, username, password: `${sign};hmac${alg}` };
}

/** Starts an emulator with the tencent plugin and the spec's device registered. */
export async function startTencent(extra: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ vendors: ['tencent'], ...extra });
  emu.registry.put({ vendor: 'tencent', key: `${PID}/${DN}`, productId: PID, deviceName: DN, deviceSecret: SECRET });
  return emu;
}

/** Connects like paho MQTTv31 (protocol level 3, clean session). */
export async function connectDevice(url: string, pid: string, dn: string, secret: string, extra: IClientOptions = {}): Promise<MqttClient> {
  const c = credentials(pid, dn, secret);
  return await mqtt.connectAsync(url, { clientId: c.clientId, username: c.username, password: c.password, protocolVersion: 3, protocolId: 'MQIsdp', clean: true, reconnectPeriod: 0, connectTimeout: 3000, ...extra }, false);
}

/** Returns the CONNACK code of a connection attempt (0 = accepted). */
export async function connackOf(url: string, opts: IClientOptions): Promise<number> {
  try {
    const c = await mqtt.connectAsync(url, { protocolVersion: 3, protocolId: 'MQIsdp', reconnectPeriod: 0, connectTimeout: 3000, ...opts }, false);
    await c.endAsync();
    return 0;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw err;
  }
}

/** Subscribes and resolves with the next message on `topic` after running `act`. */
export async function request(c: MqttClient, replyTopic: string, act: () => Promise<unknown> | unknown, timeoutMs = 3000): Promise<{ topic: string; text: string; json: unknown }> {
  const got = nextOn(c, replyTopic, timeoutMs);
  await act();
  return await got;
}

/** Resolves with the next message on a topic. */
export function nextOn(c: MqttClient, topic: string, timeoutMs = 3000): Promise<{ topic: string; text: string; json: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      c.off('message', on);
      reject(new Error(`no message on ${topic} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (t: string, p: Buffer): void => {
      if (t !== topic) return;
      clearTimeout(timer);
      c.off('message', on);
      const text = p.toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ topic: t, text, json });
    };
    c.on('message', on);
  });
}

/** Python `json.dumps` for the simple payloads of these tests (", " and ": " separators, ASCII only). */
export function pyDumps(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyDumps).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pyDumps(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

/** Signs a device HTTP request like the Python SDK (spec 3.16/3.17). */
export function signHttp(key: string, host: string, path: string, body: string, ts: number, nonce: number, alg = 'hmacsha256'): string {
  const text = ['POST', host, path, '', alg, String(ts), String(nonce), createHash('sha256').update(body).digest('hex')].join('\n');
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(text).digest('base64');
}

/** Decrypts a dynamic-registration Payload like the Python SDK. */
export function decryptPayload(productSecret: string, payload: string): string {
  const d = createDecipheriv('aes-128-cbc', Buffer.from(productSecret.slice(0, 16), 'utf8'), Buffer.from('0000000000000000'));
  d.setAutoPadding(false);
  return Buffer.concat([d.update(Buffer.from(payload, 'base64')), d.final()]).toString('utf8').trim().replace(/\0+$/g, '');
}

/** JSON request helper. */
export async function http(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; text: string }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' || Buffer.isBuffer(body) ? (body as string) : JSON.stringify(body);
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}
