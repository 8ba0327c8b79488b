import type { ClientInfo, EmulatorContext, EmulatorLog, PublishOptions, Uplink, VendorPlugin } from './plugin.js';
import type { DeviceRegistry } from './registry.js';
import type { MessageTrace } from './trace.js';
import type { FileStore } from './files.js';
import { topicMatches } from './topic.js';
import { toPayloadBuffer } from './payload.js';
import { EmulatorClosedError } from './mqtt/downlink-pacer.js';

/** How the platform reaches devices: the embedded broker or a client of an external one. */
export interface MqttTransport {
  /** URL devices connect to. */
  readonly url: string;
  /** Sends a downlink. */
  publish(topic: string, payload: Buffer, opts: { qos: 0 | 1; retain: boolean }): Promise<void>;
  /** True when the client is connected (always false in attach mode). */
  isConnected(clientId: string): boolean;
  /** Connected clients (empty in attach mode). */
  connectedClients(vendor?: string): ClientInfo[];
  /** Kicks a client. @returns false when it is not connected here */
  disconnectClient(clientId: string): boolean;
  /** Stops the transport. */
  close(): Promise<void>;
}

/** Raised by {@link EmulatorContext.waitForUplink} when nothing matching arrived in time. */
export class UplinkTimeoutError extends Error {
  /**
   * @param filter - the topic filter that was awaited
   * @param timeoutMs - how long it waited
   */
  constructor(filter: string, timeoutMs: number) {
    super(`no uplink on ${filter} within ${timeoutMs} ms`);
    this.name = 'UplinkTimeoutError';
  }
}

interface Waiter {
  filter: string;
  predicate: ((topic: string, payload: Buffer) => boolean) | undefined;
  resolve(u: Uplink): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * The transport-independent part of the emulated cloud: plugins, registry, trace, files,
 * uplink dispatch and waiters, and the {@link EmulatorContext} each plugin receives.
 * @internal
 */
export class Platform {
  /** Set once the transport is up. */
  transport: MqttTransport | undefined;
  /** `http://host:port` once the HTTP server listens. */
  httpUrl = '';
  /** URL devices connect to once the transport is up. */
  mqttUrl = '';
  private readonly waiters = new Set<Waiter>();
  private readonly contexts = new Map<string, EmulatorContext>();
  private closed = false;

  /**
   * @param plugins - loaded plugins, in claim order
   * @param registry - device records
   * @param trace - message trace
   * @param files - file store
   * @param log - emulator logger
   */
  constructor(
    readonly plugins: VendorPlugin[],
    readonly registry: DeviceRegistry,
    readonly trace: MessageTrace,
    readonly files: FileStore,
    readonly log: EmulatorLog,
  ) {}

  /** The context handed to one plugin (its log lines are prefixed with the vendor). */
  contextFor(vendor: string): EmulatorContext {
    const hit = this.contexts.get(vendor);
    if (hit) return hit;
    const urls = { http: (): string => this.httpUrl, mqtt: (): string => this.mqttUrl };
    const prefix = vendor ? `[${vendor}] ` : '';
    const ctx: EmulatorContext = {
      registry: this.registry,
      trace: this.trace,
      files: this.files,
      get httpUrl() {
        return urls.http();
      },
      get mqttUrl() {
        return urls.mqtt();
      },
      publish: (topic, payload, opts) => this.publish(topic, payload, opts),
      waitForUplink: (filter, predicate, timeoutMs) => this.waitForUplink(filter, predicate, timeoutMs),
      isConnected: (clientId) => this.transport?.isConnected(clientId) ?? false,
      connectedClients: (v) => this.transport?.connectedClients(v) ?? [],
      disconnectClient: (clientId) => {
        this.transport?.disconnectClient(clientId);
      },
      log: {
        info: (m) => this.log.info(prefix + m),
        warn: (m) => this.log.warn(prefix + m),
        debug: (m) => this.log.debug(prefix + m),
      },
    };
    this.contexts.set(vendor, ctx);
    return ctx;
  }

  /** Platform downlink (see {@link EmulatorContext.publish}). */
  async publish(topic: string, payload: string | Buffer | object, opts: PublishOptions = {}): Promise<void> {
    if (this.closed || !this.transport) throw new EmulatorClosedError();
    if (typeof topic !== 'string' || topic === '' || topic.includes('+') || topic.includes('#')) {
      throw new TypeError(`invalid downlink topic ${JSON.stringify(topic)}`);
    }
    const qos = opts.qos === 1 ? 1 : 0;
    await this.transport.publish(topic, toPayloadBuffer(payload), { qos, retain: opts.retain === true });
  }

  /** See {@link EmulatorContext.waitForUplink}. */
  waitForUplink(filter: string, predicate?: (topic: string, payload: Buffer) => boolean, timeoutMs = 10_000): Promise<Uplink> {
    if (this.closed) return Promise.reject(new EmulatorClosedError());
    return new Promise<Uplink>((resolve, reject) => {
      const waiter: Waiter = {
        filter,
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new UplinkTimeoutError(filter, timeoutMs));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Runs a plugin hook, tracing and logging anything it throws or rejects with. */
  guard(vendor: string, hook: string, clientId: string, fn: () => unknown): void {
    const fail = (err: unknown): void => {
      const reason = `${vendor}.${hook} failed: ${errorText(err)}`;
      this.trace.record({ kind: 'error', clientId, vendor, reason });
      this.log.warn(reason);
    };
    try {
      const r = fn();
      if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).then(undefined, fail);
    } catch (err) {
      fail(err);
    }
  }

  /** Hands a device uplink to waiters and to the plugin. Never throws. */
  dispatchUplink(plugin: VendorPlugin | undefined, client: ClientInfo, topic: string, payload: Buffer): void {
    for (const w of [...this.waiters]) {
      if (!topicMatches(w.filter, topic)) continue;
      let ok = true;
      if (w.predicate) {
        try {
          ok = w.predicate(topic, payload);
        } catch {
          ok = false;
        }
      }
      if (!ok) continue;
      this.waiters.delete(w);
      clearTimeout(w.timer);
      w.resolve({ topic, payload, clientId: client.clientId });
    }
    if (plugin?.onPublish) {
      const ctx = this.contextFor(plugin.name);
      const onPublish = plugin.onPublish.bind(plugin);
      this.guard(plugin.name, 'onPublish', client.clientId, () => onPublish(client, topic, payload, ctx));
    }
  }

  /** Rejects pending waiters; further publishes fail. */
  close(): void {
    this.closed = true;
    const err = new EmulatorClosedError();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(err);
    }
    this.waiters.clear();
  }
}
