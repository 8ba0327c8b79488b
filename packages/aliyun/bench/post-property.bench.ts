/**
 * `LinkKit.thing_post_property` vs a raw mqtt.js QoS 1 publish of the same Alink JSON, side by side on one
 * Mosquitto in one run. Both sides publish to their property-post topic at QoS 1 (the SDK's fixed QoS); a third
 * client subscribed to both topics counts deliveries, and a batch ends when the subscriber has every message, so
 * both rates are end-to-end (publish → broker → subscriber) and include LinkKit's request-id allocation, Python
 * `json.dumps` encoding and mid bookkeeping. Prints msgs/s per side and the ratio linkkit/raw (target >= 0.85);
 * interleaved rounds, best of each.
 *
 * `max_queued_message` is raised for the LinkKit side: without a platform answering post_reply, request ids are
 * only released by the 10 s expiry, and the SDK allows `max_queued_message + 1` outstanding ids.
 *
 * The bare `@iot/core` session is measured too, for reference.
 *
 * Run: `pnpm --filter @iot/aliyun bench`. Environment: BENCH_MESSAGES (10000), BENCH_ROUNDS (5), BENCH_BATCH (500).
 */
import { startMosquitto } from '@iot/emulator';
import { connect as mqttConnect, type MqttClient } from 'mqtt';
import { MqttSession } from '@iot/core';
import { LinkKit } from '../src/index.js';

const num = (k: string, d: number): number => (process.env[k] ? Number(process.env[k]) : d);
const MESSAGES = num('BENCH_MESSAGES', 10_000);
const ROUNDS = num('BENCH_ROUNDS', 5);
const BATCH = num('BENCH_BATCH', 500);
const PROPS = { temperature: 23.5, humidity: 41, switch: 1, label: 'bench' };
const PK = 'a1BenchPK';
const LK_TOPIC = `/sys/${PK}/lk/thing/event/property/post`;
const RAW_TOPIC = `/sys/${PK}/raw/thing/event/property/post`;
const CORE_TOPIC = `/sys/${PK}/core/thing/event/property/post`;

function connected(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
}

/** Counts deliveries per topic and resolves waiters when a count is reached. */
class Counter {
  private readonly counts = new Map<string, number>();
  private waiter: { topic: string; target: number; resolve: () => void } | undefined;
  hit(topic: string): void {
    const n = (this.counts.get(topic) ?? 0) + 1;
    this.counts.set(topic, n);
    if (this.waiter && this.waiter.topic === topic && n >= this.waiter.target) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve();
    }
  }
  until(topic: string, target: number): Promise<void> {
    if ((this.counts.get(topic) ?? 0) >= target) return Promise.resolve();
    return new Promise((resolve) => (this.waiter = { topic, target, resolve }));
  }
  count(topic: string): number {
    return this.counts.get(topic) ?? 0;
  }
}

const broker = await startMosquitto();
const url = `mqtt://127.0.0.1:${broker.port}`;
const counter = new Counter();
const sink = mqttConnect(url, { clientId: 'bench-sink', reconnectPeriod: 0 });
await connected(sink);
sink.on('message', (topic) => counter.hit(topic));
await sink.subscribeAsync([LK_TOPIC, RAW_TOPIC, CORE_TOPIC], { qos: 1 });

const raw = mqttConnect(url, { clientId: 'bench-raw', reconnectPeriod: 0 });
await connected(raw);
let rawId = 0;

// reference: the bare @iot/core session (what LinkKit is built on), same JSON.stringify payload as the raw side
const core = new MqttSession({ url, credentials: { clientId: 'bench-core' }, maxInflight: 0 });
await core.connect();
let coreId = 0;

const lk = new LinkKit('127.0.0.1', PK, 'lk', 'bench-secret');
lk.config_mqtt({ port: broker.port, secure: '', max_queued_message: 10_000_000, max_inflight_message: 0 });
lk.thing_setup();
let enabled = false;
lk.on_thing_enable = () => (enabled = true);
lk.connect_async();
while (!enabled) await new Promise((r) => setTimeout(r, 10));

async function runLinkKit(total: number): Promise<number> {
  const start = counter.count(LK_TOPIC);
  const t0 = process.hrtime.bigint();
  for (let sent = 0; sent < total; ) {
    const n = Math.min(BATCH, total - sent);
    for (let i = 0; i < n; i++) {
      const [rc] = lk.thing_post_property(PROPS);
      if (rc !== 0) throw new Error(`thing_post_property rc ${rc}`);
    }
    sent += n;
    await counter.until(LK_TOPIC, start + sent);
  }
  return total / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function runRaw(total: number): Promise<number> {
  const start = counter.count(RAW_TOPIC);
  const t0 = process.hrtime.bigint();
  for (let sent = 0; sent < total; ) {
    const n = Math.min(BATCH, total - sent);
    for (let i = 0; i < n; i++) {
      rawId += 1;
      raw.publish(RAW_TOPIC, JSON.stringify({ id: String(rawId), version: '1.0', params: PROPS, method: 'thing.event.property.post' }), { qos: 1 });
    }
    sent += n;
    await counter.until(RAW_TOPIC, start + sent);
  }
  return total / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function runCore(total: number): Promise<number> {
  const start = counter.count(CORE_TOPIC);
  const t0 = process.hrtime.bigint();
  for (let sent = 0; sent < total; ) {
    const n = Math.min(BATCH, total - sent);
    for (let i = 0; i < n; i++) {
      coreId += 1;
      core.publish(CORE_TOPIC, JSON.stringify({ id: String(coreId), version: '1.0', params: PROPS, method: 'thing.event.property.post' }), { qos: 1 });
    }
    sent += n;
    await counter.until(CORE_TOPIC, start + sent);
  }
  return total / (Number(process.hrtime.bigint() - t0) / 1e9);
}

try {
  await runCore(1000);
  await runRaw(1000);
  await runLinkKit(1000);
  let bestRaw = 0;
  let bestLk = 0;
  let bestCore = 0;
  for (let r = 0; r < ROUNDS; r++) {
    bestRaw = Math.max(bestRaw, await runRaw(MESSAGES));
    bestLk = Math.max(bestLk, await runLinkKit(MESSAGES));
    bestCore = Math.max(bestCore, await runCore(MESSAGES));
  }
  const ratio = bestLk / bestRaw;
  console.log(`thing_post_property (QoS 1, end to end): ${bestLk.toFixed(0)} msgs/s`);
  console.log(`raw mqtt.js publish (QoS 1, end to end): ${bestRaw.toFixed(0)} msgs/s`);
  console.log(`core MqttSession publish (QoS 1, end to end, reference): ${bestCore.toFixed(0)} msgs/s (core/raw ${(bestCore / bestRaw).toFixed(3)})`);
  console.log(`ratio linkkit/raw: ${ratio.toFixed(3)} (target >= 0.85) ${ratio >= 0.85 ? 'OK' : 'BELOW TARGET'}`);
} finally {
  await lk.destruct();
  await core.destroy();
  await raw.endAsync();
  await sink.endAsync();
  await broker.stop();
}
