import type { Emulator, VendorPlugin } from '../src/index.js';
import { startEmulator, testPlugin } from '../src/index.js';
import { device, nextMessage, startTestEmulator } from './helpers.js';

describe('topic authorization, echo and server-side subscriptions (test plugin)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  test('an uplink on test/<id>/up is echoed to test/<id>/down and traced in order', async () => {
    const c = await device(emu.mqttUrl, 'test-a', 'pw-a');
    try {
      await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.auto === true && e.clientId === 'test-a');
      const since = emu.trace.lastSeq;
      await c.subscribeAsync('test/test-a/down', { qos: 1 });
      const got = nextMessage(c, 'test/test-a/down');
      await c.publishAsync('test/test-a/up', '{"n":1}', { qos: 1 });
      expect((await got).payload.toString()).toBe('{"n":1}');
      const kinds = emu.trace.entries({ since, clientId: 'test-a' }).map((e) => `${e.kind} ${e.topic}`);
      expect(kinds).toEqual(['subscribe test/test-a/down', 'publish test/test-a/up', 'deliver test/test-a/down']);
      const up = emu.trace.entries({ since, kind: 'publish' })[0]!;
      expect(up).toMatchObject({ clientId: 'test-a', vendor: 'test', qos: 1, payload: '{"n":1}' });
    } finally {
      await c.endAsync();
    }
  });

  test('a denied publish is dropped and traced, the device stays connected', async () => {
    const c = await device(emu.mqttUrl, 'test-a', 'pw-a');
    const spy = await device(emu.mqttUrl, 'test-b', 'pw-b');
    try {
      await spy.subscribeAsync('test/test-b/up', { qos: 1 });
      const leaked: string[] = [];
      spy.on('message', (_t, p) => leaked.push(p.toString()));
      const since = emu.trace.lastSeq;
      await c.publishAsync('test/test-b/up', 'sneaky', { qos: 1 });
      const denied = await emu.trace.waitFor((e) => e.kind === 'denied', 2000, { since });
      expect(denied).toMatchObject({ clientId: 'test-a', topic: 'test/test-b/up', payload: 'sneaky', reason: 'publish not authorized' });
      await c.publishAsync('test/test-a/up', 'fine', { qos: 1 });
      await emu.trace.waitFor((e) => e.kind === 'publish' && e.payload === 'fine', 2000, { since });
      expect(c.connected).toBe(true);
      expect(leaked).toEqual([]);
      expect(emu.trace.entries({ since, kind: 'publish' }).map((e) => e.topic)).toEqual(['test/test-a/up']);
      expect(emu.trace.entries({ since, topic: 'test/test-b/#', kind: ['publish', 'deliver'] })).toEqual([]);
    } finally {
      await c.endAsync();
      await spy.endAsync();
    }
  });

  test('a denied subscription gets SUBACK 0x80', async () => {
    const c = await device(emu.mqttUrl, 'test-a', 'pw-a');
    try {
      const granted = await new Promise<number[]>((resolve, reject) =>
        c.subscribe(['test/test-b/down', 'test/test-a/down'], { qos: 1 }, (err, g) => {
          const packet = (err as { packet?: { granted?: number[] } } | null)?.packet;
          if (packet?.granted) resolve(packet.granted);
          else if (err) reject(err);
          else resolve((g ?? []).map((x) => x.qos));
        }),
      );
      expect(granted).toEqual([128, 1]);
      const sub = emu.trace.entries({ clientId: 'test-a', kind: 'subscribe', topic: 'test/test-b/down' }).at(-1)!;
      expect(sub.returnCode).toBe(128);
      expect(emu.trace.entries({ clientId: 'test-a', kind: 'denied', topic: 'test/test-b/down' })).toHaveLength(1);
    } finally {
      await c.endAsync();
    }
  });

  test('server-side subscriptions deliver without a SUBSCRIBE', async () => {
    const c = await device(emu.mqttUrl, 'test-b', 'pw-b');
    try {
      // no wait: a downlink right after CONNACK must already reach the server-side subscription
      const got = nextMessage(c, 'test/test-b/sys');
      await emu.publish('test/test-b/sys', { cmd: 'reboot' }, { qos: 1 });
      const auto = emu.trace.entries({ kind: 'subscribe', clientId: 'test-b' }).filter((e) => e.auto);
      expect(auto.at(-1)?.topic).toBe('test/test-b/sys');
      expect(JSON.parse((await got).payload.toString())).toEqual({ cmd: 'reboot' });
    } finally {
      await c.endAsync();
    }
  });

  test('waitForUplink resolves with a matching device publish', async () => {
    const c = await device(emu.mqttUrl, 'test-a', 'pw-a');
    try {
      const waiting = emu.waitForUplink('test/+/up', (_t, p) => p.toString() === 'two', 2000);
      await c.publishAsync('test/test-a/up', 'one', { qos: 1 });
      await c.publishAsync('test/test-a/up', 'two', { qos: 1 });
      const u = await waiting;
      expect(u).toMatchObject({ topic: 'test/test-a/up', clientId: 'test-a' });
      expect(u.payload.toString()).toBe('two');
      await expect(emu.waitForUplink('test/+/nothing', undefined, 50)).rejects.toThrow(/no uplink on test\/\+\/nothing within 50 ms/);
    } finally {
      await c.endAsync();
    }
  });
});

