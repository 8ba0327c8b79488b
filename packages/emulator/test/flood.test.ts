import type { Emulator } from '../src/index.js';
import { device, startTestEmulator } from './helpers.js';

const N = 3000;

describe('QoS 1 floods', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ trace: { max: 50_000 }, downlink: { stallMs: 300 } });
  });
  afterAll(async () => {
    await emu.close();
  });

  test(`${N} QoS 1 downlinks fired at once reach a persistent-session device in order, without a crash`, async () => {
    const c = await device(emu.mqttUrl, 'test-a', 'pw-a', { clean: false });
    try {
      const got: number[] = [];
      const all = new Promise<void>((resolve) =>
        c.on('message', (t, p) => {
          if (t !== 'test/test-a/sys') return;
          got.push(Number(p.toString()));
          if (got.length === N) resolve();
        }),
      );
      await Promise.all(Array.from({ length: N }, (_, i) => emu.publish('test/test-a/sys', String(i), { qos: 1 })));
      await all;
      expect(got).toEqual(Array.from({ length: N }, (_, i) => i));
      expect(emu.trace.entries({ kind: 'deliver', clientId: 'test-a', topic: 'test/test-a/sys' }).length).toBe(N);
      expect(c.connected).toBe(true);
    } finally {
      await c.endAsync();
    }
  });

  test(`${N} QoS 1 uplinks fired at once are all echoed back`, async () => {
    const c = await device(emu.mqttUrl, 'test-b', 'pw-b');
    try {
      await c.subscribeAsync('test/test-b/down', { qos: 1 });
      const seen = new Set<string>();
      const all = new Promise<void>((resolve) =>
        c.on('message', (t, p) => {
          if (t !== 'test/test-b/down') return;
          seen.add(p.toString());
          if (seen.size === N) resolve();
        }),
      );
      await Promise.all(Array.from({ length: N }, (_, i) => c.publishAsync('test/test-b/up', `u${i}`, { qos: 1 })));
      await all;
      expect(seen.size).toBe(N);
      expect(emu.trace.entries({ kind: 'publish', clientId: 'test-b' }).length).toBe(N);
    } finally {
      await c.endAsync();
    }
  });

  test('a device that never acknowledges does not stall downlinks to others for long', async () => {
    const slow = await device(emu.mqttUrl, 'test-a', 'pw-a');
    const fast = await device(emu.mqttUrl, 'test-b', 'pw-b');
    try {
      // stop reading on the slow device's socket: it neither reads nor acks
      const stream = (slow as unknown as { stream: { pause(): void } }).stream;
      stream.pause();
      const burst = Array.from({ length: 200 }, (_, i) => emu.publish('test/test-a/sys', `s${i}`, { qos: 1 }));
      const got = new Promise<string>((resolve) => fast.on('message', (t, p) => t === 'test/test-b/sys' && resolve(p.toString())));
      await emu.publish('test/test-b/sys', 'hello', { qos: 1 });
      expect(await got).toBe('hello');
      await Promise.all(burst);
    } finally {
      slow.end(true);
      await fast.endAsync();
    }
  });
});
