import { createServer, type Socket } from 'node:net';
import type { MqttClient } from 'mqtt';
import { MqttSession, type MqttSessionOptions } from '../../src/session/mqtt-session.js';
import { MqttConnectError, OfflineError, SessionClosedError } from '../../src/session/errors.js';
import type { BufferedMessage } from '../../src/session/offline-buffer.js';
import { RecordingStrategy, gate, observer, sleep, startBroker, uid, until, type BrokerKind, type TestBroker } from './harness.js';

const sessions: MqttSession[] = [];
const clients: MqttClient[] = [];

function session(opts: Partial<MqttSessionOptions> & Pick<MqttSessionOptions, 'url'>): MqttSession {
  const s = new MqttSession({
    credentials: { clientId: uid('s') },
    reconnect: { strategy: new RecordingStrategy([20]), stableAfterMs: 60_000 },
    connectTimeoutMs: 2000,
    ...opts,
  });
  sessions.push(s);
  return s;
}

async function obs(url: string, opts: Parameters<typeof observer>[1] = {}) {
  const c = await observer(url, opts);
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.destroy()));
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
});

describe.each<BrokerKind>(['aedes', 'mosquitto'])('MqttSession on %s', (kind) => {
  let broker: TestBroker;

  beforeEach(async () => {
    broker = await startBroker(kind);
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.destroy()));
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    await broker.close();
  });

  it('publishes and receives with per-filter handlers, the message event and synchronous mids', async () => {
    const t = uid('pub');
    const o = await obs(broker.url);
    await o.subscribeAsync(`${t}/#`, { qos: 1 });
    const s = session({ url: broker.url });
    const states: string[] = [];
    s.on('state', (st) => states.push(st));
    expect(await s.connect()).toEqual({ sessionPresent: false });
    const viaHandler: string[] = [];
    const viaWildcard: string[] = [];
    const viaEvent: string[] = [];
    const sub = s.subscribe(`${t}/in/+`, { qos: 1 }, (topic, payload) => viaHandler.push(`${topic}=${payload.toString()}`));
    s.addHandler(`${t}/#`, (topic) => viaWildcard.push(topic));
    s.on('message', (topic) => viaEvent.push(topic));
    expect(await sub.done).toEqual([{ topic: `${t}/in/+`, qos: 1 }]);
    const p0 = s.publish(`${t}/out/0`, 'zero');
    const p1 = s.publish(`${t}/out/1`, Buffer.from('one'), { qos: 1 });
    expect([sub.mid, p0.mid, p1.mid]).toEqual([1, 2, 3]);
    expect(await p0.done).toEqual({ mid: 2, buffered: false });
    expect(await p1.done).toEqual({ mid: 3, buffered: false });
    await until(() => o.received.length === 2, 5000, 'observer');
    expect(o.received).toEqual([
      { topic: `${t}/out/0`, payload: 'zero', qos: 0 },
      { topic: `${t}/out/1`, payload: 'one', qos: 1 },
    ]);
    await o.publishAsync(`${t}/in/a`, 'hello', { qos: 1 });
    await o.publishAsync(`${t}/other`, 'x', { qos: 1 });
    await until(() => viaEvent.length === 0 || viaWildcard.length >= 1, 2000);
    await sleep(100);
    expect(viaHandler).toEqual([`${t}/in/a=hello`]);
    expect(viaWildcard).toEqual([`${t}/in/a`]);
    expect(viaEvent).toEqual([`${t}/in/a`]);
    const un = s.unsubscribe(`${t}/in/+`);
    expect(un.mid).toBe(4);
    await un.done;
    expect(s.subscriptions.size).toBe(0);
    expect(states).toEqual(['connecting', 'connected']);
  });

  it('reconnects after a broker crash on the backoff schedule, asking for credentials before every attempt, and restores subscriptions', async () => {
    const t = uid('rc');
    const strategy = new RecordingStrategy([40, 80, 160, 160]);
    const attempts: number[] = [];
    const usernames: string[] = [];
    const clientId = uid('rc');
    const s = session({
      url: broker.url,
      credentials: () => {
        attempts.push(Date.now());
        const username = `user-${attempts.length}`;
        usernames.push(username);
        return { clientId, username, password: `sig-${attempts.length}` };
      },
      reconnect: { strategy, stableAfterMs: 60_000 },
    });
    const got: string[] = [];
    s.subscribe(`${t}/cmd`, { qos: 1 }, (_t, p) => got.push(p.toString()));
    const reconnecting: Array<{ attempt: number; delayMs: number; cause: string }> = [];
    s.on('reconnecting', (r) => reconnecting.push(r));
    const connects: Array<{ reconnect: boolean; attempt: number }> = [];
    s.on('connect', (c) => connects.push({ reconnect: c.reconnect, attempt: c.attempt }));
    await s.connect();
    expect(strategy.connects).toBe(1);

    await broker.crash();
    await until(() => reconnecting.length >= 4, 5000, 'four scheduled reconnects');
    await broker.restart();
    await until(() => s.connected, 5000, 'reconnect');

    // the delays the session asked for, in order, and what it was told
    expect(strategy.asked.slice(0, 4)).toEqual([
      { attempt: 1, cause: 'lost' },
      { attempt: 2, cause: 'network' },
      { attempt: 3, cause: 'network' },
      { attempt: 4, cause: 'network' },
    ]);
    expect(reconnecting.slice(0, 4).map((r) => r.delayMs)).toEqual([40, 80, 160, 160]);
    // credentials were fetched once per attempt, and no attempt came earlier than scheduled
    expect(attempts.length).toBe(1 + strategy.given.length);
    for (let i = 1; i < attempts.length - 1; i++) {
      const gap = attempts[i + 1]! - attempts[i]!;
      expect(gap).toBeGreaterThanOrEqual(strategy.given[i]! - 2);
    }
    expect(new Set(usernames).size).toBe(attempts.length);
    expect(connects[0]).toEqual({ reconnect: false, attempt: 1 });
    expect(connects[1]!.reconnect).toBe(true);
    expect(connects[1]!.attempt).toBe(strategy.given.length);
    expect(strategy.connects).toBe(2);

    // the subscription is back on the new broker
    const o = await obs(broker.url);
    await until(() => got.length > 0 || true, 10);
    for (let i = 0; i < 50 && got.length === 0; i++) {
      await o.publishAsync(`${t}/cmd`, 'after-restart', { qos: 1 });
      await sleep(20);
    }
    expect(got[0]).toBe('after-restart');
  });

  it('buffers publishes while offline and replays them in order before newer publishes; QoS 0 can be excluded', async () => {
    const t = uid('buf');
    const g = gate();
    let calls = 0;
    const clientId = uid('buf');
    const s = session({
      url: broker.url,
      credentials: async () => {
        calls++;
        if (calls > 1) await g.promise;
        return { clientId };
      },
    });
    await s.connect();
    await broker.crash();
    await until(() => !s.connected, 5000, 'disconnect');
    const ops = [];
    for (let i = 0; i < 10; i++) ops.push(s.publish(`${t}/m`, `b${i}`, { qos: i % 2 === 0 ? 1 : 0 }));
    expect(s.bufferedCount).toBe(10);
    const rejected = s.publish(`${t}/m`, 'rejected', { whenOffline: 'reject' });
    await expect(rejected.done).rejects.toBeInstanceOf(OfflineError);
    const replays: number[] = [];
    s.on('bufferReplay', (n) => replays.push(n));
    s.once('connect', () => {
      s.publish(`${t}/m`, 'after', { qos: 1 });
    });
    await broker.restart();
    const o = await obs(broker.url);
    await o.subscribeAsync(`${t}/#`, { qos: 1 });
    g.open();
    const outcomes = await Promise.all(ops.map((op) => op.done));
    expect(outcomes.every((x) => x.buffered)).toBe(true);
    expect(outcomes.map((x) => x.mid)).toEqual(ops.map((op) => op.mid));
    await until(() => o.received.length === 11, 5000, 'replay');
    const expected = [...Array.from({ length: 10 }, (_, i) => `b${i}`), 'after'];
    // per QoS level the order is guaranteed end to end; Mosquitto also keeps the total order of what we wrote
    // (aedes may let QoS 0 overtake QoS 1, which MQTT allows)
    const byQos = (q: number) => o.received.filter((m) => m.qos === q).map((m) => m.payload);
    expect(byQos(1)).toEqual(expected.filter((_, i) => i % 2 === 0 || i === 10));
    expect(byQos(0)).toEqual(expected.filter((_, i) => i % 2 === 1 && i !== 10));
    if (kind === 'mosquitto') expect(o.received.map((m) => m.payload)).toEqual(expected);
    expect(replays).toEqual([10]);
    expect(s.bufferedCount).toBe(0);

    const s2 = session({ url: broker.url, offlineBuffer: { qos0: false } });
    const q0 = s2.publish(`${t}/m`, 'q0-offline');
    const q1 = s2.publish(`${t}/m`, 'q1-offline', { qos: 1 });
    await expect(q0.done).rejects.toBeInstanceOf(OfflineError);
    expect(s2.bufferedCount).toBe(1);
    await s2.connect();
    await q1.done;
    const none = session({ url: broker.url, offlineBuffer: false });
    await expect(none.publish(`${t}/m`, 'x', { qos: 1 }).done).rejects.toBeInstanceOf(OfflineError);
  });

  it('drops the oldest buffered messages with one bufferDrop event each (maxMessages and maxBytes)', async () => {
    const t = uid('drop');
    const s = session({ url: broker.url, offlineBuffer: { maxMessages: 3, maxBytes: 1000 } });
    const drops: Array<[string, string]> = [];
    s.on('bufferDrop', (m: BufferedMessage, reason) => drops.push([m.payload.toString(), reason]));
    const ops = Array.from({ length: 5 }, (_, i) => s.publish(`${t}/a`, `m${i}`, { qos: 1 }));
    expect(drops).toEqual([
      ['m0', 'maxMessages'],
      ['m1', 'maxMessages'],
    ]);
    await expect(ops[0]!.done).rejects.toBeInstanceOf(OfflineError);
    expect(s.bufferedCount).toBe(3);

    const bytes = session({ url: broker.url, offlineBuffer: { maxMessages: 100, maxBytes: 3 * (t.length + 4) } });
    const byteDrops: string[] = [];
    bytes.on('bufferDrop', (m, reason) => byteDrops.push(`${m.payload.toString()}:${reason}`));
    for (let i = 0; i < 4; i++) bytes.publish(t + '/b', `p${i}`);
    expect(byteDrops).toEqual(['p0:maxBytes']);
    const tooBig = bytes.publish(t + '/b', Buffer.alloc(10_000));
    await expect(tooBig.done).rejects.toThrow(/exceeds the offline buffer limit/);

    const o = await obs(broker.url);
    await o.subscribeAsync(`${t}/#`, { qos: 1 });
    await s.connect();
    await bytes.connect();
    await Promise.all(ops.slice(2).map((op) => op.done));
    await until(() => o.received.length === 6, 5000, 'replayed survivors');
    expect(o.received.filter((m) => m.topic === `${t}/a`).map((m) => m.payload)).toEqual(['m2', 'm3', 'm4']);
    expect(o.received.filter((m) => m.topic === `${t}/b`).map((m) => m.payload)).toEqual(['p1', 'p2', 'p3']);
  });

  it('loses no QoS 1 message across a broker crash and restart', async () => {
    const t = uid('q1');
    const N = 300;
    const subId = uid('sub');
    const subOpts = kind === 'mosquitto' ? { clean: false, clientId: subId } : { clientId: subId };
    let sub = await obs(broker.url, subOpts);
    await sub.subscribeAsync(`${t}/#`, { qos: 1 });
    const received = new Set<string>();
    const track = (c: MqttClient) => c.on('message', (_topic, payload) => received.add(payload.toString()));
    track(sub);
    const g = gate();
    let calls = 0;
    const clientId = uid('pub');
    const s = session({
      url: broker.url,
      credentials: async () => {
        calls++;
        if (calls > 1) await g.promise;
        return { clientId };
      },
    });
    await s.connect();
    const ops = [];
    for (let i = 0; i < N / 2; i++) ops.push(s.publish(`${t}/n`, `m${i}`, { qos: 1 }));
    // crash while most of the first half is still in flight
    await broker.crash();
    for (let i = N / 2; i < N; i++) ops.push(s.publish(`${t}/n`, `m${i}`, { qos: 1 }));
    await broker.restart();
    sub = await obs(broker.url, subOpts);
    track(sub);
    await sub.subscribeAsync(`${t}/#`, { qos: 1 });
    g.open();
    const outcomes = await Promise.all(ops.map((op) => op.done));
    expect(outcomes).toHaveLength(N);
    await until(() => received.size === N, 10_000, `all ${N} messages (have ${received.size})`);
    expect([...received].sort()).toEqual(Array.from({ length: N }, (_, i) => `m${i}`).sort());
  });

  it('keeps the session alive when a handler or listener throws', async () => {
    const t = uid('thr');
    const s = session({ url: broker.url });
    const errors: Error[] = [];
    s.on('error', (e) => errors.push(e));
    const good: string[] = [];
    s.subscribe(`${t}/x`, { qos: 0 }, () => {
      throw new Error('handler bug');
    });
    s.addHandler(`${t}/#`, (_topic, p) => good.push(p.toString()));
    s.on('message', () => {
      throw new Error('listener bug');
    });
    await s.connect();
    const o = await obs(broker.url);
    await o.publishAsync(`${t}/x`, '1', { qos: 1 });
    await o.publishAsync(`${t}/x`, '2', { qos: 1 });
    await until(() => good.length === 2, 5000, 'messages');
    expect(s.connected).toBe(true);
    expect(errors.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringContaining('handler bug'), expect.stringContaining('listener bug')]));
    await s.publish(`${t}/y`, 'still works', { qos: 1 }).done;
  });

  it('connects with MQTT 3.1 (MQIsdp)', async () => {
    const seen: Array<{ id: string; version: number }> = [];
    if (broker.aedes) {
      broker.aedes.aedes.on('client', (c) => seen.push({ id: c.id, version: c.version }));
    }
    const clientId = uid('v3').slice(0, 23);
    const s = session({ url: broker.url, protocolVersion: 3, credentials: { clientId } });
    await s.connect();
    const t = uid('v3t');
    const got: string[] = [];
    s.subscribe(t, { qos: 1 }, (_t, p) => got.push(p.toString()));
    await s.publish(t, 'v3', { qos: 1 }).done;
    await until(() => got.length === 1, 5000, 'loopback');
    if (broker.aedes) expect(seen).toContainEqual({ id: clientId, version: 3 });
  });

  it('leaves no timer, socket or listener behind after destroy() and disconnect()', async () => {
    await sleep(50);
    const baseline = process.getActiveResourcesInfo().sort();
    const s = session({ url: broker.url, reconnect: { strategy: new RecordingStrategy([30_000]), stableAfterMs: 60_000 } });
    await s.connect();
    s.subscribe('x/#', { qos: 1 }, () => undefined);
    await s.publish('x/y', 'z', { qos: 1 }).done;
    await s.disconnect();
    expect(s.state).toBe('disconnected');
    await s.connect();
    // leave it in the middle of a long backoff wait
    await broker.crash();
    await until(() => s.state === 'reconnecting', 5000, 'reconnecting');
    await s.destroy();
    expect(s.state).toBe('destroyed');
    expect(s.listenerCount('state')).toBe(0);
    await broker.restart();
    const t0 = Date.now();
    let now = process.getActiveResourcesInfo().sort();
    while (JSON.stringify(now) !== JSON.stringify(baseline) && Date.now() - t0 < 2000) {
      await new Promise((r) => setImmediate(r));
      await sleep(20);
      now = process.getActiveResourcesInfo().sort();
    }
    expect(now).toEqual(baseline);
  });
});

