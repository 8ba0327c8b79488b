import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { startEmulator, type Emulator, type EmulatorOptions } from '../src/index.js';

/** Starts an emulator with the `test` vendor and devices test-a / test-b (password `pw-a` / `pw-b`). */
export async function startTestEmulator(extra: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ vendors: ['test'], ...extra });
  if (!emu.registry.get('test', 'test-a')) emu.registry.put({ vendor: 'test', key: 'test-a', password: 'pw-a' });
  if (!emu.registry.get('test', 'test-b')) emu.registry.put({ vendor: 'test', key: 'test-b', password: 'pw-b' });
  return emu;
}

/** Connects a device with mqtt.js (no reconnect). */
export async function device(url: string, clientId: string, password: string | undefined, extra: IClientOptions = {}): Promise<MqttClient> {
  return await mqtt.connectAsync(url, { clientId, username: clientId, password, reconnectPeriod: 0, connectTimeout: 3000, ...extra }, false);
}

/** Resolves with the next message of a client (optionally on one topic). */
export function nextMessage(c: MqttClient, topic?: string, timeoutMs = 3000): Promise<{ topic: string; payload: Buffer }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      c.off('message', on);
      reject(new Error(`no message${topic ? ` on ${topic}` : ''} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (t: string, p: Buffer): void => {
      if (topic !== undefined && t !== topic) return;
      clearTimeout(timer);
      c.off('message', on);
      resolve({ topic: t, payload: p });
    };
    c.on('message', on);
  });
}

/** Tries to connect and returns the CONNACK return code of a refusal (or 0). */
export async function connackCode(url: string, clientId: string, password: string | undefined, username?: string, extra: IClientOptions = {}): Promise<number> {
  try {
    const c = await device(url, clientId, password, username === undefined ? extra : { ...extra, username });
    await c.endAsync();
    return 0;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw err;
  }
}

/** JSON request helper over fetch. */
export async function http(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
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
  return { status: res.status, json, text, headers: res.headers };
}
