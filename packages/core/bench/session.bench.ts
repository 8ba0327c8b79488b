/**
 * MqttSession vs raw mqtt.js, side by side on one Mosquitto in one run:
 * - publish throughput, QoS 0 and QoS 1, interleaved rounds (msgs/s and the ratio core/raw; target >= 0.9)
 * - RSS per idle connected session for N sessions vs N raw clients, each measured in its own child process
 *   (bytes/session and the ratio core/raw; target <= 1.5)
 *
 * Run: `pnpm bench` at the root, or `pnpm --filter @iot/core bench`.
 * Environment: BENCH_QOS0 (20000), BENCH_QOS1 (5000), BENCH_ROUNDS (7), BENCH_BATCH (QoS 0, 500), BENCH_BATCH1 (QoS 1, 1000),
 * BENCH_IDLE_N (2000).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMosquitto } from '@iot/emulator';
import { connect as mqttConnect, type MqttClient } from 'mqtt';
import { MqttSession } from '../src/session/mqtt-session.js';

const env = (k: string, d: number): number => (process.env[k] ? Number(process.env[k]) : d);
const QOS0 = env('BENCH_QOS0', 20_000);
const QOS1 = env('BENCH_QOS1', 5_000);
const ROUNDS = env('BENCH_ROUNDS', 7);
const IDLE_N = env('BENCH_IDLE_N', 2000);
const PAYLOAD = Buffer.alloc(64, 'x');
/**
 * Messages published back to back before waiting for their completions (both sides alike). One synchronous loop
 * of 20k publishes would mostly measure mqtt.js's per-packet 'drain' listeners, not the publish path.
 */
const BATCH = env('BENCH_BATCH', 500);
/** QoS 1 messages in flight per batch. */
const BATCH1 = env('BENCH_BATCH1', 1000);

interface Publisher {
  /** Publishes `n` messages back to back and resolves when all are written (QoS 0) / acknowledged (QoS 1). */
  batch(n: number, qos: 0 | 1): Promise<void>;
  close(): Promise<void>;
}

async function rawPublisher(url: string, id: string): Promise<Publisher> {
  const client = mqttConnect(url, { clientId: id, reconnectPeriod: 0, clean: true, keepalive: 60 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return {
    batch: (count, qos) =>
      new Promise<void>((resolve, reject) => {
        let left = count;
        const cb = (err?: Error) => {
          if (err) reject(err);
          else if (--left === 0) resolve();
        };
        for (let i = 0; i < count; i++) client.publish('bench/r', PAYLOAD, { qos }, cb);
      }),
    close: () => client.endAsync(),
  };
}

async function corePublisher(url: string, id: string): Promise<Publisher> {
  const session = new MqttSession({ url, credentials: { clientId: id }, keepalive: 60 });
  await session.connect();
  return {
    // waits for every message's own `done`, the way an application checks each publish
    async batch(count, qos) {
      const done: Array<Promise<unknown>> = new Array<Promise<unknown>>(count);
      for (let j = 0; j < count; j++) done[j] = session.publish('bench/c', PAYLOAD, { qos }).done;
      await Promise.all(done);
    },
    close: () => session.destroy(),
  };
}

/**
 * One round: `n` messages per side, sent in batches that alternate between the two sides (who goes first flips
 * every batch), so load changes on the machine hit both alike. Each raw/core batch pair gives one paired ratio.
 * @returns msgs/s of raw and core over the round, and the paired per-batch ratios core/raw
 */
async function round(raw: Publisher, core: Publisher, n: number, qos: 0 | 1, batchSize: number, flip: boolean): Promise<{ raw: number; core: number; pairs: number[] }> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 20));
  const spent = [0n, 0n];
  const pairs: number[] = [];
  let k = 0;
  for (let i = 0; i < n; i += batchSize, k++) {
    const count = Math.min(batchSize, n - i);
    const order = (k % 2 === 0) !== flip ? [0, 1] : [1, 0];
    const took = [0n, 0n];
    for (const side of order) {
      const t0 = process.hrtime.bigint();
      await (side === 0 ? raw : core).batch(count, qos);
      took[side] = process.hrtime.bigint() - t0;
      spent[side]! += took[side]!;
    }
    pairs.push(Number(took[0]) / Number(took[1]));
  }
  return { raw: n / (Number(spent[0]) / 1e9), core: n / (Number(spent[1]) / 1e9), pairs };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function throughput(url: string): Promise<{ qos0: number; qos1: number }> {
  const raw = await rawPublisher(url, 'bench-raw');
  const core = await corePublisher(url, 'bench-core');
  const rate: Record<string, number[]> = { raw0: [], core0: [], raw1: [], core1: [] };
  const pairs: Record<string, number[]> = { q0: [], q1: [] };
  // warm-up (JIT, socket buffers)
  for (let i = 0; i < 2; i++) {
    await round(raw, core, QOS0, 0, BATCH, i % 2 === 1);
    await round(raw, core, QOS1, 1, BATCH1, i % 2 === 1);
  }
  for (let r = 0; r < ROUNDS; r++) {
    const a = await round(raw, core, QOS0, 0, BATCH, r % 2 === 1);
    const b = await round(raw, core, QOS1, 1, BATCH1, r % 2 === 1);
    rate['raw0']!.push(a.raw);
    rate['core0']!.push(a.core);
    rate['raw1']!.push(b.raw);
    rate['core1']!.push(b.core);
    pairs['q0']!.push(...a.pairs);
    pairs['q1']!.push(...b.pairs);
  }
  await raw.close();
  await core.close();
  const q0 = median(pairs['q0']!);
  const q1 = median(pairs['q1']!);
  console.log(`\nPublish throughput (${ROUNDS} rounds, 64-byte payload, alternating batches: QoS 0 ${BATCH}, QoS 1 ${BATCH1}; median msgs/s;`);
  console.log('ratio = median of the paired batch ratios, which cancels load changes on a shared machine)');
  console.log(`  QoS 0 x ${QOS0}: raw mqtt.js ${fmt(median(rate['raw0']!))}  MqttSession ${fmt(median(rate['core0']!))}  ratio core/raw ${q0.toFixed(2)} (target >= 0.90, ${pairs['q0']!.length} pairs)`);
  console.log(`  QoS 1 x ${QOS1}: raw mqtt.js ${fmt(median(rate['raw1']!))}  MqttSession ${fmt(median(rate['core1']!))}  ratio core/raw ${q1.toFixed(2)} (target >= 0.90, ${pairs['q1']!.length} pairs)`);
  return { qos0: q0, qos1: q1 };
}

