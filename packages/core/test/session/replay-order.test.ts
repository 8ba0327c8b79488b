// `replay` option: where messages kept across a (re)connect go relative to the `connect` event, asserted on the
// order in which the broker (aedes) received the PUBLISH packets.
import { MqttSession, type MqttSessionOptions } from '../../src/session/mqtt-session.js';
import { RecordingStrategy, startBroker, uid, until, type TestBroker } from './harness.js';

let broker: TestBroker;
const sessions: MqttSession[] = [];
let received: string[] = [];

/** Records the topics of PUBLISH packets in the order aedes reads them off the clients' sockets. */
function record(t: string): void {
  broker.aedes!.aedes.authorizePublish = (_client, packet, cb) => {
    if (packet.topic.startsWith(`${t}/`)) received.push(packet.topic.slice(t.length + 1));
    cb(null);
  };
}

function session(opts: Partial<MqttSessionOptions> = {}): MqttSession {
  const s = new MqttSession({
    url: broker.url,
    credentials: { clientId: uid('r') },
    reconnect: { strategy: new RecordingStrategy([30]), stableAfterMs: 60_000 },
    connectTimeoutMs: 2000,
    ...opts,
  });
  sessions.push(s);
  return s;
}

beforeEach(async () => {
  broker = await startBroker('aedes');
  received = [];
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.destroy()));
  await broker.close();
});

test("default 'before-connect-event': the buffer goes out before what connect listeners publish", async () => {
  const t = uid('def');
  record(t);
  const s = session();
  s.publish(`${t}/b1`, '1', { qos: 1 });
  s.publish(`${t}/b2`, '2', { qos: 0 });
  s.on('connect', () => s.publish(`${t}/listener`, 'L', { qos: 1 }));
  await s.connect();
  s.publish(`${t}/later`, 'x', { qos: 1 });
  await until(() => received.length === 4);
  expect(received).toEqual(['b1', 'b2', 'listener', 'later']);
});

test("'after-connect-event': connect-listener publishes, then the buffer in order, then later publishes", async () => {
  const t = uid('aft');
  record(t);
  const s = session({ replay: 'after-connect-event' });
  const events: string[] = [];
  const b1 = s.publish(`${t}/b1`, '1', { qos: 1 });
  s.publish(`${t}/b2`, '2', { qos: 0 });
  s.publish(`${t}/b3`, '3', { qos: 1 });
  s.on('state', (st) => {
    if (st === 'connected') s.publish(`${t}/state`, 'S', { qos: 0 });
  });
  s.on('connect', (info) => {
    events.push(`connect:${info.reconnect}:${s.bufferedCount}`);
    s.publish(`${t}/L1`, 'a', { qos: 1 });
    s.publish(`${t}/L2`, 'b', { qos: 0 });
  });
  s.on('bufferReplay', (n) => events.push(`replay:${n}`));
  await s.connect();
  events.push('resolved');
  s.publish(`${t}/later`, 'x', { qos: 1 });
  await until(() => received.length === 7);
  expect(received).toEqual(['state', 'L1', 'L2', 'b1', 'b2', 'b3', 'later']);
  expect(events).toEqual(['connect:false:3', 'replay:3', 'resolved']);
  expect(await b1.done).toEqual({ mid: b1.mid, buffered: true });
});

test("'after-connect-event' after a broker restart: listener publishes precede the offline buffer", async () => {
  const t = uid('rst');
  const s = session({ replay: 'after-connect-event' });
  s.on('connect', (info) => {
    if (info.reconnect) s.publish(`${t}/log`, 'reconnected', { qos: 1 });
  });
  await s.connect();
  await broker.crash();
  await until(() => s.state === 'reconnecting');
  s.publish(`${t}/m1`, '1', { qos: 1 });
  s.publish(`${t}/m2`, '2', { qos: 1 });
  await broker.restart();
  record(t);
  await until(() => received.length === 3);
  expect(received).toEqual(['log', 'm1', 'm2']);
});

test('beforeReplay: publishes made until its promise settles (a callback queue on a later tick) go first', async () => {
  const t = uid('hook');
  record(t);
  let drained: () => void = () => undefined;
  const s = session({
    replay: 'after-connect-event',
    beforeReplay: () => new Promise<void>((resolve) => (drained = resolve)),
  });
  s.publish(`${t}/b1`, '1', { qos: 1 });
  s.on('connect', () => {
    setImmediate(() => {
      s.publish(`${t}/queued1`, 'q', { qos: 1 });
      setTimeout(() => {
        s.publish(`${t}/queued2`, 'q', { qos: 0 });
        drained();
      }, 20);
    });
  });
  await s.connect();
  s.publish(`${t}/later`, 'x', { qos: 0 });
  await until(() => received.length === 4);
  expect(received).toEqual(['queued1', 'queued2', 'b1', 'later']);
});

test('beforeReplay that throws, rejects or never settles does not stop the replay', async () => {
  const t = uid('bad');
  record(t);
  const errors: string[] = [];
  const throwing = session({
    replay: 'after-connect-event',
    beforeReplay: () => {
      throw new Error('boom');
    },
  });
  throwing.on('error', (e) => errors.push(e.message));
  throwing.publish(`${t}/a`, '1', { qos: 1 });
  await throwing.connect();
  const rejecting = session({ replay: 'after-connect-event', beforeReplay: () => Promise.reject(new Error('nope')) });
  rejecting.on('error', (e) => errors.push(e.message));
  rejecting.publish(`${t}/b`, '1', { qos: 1 });
  await rejecting.connect();
  const hanging = session({ replay: 'after-connect-event', connectTimeoutMs: 150, beforeReplay: () => new Promise<void>(() => undefined) });
  hanging.publish(`${t}/c`, '1', { qos: 1 });
  const started = Date.now();
  await hanging.connect();
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  await until(() => received.length === 3);
  expect(received.sort()).toEqual(['a', 'b', 'c']);
  expect(errors).toEqual(['beforeReplay threw: boom', 'beforeReplay failed: nope']);
});

test('a drop while the replay is held keeps every message, in order, for the next connection', async () => {
  const t = uid('drop');
  let release: () => void = () => undefined;
  const s = session({ replay: 'after-connect-event', beforeReplay: () => new Promise<void>((resolve) => (release = resolve)) });
  s.publish(`${t}/b1`, '1', { qos: 1 });
  let n = 0;
  s.on('connect', () => {
    n++;
    if (n === 1) {
      // the first connection drops before the hook releases the replay
      setImmediate(() => void broker.crash());
    } else setImmediate(() => release());
  });
  const connected = s.connect();
  await until(() => s.state === 'reconnecting');
  s.publish(`${t}/b2`, '2', { qos: 1 });
  await broker.restart();
  record(t);
  await connected;
  await until(() => received.length === 2);
  expect(received).toEqual(['b1', 'b2']);
});

test('destroy while the replay is held rejects the held publishes and leaves no timer', async () => {
  const t = uid('dst');
  const s = session({ replay: 'after-connect-event', connectTimeoutMs: 60_000, beforeReplay: () => new Promise<void>(() => undefined) });
  const b = s.publish(`${t}/b`, '1', { qos: 1 });
  const done = b.done.then(
    () => 'ok',
    (e: Error) => e.name,
  );
  s.on('connect', () => setImmediate(() => void s.destroy()));
  await expect(s.connect()).rejects.toThrow();
  expect(await done).toBe('SessionClosedError');
});