describe('MqttSession auth refusals (aedes authenticate hook)', () => {
  let broker: TestBroker;
  beforeEach(async () => {
    broker = await startBroker('aedes');
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.destroy()));
    await broker.close();
  });

  function refuseWith(code: 4 | 5, allowUser?: string): void {
    broker.aedes!.aedes.authenticate = (_client, username, _password, done) => {
      if (allowUser !== undefined && username === allowUser) return done(null, true);
      done(Object.assign(new Error('refused'), { returnCode: code }), false);
    };
  }

  it('stops retrying on CONNACK 4 with authFailed and a clear error', async () => {
    refuseWith(4);
    let calls = 0;
    const s = session({ url: broker.url, credentials: () => ({ clientId: uid('a'), username: 'u', password: `secret-${++calls}` }) });
    const failed: MqttConnectError[] = [];
    s.on('authFailed', (e) => failed.push(e));
    const err = await s.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MqttConnectError);
    expect(err).toMatchObject({ returnCode: 4, auth: true });
    expect((err as Error).message).toMatch(/bad username or password/);
    expect(failed).toHaveLength(1);
    await sleep(150);
    expect(calls).toBe(1);
    expect(s.state).toBe('disconnected');
  });

  it('stops when the broker comes back refusing (CONNACK 5 after a restart)', async () => {
    const s = session({ url: broker.url, reconnect: { strategy: new RecordingStrategy([20]), stableAfterMs: 60_000 } });
    await s.connect();
    const failed: number[] = [];
    s.on('authFailed', (e) => failed.push(e.returnCode));
    await broker.crash();
    await broker.restart();
    refuseWith(5);
    await until(() => failed.length === 1 && s.state === 'disconnected', 5000, 'auth stop');
    expect(failed).toEqual([5]);
  });

  it('keeps retrying with stopOnAuthFailure: false until the credentials are accepted', async () => {
    let calls = 0;
    refuseWith(4, 'user-4');
    const s = session({
      url: broker.url,
      credentials: () => ({ clientId: uid('k'), username: `user-${++calls}` }),
      reconnect: { strategy: new RecordingStrategy([10]), stopOnAuthFailure: false, stableAfterMs: 60_000 },
    });
    let authFailures = 0;
    s.on('authFailed', () => authFailures++);
    const causes: string[] = [];
    s.on('disconnect', (d) => causes.push(`${d.cause}:${d.returnCode ?? ''}`));
    await s.connect();
    expect(calls).toBe(4);
    expect(authFailures).toBe(3);
    expect(causes).toEqual(['refused:4', 'refused:4', 'refused:4']);
  });

  it('never lets the password reach the logger, and bounds a hanging credentials provider by connectTimeoutMs', async () => {
    refuseWith(4);
    const lines: string[] = [];
    const rec = (level: string) => (msg: string, ...meta: unknown[]) => lines.push(`${level} ${msg} ${JSON.stringify(meta)}`);
    const logger = { debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') };
    const secret = 'hunter2-very-secret';
    const s = session({ url: broker.url, credentials: { clientId: uid('log'), username: 'u', password: secret }, logger });
    s.on('error', (e) => logger.error('app saw', e.message));
    await expect(s.connect()).rejects.toBeInstanceOf(MqttConnectError);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(secret);

    let calls = 0;
    const hang = session({
      url: broker.url,
      connectTimeoutMs: 100,
      credentials: () => {
        calls++;
        return new Promise(() => undefined);
      },
      reconnect: { strategy: new RecordingStrategy([20]) },
    });
    const causes: string[] = [];
    hang.on('disconnect', (d) => causes.push(`${d.cause}: ${d.error?.message ?? ''}`));
    void hang.connect().catch(() => undefined);
    await until(() => calls >= 3, 3000, 'three provider calls');
    expect(causes[0]).toMatch(/network: credentials provider did not answer within 100 ms/);
  });

  it('rejects connect() on the first failure when reconnect is disabled, and SessionClosedError on disconnect', async () => {
    await broker.crash();
    const s = session({ url: broker.url, reconnect: false });
    await expect(s.connect()).rejects.toThrow(/ECONNREFUSED|closed/);
    expect(s.state).toBe('disconnected');
    const s2 = session({ url: broker.url, reconnect: { strategy: new RecordingStrategy([10_000]) } });
    const p = s2.connect();
    await until(() => s2.state === 'reconnecting', 5000, 'reconnecting');
    const buffered = s2.publish('a/b', 'x', { qos: 1 });
    await s2.disconnect();
    await expect(p).rejects.toBeInstanceOf(SessionClosedError);
    await expect(buffered.done).rejects.toBeInstanceOf(SessionClosedError);
    expect(s2.bufferedCount).toBe(1);
    await broker.restart();
  });
});