describe('plugin errors never crash the emulator', () => {
  test('throwing hooks are traced as errors; the device keeps working', async () => {
    const base = testPlugin();
    const evil: VendorPlugin = {
      ...base,
      name: 'evil',
      claims: (conn) => conn.clientId.startsWith('evil-'),
      authenticate: (conn) => (conn.clientId === 'evil-crash' ? Promise.reject(new Error('auth boom')) : { ok: true }),
      authorizeSubscribe: () => true,
      authorizePublish: (_c, topic) => {
        if (topic === 'boom/auth') throw new Error('authorize boom');
        return true;
      },
      autoSubscriptions: () => {
        throw new Error('auto boom');
      },
      onConnected: () => {
        throw new Error('connected boom');
      },
      onPublish: async (_c, topic, payload, ctx) => {
        if (topic === 'boom/sync') throw new Error('sync boom');
        if (topic === 'boom/async') await Promise.reject(new Error('async boom'));
        JSON.parse(payload.toString());
        await ctx.publish('evil/ok', payload);
      },
    };
    const emu = await startEmulator({ vendors: [evil] });
    try {
      const crashed = await import('./helpers.js').then((h) => h.connackCode(emu.mqttUrl, 'evil-crash', 'x'));
      expect(crashed).toBe(3);
      const c = await device(emu.mqttUrl, 'evil-1', 'x');
      await c.subscribeAsync('evil/ok');
      await c.publishAsync('boom/sync', 'x', { qos: 1 });
      await c.publishAsync('boom/async', 'x', { qos: 1 });
      await c.publishAsync('boom/auth', 'x', { qos: 1 });
      // random bytes and broken JSON in a bounded loop
      for (let i = 0; i < 200; i++) {
        // a leading NUL keeps every payload invalid JSON, random bytes after it
        const junk = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: i % 37 }, () => Math.floor(Math.random() * 256)))]);
        c.publish(`evil/junk/${i % 5}`, junk, { qos: (i % 2) as 0 | 1 });
      }
      const ok = nextMessage(c, 'evil/ok');
      await c.publishAsync('evil/fine', '{"fine":true}', { qos: 1 });
      expect((await ok).payload.toString()).toBe('{"fine":true}');
      const reasons = emu.trace.entries({ kind: 'error' }).map((e) => e.reason ?? '');
      for (const r of ['auth boom', 'auto boom', 'connected boom', 'sync boom', 'async boom', 'authorize boom']) {
        expect(reasons.some((x) => x.includes(r))).toBe(true);
      }
      expect(reasons.filter((x) => x.includes('onPublish') && x.includes('JSON')).length).toBeGreaterThan(100);
      expect(c.connected).toBe(true);
      await c.endAsync();
    } finally {
      await emu.close();
    }
  });
});
