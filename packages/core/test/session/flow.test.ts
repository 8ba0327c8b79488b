import { RedeliveryLimitError, SessionClosedError } from '../../src/session/errors.js';
import { MqttSession } from '../../src/session/mqtt-session.js';
import { RecordingStrategy, observer, sleep, startBroker, uid, until, type TestBroker } from './harness.js';

describe('MqttSession flow control and subscription bookkeeping (aedes)', () => {
  let broker: TestBroker;
  const sessions: MqttSession[] = [];
  beforeEach(async () => {
    broker = await startBroker('aedes');
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.destroy()));
    await broker.close();
  });

  it('keeps at most maxInflight QoS 1 publishes unacknowledged, in order', async () => {
    const held: Array<{ payload: string; release: () => void }> = [];
    broker.aedes!.aedes.authorizePublish = (_client, packet, cb) => {
      held.push({ payload: packet.payload.toString(), release: () => cb(null) });
    };
    const s = new MqttSession({ url: broker.url, credentials: { clientId: uid('win') }, maxInflight: 2 });
    sessions.push(s);
    await s.connect();
    const t = uid('win');
    const ops = Array.from({ length: 6 }, (_, i) => s.publish(`${t}/x`, `m${i}`, { qos: 1 }));
    await until(() => held.length === 2, 2000, 'two publishes at the broker');
    await sleep(100);
    expect(held.map((h) => h.payload)).toEqual(['m0', 'm1']);
    expect(s.pendingCount).toBe(6);
    held[0]!.release();
    await until(() => held.length === 3, 2000, 'third publish');
    await sleep(50);
    expect(held.length).toBe(3);
    let released = 1;
    while (released < 6) {
      await until(() => held.length > released, 2000, `publish ${released + 1}`);
      held[released++]!.release();
    }
    const outcomes = await Promise.all(ops.map((o) => o.done));
    expect(outcomes.map((o) => o.mid)).toEqual(ops.map((o) => o.mid));
    expect(held.map((h) => h.payload)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('applies subscribe/unsubscribe made while offline in order, and restoreSubscriptions: false restores nothing', async () => {
    const t = uid('sub');
    const s = new MqttSession({ url: broker.url, credentials: { clientId: uid('sub') } });
    sessions.push(s);
    const got: string[] = [];
    s.on('message', (topic) => got.push(topic));
    // unsubscribe then subscribe again while offline: must end subscribed
    s.subscribe(`${t}/a`, { qos: 1 });
    s.unsubscribe(`${t}/a`);
    const again = s.subscribe(`${t}/a`, { qos: 1 });
    // subscribe then unsubscribe while offline: must end unsubscribed
    s.subscribe(`${t}/b`, { qos: 1 });
    const gone = s.unsubscribe(`${t}/b`);
    await s.connect();
    expect(await again.done).toEqual([{ topic: `${t}/a`, qos: 1 }]);
    await gone.done;
    expect([...s.subscriptions.keys()]).toEqual([`${t}/a`]);
    const o = await observer(broker.url);
    await o.publishAsync(`${t}/b`, 'no', { qos: 1 });
    await o.publishAsync(`${t}/a`, 'yes', { qos: 1 });
    await until(() => got.length >= 1, 2000, 'message on a');
    await sleep(100);
    expect(got).toEqual([`${t}/a`]);
    await o.endAsync(true);

    const plain = new MqttSession({ url: broker.url, credentials: { clientId: uid('np') }, restoreSubscriptions: false, reconnect: { stableAfterMs: 60_000 } });
    sessions.push(plain);
    const seen: string[] = [];
    plain.subscribe(`${t}/c`, { qos: 1 }, (topic) => seen.push(topic));
    await plain.connect();
    await broker.crash();
    await broker.restart();
    await until(() => plain.connected, 10_000, 'reconnect');
    const o2 = await observer(broker.url);
    await o2.publishAsync(`${t}/c`, 'lost', { qos: 1 });
    await sleep(150);
    expect(seen).toEqual([]);
    expect(plain.subscriptions.has(`${t}/c`)).toBe(true);
    await o2.endAsync(true);
  });

  it('disconnect() waits briefly for acknowledgements, keeps what was not confirmed and sends it after connect()', async () => {
    let hold = true;
    const held: Array<() => void> = [];
    const seen: string[] = [];
    broker.aedes!.aedes.authorizePublish = (_client, packet, cb) => {
      seen.push(packet.payload.toString());
      if (hold) held.push(() => cb(null));
      else cb(null);
    };
    const t = uid('dc');
    const o = await observer(broker.url);
    await o.subscribeAsync(`${t}/will`, { qos: 1 });
    const s = new MqttSession({
      url: broker.url,
      credentials: { clientId: uid('dc') },
      connectTimeoutMs: 300,
      will: { topic: `${t}/will`, payload: 'gone', qos: 1 },
    });
    sessions.push(s);
    await s.connect();
    const op = s.publish(`${t}/x`, 'unacked', { qos: 1 });
    await until(() => seen.length === 1, 2000, 'publish at the broker');
    const t0 = Date.now();
    await s.disconnect();
    expect(Date.now() - t0).toBeLessThan(2000);
    await expect(op.done).rejects.toBeInstanceOf(SessionClosedError);
    expect(s.pendingCount).toBe(1);
    await sleep(200);
    expect(o.received).toEqual([]); // a graceful disconnect, even after the grace period: no will
    await o.endAsync(true);
    hold = false;
    await s.connect();
    await until(() => seen.length === 2, 2000, 'the message again');
    expect(seen).toEqual(['unacked', 'unacked']);
    await until(() => s.pendingCount === 0, 2000, 'acknowledged');
  });

  it('connect() right after a disconnect() that is still closing takes the unconfirmed messages over; destroy() is idempotent', async () => {
    let hold = true;
    const seen: string[] = [];
    broker.aedes!.aedes.authorizePublish = (_client, packet, cb) => {
      seen.push(packet.payload.toString());
      if (!hold) cb(null);
    };
    const s = new MqttSession({ url: broker.url, credentials: { clientId: uid('rc') }, connectTimeoutMs: 300 });
    sessions.push(s);
    await s.connect();
    const op = s.publish(`${uid('rc')}/x`, 'carry-over', { qos: 1 });
    await until(() => seen.length === 1, 2000, 'publish at the broker');
    hold = false;
    const closing = s.disconnect();
    const reconnected = s.connect();
    await closing;
    await reconnected;
    expect(await op.done).toMatchObject({ buffered: false });
    expect(seen).toEqual(['carry-over', 'carry-over']);
    const [a, b] = [s.destroy(), s.destroy()];
    expect(s.publish('x/y', 'late').mid).toBeGreaterThan(0);
    await Promise.all([a, b]);
    expect(s.state).toBe('destroyed');
  });

  it('resolves QoS 0 publishes in write order also when the socket pushes back (drain)', async () => {
    const s = new MqttSession({ url: broker.url, credentials: { clientId: uid('bp') } });
    sessions.push(s);
    await s.connect();
    const t = uid('bp');
    const big = Buffer.alloc(64 * 1024, 7);
    const order: number[] = [];
    const ops = Array.from({ length: 300 }, () => s.publish(`${t}/x`, big));
    expect(s.pendingCount).toBeGreaterThan(0); // the socket did not take everything synchronously
    ops.forEach((op) => void op.done.then((o) => order.push(o.mid)));
    await Promise.all(ops.map((op) => op.done));
    expect(order).toEqual(ops.map((op) => op.mid));
    expect(s.pendingCount).toBe(0);
  });

  it('confirms QoS 2 publishes on PUBCOMP and mixes them with QoS 0 and 1', async () => {
    const t = uid('q2');
    const o = await observer(broker.url);
    await o.subscribeAsync(`${t}/#`, { qos: 2 });
    const s = new MqttSession({ url: broker.url, credentials: { clientId: uid('q2') } });
    sessions.push(s);
    await s.connect();
    const ops = [0, 1, 2, 2, 1, 0, 2].map((qos, i) => s.publish(`${t}/m`, `p${i}`, { qos: qos as 0 | 1 | 2 }));
    const outcomes = await Promise.all(ops.map((op) => op.done));
    expect(outcomes.map((x) => x.mid)).toEqual(ops.map((op) => op.mid));
    await until(() => o.received.length === 7, 5000, 'all messages');
    expect(o.received.map((m) => m.payload).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(s.pendingCount).toBe(0);
    await o.endAsync(true);
  });

  it('gives up a message the broker answers by closing the connection after maxRedeliveries, and goes on', async () => {
    const t = uid('poison');
    let closes = 0;
    broker.aedes!.aedes.authorizePublish = (_client, packet, cb) => {
      if (packet.topic.endsWith('/forbidden')) {
        closes++;
        cb(new Error('not allowed')); // aedes closes the connection, as Aliyun and AWS do
      } else cb(null);
    };
    const o = await observer(broker.url);
    await o.subscribeAsync(`${t}/#`, { qos: 1 });
    const s = new MqttSession({
      url: broker.url,
      credentials: { clientId: uid('poison') },
      maxRedeliveries: 2,
      reconnect: { strategy: new RecordingStrategy([10]), stableAfterMs: 60_000 },
    });
    sessions.push(s);
    const errors: Error[] = [];
    s.on('error', (e) => errors.push(e));
    await s.connect();
    const bad = s.publish(`${t}/forbidden`, 'x', { qos: 1 });
    const good = s.publish(`${t}/fine`, 'after', { qos: 1 });
    const err = await bad.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedeliveryLimitError);
    expect(err).toMatchObject({ topic: `${t}/forbidden`, redeliveries: 2 });
    expect(closes).toBe(3); // first send + 2 redeliveries
    await good.done;
    await until(() => o.received.some((m) => m.payload === 'after'), 5000, 'the next message');
    expect(errors.some((e) => e instanceof RedeliveryLimitError || /given up/.test(e.message))).toBe(true);
    await o.endAsync(true);
  });

  it('reports refused subscriptions as qos 128 in the grants and as an error event', async () => {
    broker.aedes!.aedes.authorizeSubscribe = (_client, sub, cb) => {
      // a null subscription is aedes' way to refuse it in the SUBACK (0x80)
      if (sub.topic.endsWith('/secret')) cb(null, null);
      else cb(null, sub);
    };
    const t = uid('deny');
    const s = new MqttSession({ url: broker.url, credentials: { clientId: uid('deny') } });
    sessions.push(s);
    const errors: string[] = [];
    s.on('error', (e) => errors.push(e.message));
    await s.connect();
    const grants = await s.subscribe([`${t}/open`, `${t}/secret`], { qos: 1 }).done;
    expect(grants).toEqual([
      { topic: `${t}/open`, qos: 1 },
      { topic: `${t}/secret`, qos: 128 },
    ]);
    expect(errors.some((m) => m.includes(`${t}/secret`))).toBe(true);
  });
});
