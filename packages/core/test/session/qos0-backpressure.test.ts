// A burst of QoS 0 publishes larger than the socket buffer: every record is confirmed once, in order, everything
// arrives in order, and the session does not pile up one 'drain' listener per packet (mqtt.js would).
import { MqttSession } from '../../src/index.js';
import { observer, startBroker, uid, until, type BrokerKind, type TestBroker } from './harness.js';

describe.each<BrokerKind>(['mosquitto', 'aedes'])('QoS 0 burst past the socket buffer (%s)', (kind) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startBroker(kind);
  });
  afterAll(async () => {
    await broker.close();
  });

  test('5000 publishes in one synchronous loop: confirmed in order, delivered in order, few drain listeners', async () => {
    const topic = uid('burst');
    const obs = await observer(broker.url);
    await obs.subscribeAsync(`${topic}/#`, { qos: 0 });
    const s = new MqttSession({ url: broker.url, credentials: { clientId: uid('burst-c') } });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.name);
    };
    process.on('warning', onWarning);
    try {
      await s.connect();
      const stream = (s as unknown as { client: { stream: NodeJS.EventEmitter & { writableNeedDrain: boolean } } }).client.stream;
      const N = 5000;
      const payload = Buffer.alloc(1024, 'x');
      const confirmed: number[] = [];
      const all: Array<Promise<unknown>> = [];
      let maxListeners = 0;
      let backedUp = false;
      for (let i = 0; i < N; i++) {
        const op = s.publish(`${topic}/m`, Buffer.concat([Buffer.from(`${i}:`), payload]), { qos: 0 });
        all.push(op.done.then(() => confirmed.push(i)));
        backedUp ||= stream.writableNeedDrain;
        maxListeners = Math.max(maxListeners, stream.listenerCount('drain'));
      }
      expect(backedUp).toBe(true); // the burst really exceeded the socket buffer
      await Promise.all(all);
      expect(confirmed).toEqual(Array.from({ length: N }, (_, i) => i));
      expect(maxListeners).toBeLessThanOrEqual(4);
      await until(() => obs.received.length === N, 15000, 'all messages at the observer');
      expect(obs.received.map((m) => Number(m.payload.slice(0, m.payload.indexOf(':'))))).toEqual(Array.from({ length: N }, (_, i) => i));
      expect(s.pendingCount).toBe(0);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await s.destroy();
      await obs.endAsync();
    }
  });
});
