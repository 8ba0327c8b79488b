// A server-side subscription (what a cloud delivers without a SUBSCRIBE) must not hand a device its own uplinks
// back, although on a generic broker its filter matches them; explicit subscriptions keep plain MQTT behaviour.
import mqtt from 'mqtt';
import type { Emulator, VendorPlugin } from '../src/index.js';
import { startEmulator } from '../src/index.js';
import { nextMessage } from './helpers.js';

/** A cloud whose devices get `echo/<id>/#` server-side and may publish anywhere under it. */
const plugin: VendorPlugin = {
  name: 'echo',
  claims: (conn) => conn.clientId.startsWith('echo-'),
  authenticate: () => ({ ok: true }),
  autoSubscriptions: (client) => [`echo/${client.clientId}/#`],
};

describe('server-side subscriptions never echo a device its own uplinks', () => {
  let emu: Emulator;
  const clients: mqtt.MqttClient[] = [];
  beforeAll(async () => {
    emu = await startEmulator({ vendors: [plugin] });
  });
  afterAll(async () => {
    for (const c of clients) await c.endAsync();
    await emu.close();
  });
  async function dev(id: string): Promise<mqtt.MqttClient> {
    const c = await mqtt.connectAsync(emu.mqttUrl, { clientId: id, reconnectPeriod: 0 });
    clients.push(c);
    await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.auto === true && e.clientId === id);
    return c;
  }

  test('an uplink matching the publisher\'s server-side filter is not delivered back; downlinks and others still are', async () => {
    const a = await dev('echo-a');
    const received: string[] = [];
    a.on('message', (t, p) => received.push(`${t} ${p.toString()}`));
    const since = emu.trace.lastSeq;
    await a.publishAsync('echo/echo-a/up', 'mine', { qos: 1 });
    await a.publishAsync('echo/echo-a/up0', 'mine0', { qos: 0 });
    // a downlink on the same filter still arrives (published by the platform, not by the device)
    const down = nextMessage(a, 'echo/echo-a/down');
    await emu.publish('echo/echo-a/down', 'from the cloud', { qos: 1 });
    expect((await down).payload.toString()).toBe('from the cloud');
    // a second device publishing into a's tree reaches a (it is not a's own uplink)
    const b = await dev('echo-b');
    const fromB = nextMessage(a, 'echo/echo-a/peer');
    await b.publishAsync('echo/echo-a/peer', 'from b', { qos: 1 });
    expect((await fromB).payload.toString()).toBe('from b');
    expect(received).toEqual(['echo/echo-a/down from the cloud', 'echo/echo-a/peer from b']);
    const delivered = emu.trace.entries({ since, kind: 'deliver', clientId: 'echo-a' }).map((e) => e.topic);
    expect(delivered).toEqual(['echo/echo-a/down', 'echo/echo-a/peer']);
  });

  test('an explicit SUBSCRIBE to a topic the device publishes on still gets its own message (MQTT 3.1.1)', async () => {
    const c = await dev('echo-c');
    await c.subscribeAsync('echo/echo-c/loop', { qos: 1 });
    const back = nextMessage(c, 'echo/echo-c/loop');
    await c.publishAsync('echo/echo-c/loop', 'round trip', { qos: 1 });
    expect((await back).payload.toString()).toBe('round trip');
  });
});

describe('a platform downlink that reuses the uplink Buffer', () => {
  test('is delivered to the device that sent the uplink', async () => {
    const echoing: VendorPlugin = {
      ...plugin,
      name: 'echo2',
      // answers with the very Buffer it received, on a topic under the device's server-side filter
      async onPublish(client, topic, payload, ctx) {
        if (topic.endsWith('/ping')) await ctx.publish(`echo/${client.clientId}/pong`, payload, { qos: 1 });
      },
    };
    const emu = await startEmulator({ vendors: [echoing] });
    const c = await mqtt.connectAsync(emu.mqttUrl, { clientId: 'echo-d', reconnectPeriod: 0 });
    try {
      await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.auto === true && e.clientId === 'echo-d');
      const pong = nextMessage(c, 'echo/echo-d/pong');
      await c.publishAsync('echo/echo-d/ping', 'same bytes', { qos: 1 });
      expect((await pong).payload.toString()).toBe('same bytes');
    } finally {
      await c.endAsync();
      await emu.close();
    }
  });
});
