import mqtt from 'mqtt';
import { startEmulator, startMosquitto, type Emulator, type MosquittoBroker, type VendorPlugin } from '../src/index.js';
import { nextMessage } from './helpers.js';

describe('attach mode (platform as a client of an external Mosquitto)', () => {
  let broker: MosquittoBroker;
  let emu: Emulator;
  beforeAll(async () => {
    broker = await startMosquitto();
    emu = await startEmulator({ vendors: ['test'], attach: { url: broker.url } });
  });
  afterAll(async () => {
    await emu?.close();
    await broker?.stop();
  });

  test('uplinks reach the plugin through the external broker and its downlinks come back', async () => {
    expect(emu.mode).toBe('attach');
    expect(emu.mqttUrl).toBe(broker.url);
    // Mosquitto authenticates (anonymously here): the test plugin's registry is not consulted
    const dev = await mqtt.connectAsync(broker.url, { clientId: 'test-x', reconnectPeriod: 0 });
    try {
      await dev.subscribeAsync('test/test-x/down', { qos: 1 });
      const echo = nextMessage(dev, 'test/test-x/down');
      await dev.publishAsync('test/test-x/up', 'via mosquitto', { qos: 1 });
      expect((await echo).payload.toString()).toBe('via mosquitto');
      const up = await emu.trace.waitFor((e) => e.kind === 'publish' && e.topic === 'test/test-x/up');
      expect(up).toMatchObject({ clientId: '', vendor: 'test', payload: 'via mosquitto' });
      // in attach mode the deliver entry is written when the external broker acknowledges the downlink, which can
      // be after the device already has it
      await emu.trace.waitFor((e) => e.kind === 'deliver' && e.topic === 'test/test-x/down');
      expect(emu.trace.entries({ kind: 'deliver', topic: 'test/test-x/down' })).toHaveLength(1);
      // only the plugin's uplink filters are subscribed
      const subs = emu.trace.entries({ kind: 'subscribe' }).map((e) => e.topic);
      expect(subs).toEqual(['test/+/up']);
    } finally {
      await dev.endAsync();
    }
  });

  test('control publish goes through the external broker; kicking is not possible', async () => {
    const dev = await mqtt.connectAsync(broker.url, { clientId: 'test-y', reconnectPeriod: 0 });
    try {
      await dev.subscribeAsync('test/test-y/sys', { qos: 1 });
      const msg = nextMessage(dev, 'test/test-y/sys');
      const res = await fetch(`${emu.httpUrl}/control/publish`, { method: 'POST', body: JSON.stringify({ topic: 'test/test-y/sys', payload: 'hi', qos: 1 }) });
      expect(res.status).toBe(200);
      expect((await msg).payload.toString()).toBe('hi');
      expect(emu.disconnectClient('test-y')).toBe(false);
      expect(emu.connectedClients()).toEqual([]);
    } finally {
      await dev.endAsync();
    }
  });

  test("a plugin without uplinkFilters sees every topic, but never the platform's own downlinks", async () => {
    const seen: string[] = [];
    const spyPlugin: VendorPlugin = {
      name: 'spy',
      claims: () => false,
      authenticate: () => ({ ok: false, returnCode: 5, reason: 'n/a' }),
      async onPublish(_c, topic, payload, ctx) {
        seen.push(`${topic}=${payload.toString()}`);
        if (topic === 'any/ping') await ctx.publish('any/pong', 'pong', { qos: 1 });
      },
    };
    const emu2 = await startEmulator({ vendors: [spyPlugin], attach: { url: broker.url } });
    const dev = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    try {
      await dev.subscribeAsync('any/pong', { qos: 1 });
      const pong = nextMessage(dev, 'any/pong');
      await dev.publishAsync('any/ping', 'ping', { qos: 1 });
      expect((await pong).payload.toString()).toBe('pong');
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toEqual(['any/ping=ping']);
    } finally {
      await dev.endAsync();
      await emu2.close();
    }
  });

  test('an unreachable broker makes startEmulator fail cleanly', async () => {
    await expect(startEmulator({ vendors: ['test'], attach: { url: 'mqtt://127.0.0.1:1', connectTimeout: 500 } })).rejects.toThrow();
  });
});
