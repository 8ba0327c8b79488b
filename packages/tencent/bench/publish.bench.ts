/**
 * QcloudHubProvider.publish vs raw mqtt.js, side by side on one Mosquitto in one run: publish throughput at QoS 0
 * and QoS 1, the same message object on every side: the hub encodes it with Python json.dumps and reports each
 * completion through on_publish; raw mqtt.js encodes it with JSON.stringify and takes a completion callback.
 * Batches alternate between the sides (who goes first flips every batch) and the ratio is the median of the paired
 * batch ratios, which cancels load changes on a shared machine (the method of @iot/core's session bench).
 *
 * QoS 0 settling: a QoS 0 batch is done when every packet has been written to the socket, and a client writes far
 * faster than one Mosquitto reads (here ~190k msg/s written, ~90k msg/s read from a single connection). Earlier
 * versions of this bench timed batch after batch without a pause, so unread QoS 0 data piled up in the kernel (`ss
 * -tmi`: both client sockets receive-window limited ~97% of the time, up to 3 MB not yet sent), and a batch's last
 * writes waited, for milliseconds, for the broker to read that connection: the batch time measured how the kernel
 * and the broker shared their reading between the two connections, not the client. Two identical raw mqtt.js
 * clients compared that way came out at ratios from 0.68 to 4.7 (0.99-1.04 with settling), and the hub came out at
 * 0.26-0.82 although raw took ~0.83 of the hub's CPU time per batch. So after each timed QoS 0 batch, that side settles,
 * untimed: one QoS 1 publish on the same connection, awaited until its PUBACK (the broker handles a connection's
 * packets in order, so the backlog has been read by then). Every timed QoS 0 batch starts against an idle broker
 * and measures what the client costs to hand 500 messages to the socket and report their completion. What settling
 * leaves out, for both sides alike, is the broker's own reading time; the hub's payloads are 10 bytes longer here
 * (json.dumps puts a space after `:` and `,`, which is wire behaviour), so a broker saturated by QoS 0 would take
 * ~8% fewer of its messages per second. QoS 1 is not settled: every batch already ends with all its PUBACKs.
 *
 * QoS 1: the hub keeps paho's in-flight window of 20 messages (Python's default, part of the wire behaviour), so
 * it is compared with raw mqtt.js under the same window (the bench holds back the 21st publish until an ack comes,
 * as paho does), and, for information, with raw mqtt.js without a window.
 *
 * Run: `pnpm --filter @iot/tencent bench`. Environment: BENCH_QOS0 (20000), BENCH_QOS1 (5000), BENCH_ROUNDS (5),
 * BENCH_BATCH (500).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMosquitto } from '@iot/emulator';
import { connect as mqttConnect } from 'mqtt';
import { QcloudHubProvider } from '../src/index.js';

const env = (k: string, d: number): number => (process.env[k] ? Number(process.env[k]) : d);
const QOS0 = env('BENCH_QOS0', 20_000);
const QOS1 = env('BENCH_QOS1', 5_000);
const ROUNDS = env('BENCH_ROUNDS', 5);
const BATCH = env('BENCH_BATCH', 500);
const MESSAGE = { type: 'report', params: { temperature: 23.5, humidity: 41, switch: true, label: 'bench' } };

interface Publisher {
  batch(n: number, qos: 0 | 1): Promise<void>;
  /** One QoS 1 publish on the same connection, resolved on its PUBACK: the broker has read everything sent before. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

async function rawPublisher(url: string, id: string, window = 0): Promise<Publisher> {
  const client = mqttConnect(url, { clientId: id, protocolVersion: 3, protocolId: 'MQIsdp', reconnectPeriod: 0, clean: true, keepalive: 60 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return {
    batch: (count, qos) =>
      new Promise<void>((resolve, reject) => {
        let sent = 0;
        let left = count;
        const send = (): void => {
          sent++;
          client.publish(`BENCHPID01/${id}/event`, JSON.stringify(MESSAGE), { qos }, cb);
        };
        const cb = (err?: Error): void => {
          if (err) return reject(err);
          if (--left === 0) return resolve();
          if (window > 0 && qos > 0 && sent < count) send();
        };
        const first = window > 0 && qos > 0 ? Math.min(window, count) : count;
        for (let i = 0; i < first; i++) send();
      }),
    settle: async () => {
      await client.publishAsync(`BENCHPID01/${id}/settle`, 'settle', { qos: 1 });
    },
    close: () => client.endAsync(),
  };
}

async function hubPublisher(port: number, dir: string): Promise<Publisher> {
  const file = join(dir, 'device_info.json');
  writeFileSync(
    file,
    JSON.stringify({
      auth_mode: 'KEY', productId: 'BENCHPID01', productSecret: 'x', deviceName: 'hub',
      key_deviceinfo: { deviceSecret: 'MTIzNDU2Nzg5MGFiY2RlZg==' },
      cert_deviceinfo: { devCaFile: '', devCertFile: '', devPrivateKeyFile: '' }, region: 'china',
    }),
  );
  const hub = new QcloudHubProvider(file, null, false, '127.0.0.1', false, { port });
  let pending = 0;
  let done: (() => void) | undefined;
  hub.registerMqttCallback(null, null, null, () => {
    if (--pending === 0) done?.();
  });
  hub.connect();
  while (!hub.isMqttConnected()) await new Promise((r) => setTimeout(r, 10));
  return {
    batch: (count, qos) =>
      new Promise<void>((resolve) => {
        pending = count;
        done = resolve;
        for (let i = 0; i < count; i++) hub.publish('BENCHPID01/hub/event', MESSAGE, qos);
      }),
    settle: () =>
      new Promise<void>((resolve) => {
        pending = 1;
        done = resolve;
        hub.publish('BENCHPID01/hub/settle', 'settle', 1);
      }),
    close: () => hub.destroy(),
  };
}

/** One raw/hub pair of batches, in the given order. @returns the pair's times in ns, [raw, hub] */
async function pair(raw: Publisher, hub: Publisher, count: number, qos: 0 | 1, rawFirst: boolean): Promise<[number, number]> {
  const took: [number, number] = [0, 0];
  for (const side of rawFirst ? [0, 1] : [1, 0]) {
    const p = side === 0 ? raw : hub;
    const t0 = process.hrtime.bigint();
    await p.batch(count, qos);
    took[side] = Number(process.hrtime.bigint() - t0);
    if (qos === 0) await p.settle(); // untimed: the broker reads this side's backlog before the next batch
  }
  return took;
}

