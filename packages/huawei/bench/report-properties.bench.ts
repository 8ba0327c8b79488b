/**
 * `DeviceClient.report_properties` vs raw mqtt.js publishing the same property report, side by side on one
 * Mosquitto in one run: QoS 1 throughput (msgs/s, median of rounds) and the ratio huawei/raw (target >= 0.85).
 * The raw side builds its JSON per message too, as an application without the SDK would.
 *
 * Run: `pnpm --filter @iot/huawei bench`. Environment: BENCH_N (messages per round, 5000), BENCH_ROUNDS (7), BENCH_BATCH (500).
 */
import { startMosquitto } from '@iot/emulator';
import { connect as mqttConnect } from 'mqtt';
import { ActionListener, ClientConf, ConnectAuthInfo, IotDevice, ServiceProperty } from '../src/index.js';

const num = (k: string, d: number): number => (process.env[k] ? Number(process.env[k]) : d);
const N = num('BENCH_N', 5000);
const ROUNDS = num('BENCH_ROUNDS', 7);
const BATCH = num('BENCH_BATCH', 500);

type Side = (count: number) => Promise<void>;

const props = (i: number): Record<string, number> => ({ alarm: i % 2, smokeConcentration: 36, temperature: 64, humidity: 32 });

async function main(): Promise<void> {
  const broker = await startMosquitto();
  const raw = mqttConnect(broker.url, { clientId: 'bench-raw', clean: true, keepalive: 120, reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    raw.once('connect', () => resolve());
    raw.once('error', reject);
  });
  const rawSide: Side = (count) =>
    new Promise<void>((resolve, reject) => {
      let left = count;
      for (let i = 0; i < count; i++) {
        const body = JSON.stringify({ services: [{ service_id: 'smokeDetector', properties: props(i), event_time: null }] });
        raw.publish('$oc/devices/bench_raw/sys/properties/report', body, { qos: 1 }, (err) => {
          if (err) reject(err);
          else if (--left === 0) resolve();
        });
      }
    });

  const info = new ConnectAuthInfo();
  info.server_uri = '127.0.0.1';
  info.port = 1883;
  info.id = 'bench_device';
  info.secret = 'secret';
  info.inflight_messages = 0;
  const device = new IotDevice(new ClientConf(info, null, { broker_port: broker.port }));
  device.get_device_log_service().log_switch = false;
  if ((await device.connect()) !== 0) throw new Error('device connect failed');
  const client = device.get_client();
  const deviceSide: Side = (count) =>
    new Promise<void>((resolve, reject) => {
      let left = count;
      const l = new (class extends ActionListener {
        on_success(): void {
          if (--left === 0) resolve();
        }
        on_failure(message: string): void {
          reject(new Error(message));
        }
      })();
      for (let i = 0; i < count; i++) client.report_properties([new ServiceProperty('smokeDetector', props(i))], l);
    });

  const round = async (flip: boolean): Promise<[number, number]> => {
    const spent = [0n, 0n];
    for (let i = 0, k = 0; i < N; i += BATCH, k++) {
      const count = Math.min(BATCH, N - i);
      const order = (k % 2 === 0) !== flip ? [0, 1] : [1, 0];
      for (const s of order) {
        const t0 = process.hrtime.bigint();
        await (s === 0 ? rawSide : deviceSide)(count);
        spent[s]! += process.hrtime.bigint() - t0;
      }
    }
    return [N / (Number(spent[0]) / 1e9), N / (Number(spent[1]) / 1e9)];
  };
  await round(false);
  await round(true);
  const r: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const [a, b] = await round(i % 2 === 1);
    r.push(a);
    d.push(b);
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const ratio = median(d) / median(r);
  console.log(`report_properties QoS 1, ${ROUNDS} rounds x ${N} msgs, batches of ${BATCH} (median msgs/s)`);
  console.log(`  raw mqtt.js ${Math.round(median(r))}  @iot/huawei ${Math.round(median(d))}  ratio huawei/raw ${ratio.toFixed(2)} (target >= 0.85)`);
  await device.destroy();
  await raw.endAsync();
  await broker.stop();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
