import mqtt from 'mqtt';
import { startAedesBroker, startMosquitto, type AedesBroker, type MosquittoBroker } from '../src/index.js';

async function roundTrip(url: string): Promise<string> {
  const c = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  try {
    const got = new Promise<string>((r) => c.on('message', (_t, p) => r(p.toString())));
    await c.subscribeAsync('t/1');
    await c.publishAsync('t/1', 'ping', { qos: 1 });
    return await got;
  } finally {
    await c.endAsync();
  }
}

describe('test brokers', () => {
  test('aedes broker serves, stops and restarts on the same port', async () => {
    const b: AedesBroker = await startAedesBroker();
    try {
      expect(await roundTrip(b.url)).toBe('ping');
      await b.stop();
      await expect(mqtt.connectAsync(b.url, { reconnectPeriod: 0, connectTimeout: 500 })).rejects.toThrow();
      await b.restart();
      expect(await roundTrip(b.url)).toBe('ping');
    } finally {
      await b.stop();
    }
  });

  test('mosquitto starts on a free port and stops', async () => {
    const m: MosquittoBroker = await startMosquitto();
    try {
      expect(await roundTrip(m.url)).toBe('ping');
    } finally {
      await m.stop();
    }
    await expect(mqtt.connectAsync(m.url, { reconnectPeriod: 0, connectTimeout: 500 })).rejects.toThrow();
  });
});