describe('MqttSession on Mosquitto with MQTT 5', () => {
  it('connects with protocolVersion 5 and sends publish properties', async () => {
    const broker = await startBroker('mosquitto');
    try {
      const t = uid('v5');
      const o = await obs(broker.url, { protocolVersion: 5 });
      const props: unknown[] = [];
      o.on('message', (_t, _p, packet) => props.push(packet.properties?.userProperties));
      await o.subscribeAsync(t, { qos: 1 });
      const s = session({ url: broker.url, protocolVersion: 5, properties: { sessionExpiryInterval: 0 } });
      await s.connect();
      await s.publish(t, 'five', { qos: 1, properties: { userProperties: { k: 'v' } } }).done;
      await until(() => props.length === 1, 5000, 'v5 message');
      expect(props[0]).toEqual({ k: 'v' });
      await s.destroy();

    } finally {
      await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
      await broker.close();
    }
  });
});

describe('MqttSession and a server DISCONNECT (MQTT 5)', () => {
  it('reports the reason code the server gave', async () => {
    // Mosquitto 2.0 and aedes here do not send a v5 DISCONNECT, so a minimal fake broker writes the bytes itself
    const sockets = new Set<Socket>();
    const server = createServer((sock) => {
      sockets.add(sock);
      sock.once('data', () => {
        sock.write(Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00])); // CONNACK v5: success, no properties
        setTimeout(() => sock.end(Buffer.from([0xe0, 0x02, 0x8e, 0x00])), 20); // DISCONNECT 0x8E session taken over
      });
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const s = session({ url: `mqtt://127.0.0.1:${port}`, protocolVersion: 5, reconnect: false });
      const infos: string[] = [];
      s.on('disconnect', (d) => infos.push(`${d.cause}: ${d.error?.message ?? ''}`));
      await s.connect();
      await until(() => infos.length === 1, 5000, 'server disconnect');
      expect(infos[0]).toBe('lost: the broker sent DISCONNECT (reason code 142)');
      expect(s.state).toBe('disconnected');
      await s.destroy();
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('MqttSession without a broker', () => {
  it('wraps mids at 65535 across publish, subscribe and unsubscribe', async () => {
    const s = session({ url: 'mqtt://127.0.0.1:1' });
    for (let i = 1; i < 65534; i++) s.nextMid();
    expect(s.publish('a', 'x').mid).toBe(65534);
    expect(s.subscribe('a').mid).toBe(65535);
    expect(s.unsubscribe('a').mid).toBe(1);
    expect(s.nextMid()).toBe(2);
  });

  it('rejects bad input with clear errors', () => {
    expect(() => new MqttSession({ url: 'http://x', credentials: { clientId: 'a' } })).toThrow(/unsupported broker URL scheme/);
    expect(() => new MqttSession({ url: 'not a url', credentials: { clientId: 'a' } })).toThrow(TypeError);
    const s = session({ url: 'mqtt://127.0.0.1:1' });
    expect(() => s.publish('a/+', 'x')).toThrow(TypeError);
    expect(() => s.publish('a', 'x', { qos: 3 as 1 })).toThrow(RangeError);
    expect(() => s.subscribe('a/#/b')).toThrow(TypeError);
    expect(() => s.subscribe([])).toThrow(TypeError);
  });

  it('rejects everything after destroy()', async () => {
    const s = session({ url: 'mqtt://127.0.0.1:1' });
    await s.destroy();
    await expect(s.connect()).rejects.toBeInstanceOf(SessionClosedError);
    await expect(s.publish('a', 'b').done).rejects.toBeInstanceOf(SessionClosedError);
    await expect(s.subscribe('a').done).rejects.toBeInstanceOf(SessionClosedError);
  });
});
