import type { MqttClient } from 'mqtt';
import { MqttSession } from '../../src/session/mqtt-session.js';
import { RecordingStrategy, observer, sleep, startBroker, uid, until, type BrokerKind, type TestBroker } from './harness.js';

describe.each<BrokerKind>(['aedes', 'mosquitto'])('MqttSession chaos on %s', (kind) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startBroker(kind);
  });
  afterAll(async () => {
    await broker.close();
  });

  it('gets every QoS 1 message to the broker while it crashes three times under steady publishing', async () => {
    const t = uid('chaos');
    const N = 600;
    const received = new Set<string>();
    const subId = uid('chsub');
    let sub: MqttClient | undefined;
    // the observer must be subscribed before the publisher is let back in after each restart
    let gateOpen = true;
    const s = new MqttSession({
      url: broker.url,
      credentials: async () => {
        while (!gateOpen) await sleep(5);
        return { clientId: uid('chpub') };
      },
      reconnect: { strategy: new RecordingStrategy([10, 20, 40]), stableAfterMs: 60_000 },
    });
    // What reached the broker: aedes reports every PUBLISH it accepted (it acknowledges before forwarding, so a
    // crash can eat a forwarded copy, which is the broker's loss, not the client's); Mosquitto forwards to a
    // subscriber before it acknowledges, so a subscriber sees everything.
    const attachObserver = async () => {
      if (broker.aedes) {
        broker.aedes.aedes.on('publish', (packet, client) => {
          if (client && packet.topic.startsWith(`${t}/`)) received.add(packet.payload.toString());
        });
        return;
      }
      sub = await observer(broker.url, { clientId: subId, clean: false });
      sub.on('message', (_topic, payload) => received.add(payload.toString()));
      await sub.subscribeAsync(`${t}/#`, { qos: 1 });
    };
    try {
      await attachObserver();
      await s.connect();
      const ops = [];
      for (let i = 0; i < N; i++) {
        ops.push(s.publish(`${t}/m`, `m${i}`, { qos: 1 }));
        if (i % 150 === 75) {
          gateOpen = false;
          await broker.crash();
          await sub?.endAsync(true);
          await sleep(20);
          await broker.restart();
          await attachObserver();
          gateOpen = true;
        }
        if (i % 10 === 0) await sleep(1);
      }
      const outcomes = await Promise.all(ops.map((op) => op.done));
      expect(outcomes).toHaveLength(N);
      await until(() => received.size === N, 15_000, `all ${N} (have ${received.size})`);
      expect(s.pendingCount).toBe(0);
    } finally {
      gateOpen = true;
      await s.destroy();
      await sub?.endAsync(true);
    }
  });
});
