import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { ExponentialBackoff } from '../../src/session/backoff.js';
import { MqttSession } from '../../src/session/mqtt-session.js';
import { RecordingStrategy, observer, startBroker, uid, until, type TestBroker } from './harness.js';

/** A TCP proxy that can silently swallow traffic (a half-open connection, like a NAT that forgot us). */
async function blackholeProxy(targetPort: number): Promise<{ port: number; frozen: boolean; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { frozen: false };
  const server: Server = createServer((down) => {
    const up = tcpConnect(targetPort, '127.0.0.1');
    sockets.add(down).add(up);
    down.on('data', (d) => {
      if (!state.frozen) up.write(d);
    });
    up.on('data', (d) => {
      if (!state.frozen) down.write(d);
    });
    const end = () => {
      down.destroy();
      up.destroy();
      sockets.delete(down);
      sockets.delete(up);
    };
    down.on('close', end).on('error', end);
    up.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    get frozen() {
      return state.frozen;
    },
    set frozen(v: boolean) {
      state.frozen = v;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('MqttSession on a half-open connection', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startBroker('aedes');
  });
  afterAll(async () => {
    await broker.close();
  });

  it('detects it by keepalive and re-sends the QoS 1 messages that were in flight', async () => {
    const proxy = await blackholeProxy(broker.port);
    const t = uid('ho');
    const o = await observer(broker.url);
    const s = new MqttSession({
      url: `mqtt://127.0.0.1:${proxy.port}`,
      credentials: { clientId: uid('ho') },
      keepalive: 1,
      reconnect: { strategy: new RecordingStrategy([50]) },
    });
    try {
      await o.subscribeAsync(`${t}/#`, { qos: 1 });
      await s.connect();
      const causes: string[] = [];
      s.on('disconnect', (d) => {
        causes.push(d.cause);
        proxy.frozen = false;
      });
      proxy.frozen = true;
      const ops = Array.from({ length: 20 }, (_, i) => s.publish(`${t}/x`, `m${i}`, { qos: 1 }));
      const settled = await Promise.allSettled(ops.map((op) => op.done));
      expect(settled.every((r) => r.status === 'fulfilled')).toBe(true);
      expect(causes[0]).toBe('lost');
      await until(() => new Set(o.received.map((m) => m.payload)).size === 20, 5000, 'all messages');
    } finally {
      await s.destroy();
      await o.endAsync(true);
      await proxy.close();
    }
  });

  it('resets the strategy after the connection stayed up stableAfterMs, so the next drop starts at attempt 1', async () => {
    const strategy = new RecordingStrategy([20, 40, 80]);
    const s = new MqttSession({ url: broker.url, credentials: { clientId: uid('st') }, reconnect: { strategy, stableAfterMs: 150 } });
    try {
      await s.connect();
      expect(strategy.resets).toBe(1); // connect() starts from a fresh schedule
      await broker.crash();
      await until(() => strategy.asked.length >= 2, 5000, 'two failures');
      await broker.restart();
      await until(() => s.connected, 5000, 'reconnect');
      const before = strategy.resets;
      await until(() => strategy.resets === before + 1, 2000, 'stable reset');
      await broker.crash();
      const n = strategy.asked.length;
      await until(() => strategy.asked.length > n, 5000, 'next failure');
      expect(strategy.asked[n]).toEqual({ attempt: 1, cause: 'lost' });
      expect(strategy.asked.slice(0, 2)).toEqual([
        { attempt: 1, cause: 'lost' },
        { attempt: 2, cause: 'network' },
      ]);
      await broker.restart();
    } finally {
      await s.destroy();
    }
  });

  it('survives random inbound topics and payloads with throwing handlers (fuzz)', async () => {
    const t = uid('fz');
    const s = new MqttSession({ url: broker.url, credentials: { clientId: uid('fz') } });
    const o = await observer(broker.url);
    try {
      let seen = 0;
      let errors = 0;
      s.on('error', () => errors++);
      s.subscribe(`${t}/#`, { qos: 1 }, (_topic, payload) => {
        seen++;
        if (payload.length % 3 === 0) throw new Error('handler choked');
      });
      s.addHandler(`${t}/+/x`, () => {
        throw new TypeError('second handler');
      });
      s.on('message', (_topic, payload) => JSON.parse(payload.toString()) as unknown);
      await s.connect();
      const N = 300;
      const alphabet = ['a', 'b', 'x', '$', ' ', 'é', '+x', 'long-level-name'];
      for (let i = 0; i < N; i++) {
        const levels = Array.from({ length: 1 + (i % 4) }, (_, k) => alphabet[(i * 7 + k * 3) % alphabet.length]!.replace('+', ''));
        const payload = Buffer.alloc(i % 50);
        for (let k = 0; k < payload.length; k++) payload[k] = Math.floor(Math.random() * 256);
        o.publish(`${t}/${levels.join('/')}`, payload, { qos: (i % 2) as 0 | 1 });
      }
      await until(() => seen === N, 10_000, `all ${N} messages (seen ${seen})`);
      expect(errors).toBeGreaterThan(0);
      expect(s.connected).toBe(true);
      await s.publish(`${t}/after`, 'ok', { qos: 1 }).done;
    } finally {
      await s.destroy();
      await o.endAsync(true);
    }
  });

  it('follows an ExponentialBackoff schedule with injected randomness while the broker is down', async () => {
    const attempts: number[] = [];
    const s = new MqttSession({
      url: broker.url,
      credentials: () => {
        attempts.push(performance.now());
        return { clientId: 'exp-backoff' };
      },
      reconnect: { strategy: new ExponentialBackoff({ minDelayMs: 20, maxDelayMs: 100, jitter: 'equal', random: () => 0.5 }) },
    });
    const delays: number[] = [];
    s.on('reconnecting', (r) => delays.push(r.delayMs));
    try {
      await s.connect();
      await broker.crash();
      await until(() => delays.length >= 5, 5000, 'five reconnect delays');
      // equal jitter with random 0.5: 0.75 x min(100, 20 * 2^(n-1))
      expect(delays.slice(0, 5)).toEqual([15, 30, 60, 75, 75]);
      for (let i = 1; i < 4; i++) expect(attempts[i + 1]! - attempts[i]!).toBeGreaterThanOrEqual(delays[i]! - 1);
      await broker.restart();
      await until(() => s.connected, 5000, 'reconnect');
    } finally {
      await s.destroy();
    }
  });
});
