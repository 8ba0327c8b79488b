import { createHmac } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { startEmulator, type Emulator } from '../../../src/index.js';

export const PK = 'a1ProductKey';
export const DN = 'device01';
export const DS = 'DeviceSecret0123456789';

/** hex HMAC as the spec defines it. */
export function hmac(alg: 'sha1' | 'sha256' | 'md5', key: string, content: string): string {
  return createHmac(alg, key).update(content).digest('hex');
}

/** Client id / username / password exactly as linkkit 1.2.13 builds them (spec 3.2 A). */
export function linkkitCredentials(pk: string, dn: string, ds: string, ts = String(Math.floor(Date.now() / 1000)), secure = false): { clientId: string; username: string; password: string } {
  return {
    clientId: `${pk}&${dn}|securemode=${secure ? 2 : 3},signmethod=hmacsha1,ext=1,_ss=1,lan=Python,_v=1.2.13,timestamp=${ts}|`,
    username: `${dn}&${pk}`,
    password: hmac('sha1', ds, `clientId${pk}&${dn}deviceName${dn}productKey${pk}timestamp${ts}`),
  };
}

/** Emulator with the aliyun vendor and one device. */
export async function startAliyun(): Promise<Emulator> {
  const emu = await startEmulator({ vendors: ['aliyun'], mqttPort: 0, httpPort: 0, host: '127.0.0.1', logger: {} });
  emu.registry.put({ vendor: 'aliyun', key: `${PK}/${DN}`, productKey: PK, deviceName: DN, deviceSecret: DS });
  return emu;
}

/** Connects with raw mqtt.js. */
export async function connect(url: string, creds: { clientId: string; username: string; password: string }): Promise<MqttClient> {
  return await mqtt.connectAsync(url, { ...creds, reconnectPeriod: 0, connectTimeout: 3000, protocolVersion: 4 }, false);
}

/** CONNACK code of a refused connect (0 when accepted). */
export async function connackOf(url: string, creds: { clientId: string; username: string; password: string }): Promise<number> {
  try {
    const c = await connect(url, creds);
    await c.endAsync();
    return 0;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw err;
  }
}

/** Next message on a topic. */
export function next(c: MqttClient, topic: string, timeoutMs = 3000): Promise<Buffer> {
  return nextMatching(c, topic, () => true, timeoutMs);
}

/** Next message on a topic whose payload (utf8) passes a test. */
export function nextMatching(c: MqttClient, topic: string, test: (payload: string) => boolean, timeoutMs = 3000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      c.off('message', on);
      reject(new Error(`no message on ${topic} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (t: string, p: Buffer): void => {
      if (t !== topic || !test(p.toString('utf8'))) return;
      clearTimeout(timer);
      c.off('message', on);
      resolve(p);
    };
    c.on('message', on);
  });
}

/** JSON over fetch. */
export async function http(base: string, method: string, path: string, body?: unknown, raw?: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (raw !== undefined) init.body = raw;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}
