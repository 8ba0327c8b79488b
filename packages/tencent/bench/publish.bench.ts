/**
 * QcloudHubProvider.publish vs raw mqtt.js, side by side on one Mosquitto in one run: publish throughput at QoS 0
 * and QoS 1, the same message object on every side: the hub encodes it with Python json.dumps and reports each
 * completion through on_publish; raw mqtt.js (and, for reference, the bare core session) encode it with
 * JSON.stringify and take a completion callback/promise. Prints msgs/s and the ratio hub/raw
 * (target >= 0.85). Interleaved rounds, best of each.
 *
 * Run: `pnpm --filter @iot/tencent bench`. Environment: BENCH_QOS0 (20000), BENCH_QOS1 (5000), BENCH_ROUNDS (5),
 * BENCH_BATCH (500).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMosquitto } from '@iot/emulator';
import { connect as mqttConnect } from 'mqtt';
import { MqttSession } from '@iot/core';
import { QcloudHubProvider } from '../src/index.js';

const env = (k: string, d: number): number => (process.env[k] ? Number(process.env[k]) : d);
const QOS0 = env('BENCH_QOS0', 20_000);
const QOS1 = env('BENCH_QOS1', 5_000);
const ROUNDS = env('BENCH_ROUNDS', 5);
const BATCH = env('BENCH_BATCH', 500);
const MESSAGE = { type: 'report', params: { temperature: 23.5, humidity: 41, switch: true, label: 'bench' } };

interface Publisher {
  batch(n: number, qos: 0 | 1): Promise<void>;
  close(): Promise<void>;
}

async function rawPublisher(url: string): Promise<Publisher> {
  const client = mqttConnect(url, { clientId: 'bench-raw', protocolVersion: 3, protocolId: 'MQIsdp', reconnectPeriod: 0, clean: true, keepalive: 60 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return {
    batch: (count, qos) =>
      new Promise<void>((resolve, reject) => {
        let left = count;
        const cb = (err?: Error): void => {
          if (err) reject(err);
          else if (--left === 0) resolve();
        };
        for (let i = 0; i < count; i++) client.publish('BENCHPID01/raw/event', JSON.stringify(MESSAGE), { qos }, cb);
      }),
    close: () => client.endAsync(),
  };
}

async function corePublisher(url: string): Promise<Publisher> {
  const session = new MqttSession({ url, credentials: { clientId: 'bench-core' }, protocolVersion: 3, keepalive: 60, maxInflight: 20 });
  await session.connect();
  return {
    batch: (count, qos) => {
      const all: Array<Promise<unknown>> = [];
      for (let i = 0; i < count; i++) all.push(session.publish('BENCHPID01/core/event', JSON.stringify(MESSAGE), { qos }).done);
      return Promise.all(all).then(() => undefined);
    },
    close: () => session.destroy(),
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
    close: () => hub.destroy(),
  };
}

async function rate(p: Publisher, total: number, qos: 0 | 1): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let sent = 0; sent < total; sent += BATCH) await p.batch(Math.min(BATCH, total - sent), qos);
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  return total / sec;
}

const broker = await startMosquitto();
const dir = mkdtempSync(join(tmpdir(), 'tencent-bench-'));
const url = `mqtt://127.0.0.1:${broker.port}`;
const raw = await rawPublisher(url);
const hub = await hubPublisher(broker.port, dir);
const core = await corePublisher(url);
try {
  await rate(raw, 2000, 0);
  await rate(hub, 2000, 0);
  await rate(core, 2000, 0);
  for (const [qos, total] of [[0, QOS0], [1, QOS1]] as const) {
    let bestRaw = 0;
    let bestHub = 0;
    let bestCore = 0;
    for (let r = 0; r < ROUNDS; r++) {
      bestRaw = Math.max(bestRaw, await rate(raw, total, qos));
      bestHub = Math.max(bestHub, await rate(hub, total, qos));
      bestCore = Math.max(bestCore, await rate(core, total, qos));
    }
    const ratio = bestHub / bestRaw;
    console.log(
      `publish QoS ${qos}: hub ${bestHub.toFixed(0)} msg/s, raw mqtt.js ${bestRaw.toFixed(0)} msg/s, ratio ${ratio.toFixed(2)} (target >= 0.85)${ratio >= 0.85 ? '' : '  BELOW TARGET'}` +
        `; for reference @iot/core MqttSession alone ${bestCore.toFixed(0)} msg/s (${(bestCore / bestRaw).toFixed(2)} of raw)`,
    );
  }
} finally {
  await raw.close();
  await hub.close();
  await core.close();
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
}
