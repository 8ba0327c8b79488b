// Test harness for MqttSession suites: one restartable broker API over aedes and Mosquitto, a raw mqtt.js
// observer, deterministic backoff, and small waiting helpers.
import { startAedesBroker, startMosquitto, type AedesBroker } from '@iot/emulator';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import type { BackoffContext, BackoffStrategy } from '../../src/session/backoff.js';

export type BrokerKind = 'aedes' | 'mosquitto';

/** A broker that can crash and come back on the same port. */
export interface TestBroker {
  kind: BrokerKind;
  url: string;
  port: number;
  /** The aedes handle (aedes only). */
  aedes?: AedesBroker;
  /** Simulates a crash: every connection drops at once. */
  crash(): Promise<void>;
  /** Starts the broker again on the same port. */
  restart(): Promise<void>;
  /** Final stop. */
  close(): Promise<void>;
}

export async function startBroker(kind: BrokerKind): Promise<TestBroker> {
  if (kind === 'aedes') {
    const b = await startAedesBroker();
    let up = true;
    return {
      kind,
      url: b.url,
      port: b.port,
      aedes: b,
      async crash() {
        up = false;
        await b.stop();
      },
      async restart() {
        await b.restart();
        up = true;
      },
      async close() {
        if (up) await b.stop();
        up = false;
      },
    };
  }
  let m = await startMosquitto();
  let up = true;
  const port = m.port;
  return {
    kind,
    url: m.url,
    port,
    async crash() {
      up = false;
      await m.stop({ hard: true });
    },
    async restart() {
      m = await startMosquitto({ port });
      up = true;
    },
    async close() {
      if (up) await m.stop();
      up = false;
    },
  };
}

/** A raw mqtt.js client used to see what went over the wire. */
export async function observer(url: string, opts: IClientOptions = {}): Promise<MqttClient & { received: Array<{ topic: string; payload: string; qos: number }> }> {
  const c = (await connectAsync(url, { reconnectPeriod: 0, clientId: `obs-${Math.random().toString(16).slice(2, 10)}`, ...opts })) as MqttClient & {
    received: Array<{ topic: string; payload: string; qos: number }>;
  };
  c.received = [];
  c.on('message', (topic, payload, packet) => c.received.push({ topic, payload: payload.toString(), qos: packet.qos }));
  c.on('error', () => undefined);
  return c;
}

/** A strategy returning a fixed list of delays and recording what it was asked. */
export class RecordingStrategy implements BackoffStrategy {
  readonly asked: BackoffContext[] = [];
  readonly given: number[] = [];
  resets = 0;
  connects = 0;
  constructor(private readonly delays: number[]) {}
  next(ctx: BackoffContext): number {
    this.asked.push({ ...ctx });
    const d = this.delays[Math.min(ctx.attempt - 1, this.delays.length - 1)]!;
    this.given.push(d);
    return d;
  }
  reset(): void {
    this.resets++;
  }
  onConnected(): void {
    this.connects++;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `cond` every 10 ms until true, failing after `timeoutMs`. */
export async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A promise with its resolver, to gate a credentials provider. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

let counter = 0;
/** A unique client id / topic prefix per test. */
export function uid(prefix = 't'): string {
  counter++;
  return `${prefix}${process.pid}x${counter}x${Math.random().toString(16).slice(2, 8)}`;
}