const median = (xs: number[]): number => {
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
};

/** Rounds of alternating batches. @returns median msgs/s of each side and the median paired ratio hub/raw */
async function compare(raw: Publisher, hub: Publisher, total: number, qos: 0 | 1): Promise<{ raw: number; hub: number; ratio: number; pairs: number }> {
  const ratios: number[] = [];
  const rawRates: number[] = [];
  const hubRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let k = 0;
    const spent: [number, number] = [0, 0];
    for (let sent = 0; sent < total; sent += BATCH, k++) {
      const n = Math.min(BATCH, total - sent);
      const [tr, th] = await pair(raw, hub, n, qos, (k + r) % 2 === 0);
      spent[0] += tr;
      spent[1] += th;
      ratios.push(tr / th);
    }
    rawRates.push(total / (spent[0] / 1e9));
    hubRates.push(total / (spent[1] / 1e9));
  }
  return { raw: median(rawRates), hub: median(hubRates), ratio: median(ratios), pairs: ratios.length };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const verdict = (ratio: number): string => (ratio >= 0.85 ? 'OK' : 'BELOW TARGET');

const broker = await startMosquitto();
const dir = mkdtempSync(join(tmpdir(), 'tencent-bench-'));
const url = `mqtt://127.0.0.1:${broker.port}`;
const raw = await rawPublisher(url, 'raw');
const raw20 = await rawPublisher(url, 'raw20', 20);
const hub = await hubPublisher(broker.port, dir);
try {
  // warm-up (JIT, socket buffers)
  await compare(raw, hub, 4000, 0);
  await compare(raw20, hub, 2000, 1);
  const q0 = await compare(raw, hub, QOS0, 0);
  console.log(`publish QoS 0 x ${QOS0}: hub ${fmt(q0.hub)} msg/s, raw mqtt.js ${fmt(q0.raw)} msg/s, ratio hub/raw ${q0.ratio.toFixed(2)} (target >= 0.85, ${q0.pairs} pairs) ${verdict(q0.ratio)}`);
  const q1 = await compare(raw20, hub, QOS1, 1);
  console.log(`publish QoS 1 x ${QOS1}: hub ${fmt(q1.hub)} msg/s, raw mqtt.js with paho's window of 20 ${fmt(q1.raw)} msg/s, ratio hub/raw ${q1.ratio.toFixed(2)} (target >= 0.85, ${q1.pairs} pairs) ${verdict(q1.ratio)}`);
  const q1u = await compare(raw, hub, QOS1, 1);
  console.log(`  for information, QoS 1 against raw mqtt.js without an in-flight window: raw ${fmt(q1u.raw)} msg/s, ratio hub/raw ${q1u.ratio.toFixed(2)} (the gap is the window Python's paho imposes)`);
} finally {
  await raw.close();
  await raw20.close();
  await hub.close();
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
}