// ------------------------------------------------------------------ idle memory (child processes)

async function gcSettle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function memoryChild(kind: 'raw' | 'core', url: string, n: number): Promise<void> {
  // load everything first so module code is not counted
  const warm = kind === 'raw' ? await rawPublisher(url, `warm-${kind}`) : await corePublisher(url, `warm-${kind}`);
  await warm.close();
  await gcSettle();
  const before = process.memoryUsage().rss;
  const keep: Array<MqttClient | MqttSession> = [];
  for (let i = 0; i < n; i += 100) {
    const batch: Array<Promise<void>> = [];
    for (let j = i; j < Math.min(n, i + 100); j++) {
      const id = `idle-${kind}-${process.pid}-${j}`;
      if (kind === 'raw') {
        const c = mqttConnect(url, { clientId: id, reconnectPeriod: 0, keepalive: 60 });
        keep.push(c);
        batch.push(new Promise<void>((resolve, reject) => c.once('connect', () => resolve()).once('error', reject)));
      } else {
        const s = new MqttSession({ url, credentials: { clientId: id }, keepalive: 60 });
        keep.push(s);
        batch.push(s.connect().then(() => undefined));
      }
    }
    await Promise.all(batch);
  }
  await new Promise((r) => setTimeout(r, 1000));
  await gcSettle();
  const after = process.memoryUsage().rss;
  process.stdout.write(JSON.stringify({ kind, n, perSession: (after - before) / n }) + '\n');
  await Promise.all(keep.map((k) => (k instanceof MqttSession ? k.destroy() : k.endAsync(true))));
}

function runChild(kind: 'raw' | 'core', url: string, n: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--memory-child', kind, url, String(n)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`memory child ${kind} failed (exit ${code}): ${out}`));
      else resolve((JSON.parse(line) as { perSession: number }).perSession);
    });
  });
}

async function memory(url: string): Promise<number> {
  const raw: number[] = [];
  const core: number[] = [];
  for (let r = 0; r < 2; r++) {
    raw.push(await runChild('raw', url, IDLE_N));
    core.push(await runChild('core', url, IDLE_N));
  }
  const ratio = median(core) / median(raw);
  console.log(`\nRSS per idle connected session, N=${IDLE_N} (separate child processes, 2 runs each, median)`);
  console.log(`  raw mqtt.js ${fmt(median(raw))} B/client  MqttSession ${fmt(median(core))} B/session  ratio core/raw ${ratio.toFixed(2)} (target <= 1.50)`);
  return ratio;
}

async function main(): Promise<void> {
  const broker = await startMosquitto({ extraConfig: ['max_connections -1'] });
  try {
    console.log(`@iot/core session bench on Mosquitto ${broker.url} (node ${process.version})`);
    const t = await throughput(broker.url);
    const m = await memory(broker.url);
    const ok = t.qos0 >= 0.9 && t.qos1 >= 0.9 && m <= 1.5;
    console.log(`\n${ok ? 'PASS' : 'MISS'}: QoS 0 ${t.qos0.toFixed(2)}, QoS 1 ${t.qos1.toFixed(2)} (>= 0.90); memory ${m.toFixed(2)} (<= 1.50)`);
  } finally {
    await broker.stop();
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--memory-child') {
  memoryChild(argv[1] as 'raw' | 'core', argv[2]!, Number(argv[3])).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
