import type { Server as HttpServer } from 'node:http';
import type { ClientInfo, EmulatorContext, EmulatorLog, PublishOptions, Uplink, VendorPlugin } from './plugin.js';
import { DeviceRegistry } from './registry.js';
import { MessageTrace, type MessageTraceOptions } from './trace.js';
import { FileStore } from './files.js';
import { Platform, type MqttTransport } from './platform.js';
import { vendorPlugins } from './vendors/index.js';
import { Router, type RouterRoute } from './http/router.js';
import { FaultInjector } from './http/faults.js';
import { controlRoutes } from './http/control-routes.js';
import { createHttpServer } from './http/server.js';
import { startEmbeddedBroker } from './mqtt/embedded.js';
import { attachToBroker, type AttachOptions } from './mqtt/attach.js';
import { generateSelfSignedCert, type TlsKeyPair } from './mqtt/self-signed.js';
import type { DownlinkPacerOptions } from './mqtt/downlink-pacer.js';

/** A console-like logger; missing methods are silent. */
export interface EmulatorLogger {
  /** Normal messages. */
  info?(msg: string): void;
  /** Problems the emulator survived. */
  warn?(msg: string): void;
  /** Verbose detail. */
  debug?(msg: string): void;
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Vendor plugins by name (see {@link vendorPlugins}) or as objects; every built-in vendor by default. */
  vendors?: (string | VendorPlugin)[];
  /** Interface to bind, `127.0.0.1` by default. */
  host?: string;
  /** MQTT TCP port, 0 (a free port) by default. */
  mqttPort?: number;
  /** MQTT over TLS port (0 = free port); no TLS listener when omitted. */
  mqttTlsPort?: number;
  /** Key pair of the TLS listener; a self-signed one is generated with `openssl` when omitted. */
  tls?: TlsKeyPair;
  /** Own port for MQTT over WebSocket; otherwise WebSocket is served on the HTTP port at `/mqtt`. */
  wsPort?: number;
  /** HTTP port, 0 (a free port) by default. */
  httpPort?: number;
  /** Device registry, or the path of its JSON file (created on first write). */
  registry?: DeviceRegistry | string;
  /** File store, or the directory backing it; in memory by default. */
  files?: FileStore | string;
  /** Attach mode: run as a client of this existing broker instead of embedding one. */
  attach?: AttachOptions;
  /** Logger (silent by default). */
  logger?: EmulatorLogger;
  /** Trace capacity. */
  trace?: MessageTraceOptions;
  /** Downlink pacing limits of the embedded broker. */
  downlink?: DownlinkPacerOptions;
  /** Largest accepted HTTP request body, 64 MiB by default. */
  maxHttpBodyBytes?: number;
}

/** A running emulator. */
export interface Emulator {
  /** `'embedded'` (own broker) or `'attach'` (client of an external broker). */
  readonly mode: 'embedded' | 'attach';
  /** URL devices connect to (`mqtt://host:port`; the external broker's URL in attach mode). */
  readonly mqttUrl: string;
  /** `mqtts://host:port` when a TLS listener runs. */
  readonly mqttsUrl: string | undefined;
  /** `ws://host:port/mqtt` (embedded mode). */
  readonly wsUrl: string | undefined;
  /** `http://host:port` of the control API, files and vendor HTTP endpoints. */
  readonly httpUrl: string;
  /** PEM certificate of the TLS listener (trust it as the CA in device clients). */
  readonly tlsCert: string | undefined;
  /** Names of the loaded vendor plugins, in claim order. */
  readonly vendors: string[];
  /** Device records. */
  readonly registry: DeviceRegistry;
  /** Message trace. */
  readonly trace: MessageTrace;
  /** Files served under `/files/`. */
  readonly files: FileStore;
  /** A platform context (what plugins get), for test code acting as the cloud. */
  readonly context: EmulatorContext;
  /**
   * @returns the loaded plugin of that vendor
   * @throws Error when no such plugin is loaded
   */
  plugin<T extends VendorPlugin = VendorPlugin>(name: string): T;
  /** Publishes a downlink, as a console user would. */
  publish(topic: string, payload: string | Buffer | object, opts?: PublishOptions): Promise<void>;
  /** Waits for the next device uplink on a topic matching `filter`. */
  waitForUplink(filter: string, predicate?: (topic: string, payload: Buffer) => boolean, timeoutMs?: number): Promise<Uplink>;
  /** Connected clients (embedded mode). */
  connectedClients(vendor?: string): ClientInfo[];
  /** Kicks a client. @returns false when it is not connected */
  disconnectClient(clientId: string): boolean;
  /** Stops everything (listeners, clients, plugins); leaves no handle open. Idempotent. */
  close(): Promise<void>;
}

/** Raised for an unknown vendor name. */
export class UnknownVendorError extends Error {
  /** @param name - the vendor name that has no plugin */
  constructor(name: string) {
    super(`unknown vendor plugin ${JSON.stringify(name)}; available: ${Object.keys(vendorPlugins).join(', ')}`);
    this.name = 'UnknownVendorError';
  }
}

function makeLog(logger: EmulatorLogger | undefined): EmulatorLog {
  const call = (fn: ((m: string) => void) | undefined, m: string): void => {
    try {
      fn?.call(logger, m);
    } catch {
      // a broken logger must not break the emulator
    }
  };
  return { info: (m) => call(logger?.info, m), warn: (m) => call(logger?.warn, m), debug: (m) => call(logger?.debug, m) };
}

function resolvePlugins(vendors: (string | VendorPlugin)[] | undefined): VendorPlugin[] {
  const list = vendors ?? Object.keys(vendorPlugins);
  const plugins = list.map((v) => {
    if (typeof v !== 'string') return v;
    const factory = vendorPlugins[v];
    if (!factory) throw new UnknownVendorError(v);
    return factory();
  });
  const seen = new Set<string>();
  for (const p of plugins) {
    if (seen.has(p.name)) throw new Error(`vendor plugin ${p.name} given twice`);
    seen.add(p.name);
  }
  return plugins;
}

function listenHttp(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/**
 * Starts the local cloud: HTTP server (control API, files, vendor routes), and either an embedded
 * MQTT broker (TCP, optional TLS and WebSocket) or, with `attach`, a client of an existing broker.
 * @param opts - ports, vendors, registry; everything optional
 * @returns the running emulator; call `close()` when done
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? '127.0.0.1';
  const plugins = resolvePlugins(opts.vendors);
  const registry = opts.registry instanceof DeviceRegistry ? opts.registry : new DeviceRegistry(typeof opts.registry === 'string' ? { file: opts.registry } : {});
  const files = opts.files instanceof FileStore ? opts.files : new FileStore(typeof opts.files === 'string' ? { dir: opts.files } : {});
  const trace = new MessageTrace(opts.trace);
  const log = makeLog(opts.logger);
  const platform = new Platform(plugins, registry, trace, files, log);
  const tls = opts.mqttTlsPort !== undefined && !opts.attach ? (opts.tls ?? generateSelfSignedCert(host)) : undefined;

  let markReady!: () => void;
  let failReady!: (err: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);

  const router = new Router();
  const faults = new FaultInjector();
  router.add(...controlRoutes(platform, faults));
  const http = createHttpServer(platform, { router, faults, ready, maxBodyBytes: opts.maxHttpBodyBytes });
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let transport: MqttTransport | undefined;
  let mqttsUrl: string | undefined;
  let wsUrl: string | undefined;
  const setUp: VendorPlugin[] = [];
  let closed = false;

  const closeAll = async (): Promise<void> => {
    platform.close();
    const httpClosed = new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve()));
    http.closeAllConnections();
    if (transport) await transport.close().catch((err: unknown) => log.warn(`closing MQTT failed: ${(err as Error).message}`));
    for (const p of setUp) {
      if (p.close) {
        try {
          await p.close();
        } catch (err) {
          log.warn(`${p.name}.close failed: ${(err as Error).message}`);
        }
      }
    }
    await httpClosed;
  };

  try {
    const httpPort = await listenHttp(http, opts.httpPort ?? 0, host);
    platform.httpUrl = `http://${urlHost}:${httpPort}`;
    files.setBaseUrl(platform.httpUrl);
    if (opts.attach) {
      transport = await attachToBroker(platform, opts.attach);
    } else {
      const broker = await startEmbeddedBroker(platform, {
        host,
        mqttPort: opts.mqttPort ?? 0,
        mqttTlsPort: opts.mqttTlsPort,
        tls,
        wsPort: opts.wsPort,
        httpServer: http,
        ready,
        downlink: opts.downlink,
      });
      transport = broker;
      mqttsUrl = broker.mqttsUrl;
      wsUrl = broker.wsUrl;
    }
    platform.transport = transport;
    platform.mqttUrl = transport.url;
    for (const p of plugins) {
      const ctx = platform.contextFor(p.name);
      setUp.push(p);
      if (p.setup) await p.setup(ctx);
      const routes = p.routes?.(ctx) ?? [];
      router.add(...routes.map((r): RouterRoute => ({ method: r.method, path: r.path, vendor: p.name, handler: (req) => r.handler(req, ctx) })));
    }
    markReady();
  } catch (err) {
    failReady(err as Error);
    await closeAll();
    throw err;
  }

  const context = platform.contextFor('');
  const emulator: Emulator = {
    mode: opts.attach ? 'attach' : 'embedded',
    mqttUrl: platform.mqttUrl,
    mqttsUrl,
    wsUrl,
    httpUrl: platform.httpUrl,
    tlsCert: tls?.cert,
    vendors: plugins.map((p) => p.name),
    registry,
    trace,
    files,
    context,
    plugin<T extends VendorPlugin = VendorPlugin>(name: string): T {
      const p = plugins.find((x) => x.name === name);
      if (!p) throw new Error(`vendor plugin ${name} is not loaded (loaded: ${plugins.map((x) => x.name).join(', ') || 'none'})`);
      return p as T;
    },
    publish: (topic, payload, o) => platform.publish(topic, payload, o),
    waitForUplink: (filter, predicate, timeoutMs) => platform.waitForUplink(filter, predicate, timeoutMs),
    connectedClients: (vendor) => transport?.connectedClients(vendor) ?? [],
    disconnectClient: (clientId) => transport?.disconnectClient(clientId) ?? false,
    async close() {
      if (closed) return;
      closed = true;
      await closeAll();
    },
  };
  log.info(`emulator up: mqtt ${emulator.mqttUrl}${mqttsUrl ? `, mqtts ${mqttsUrl}` : ''}${wsUrl ? `, ws ${wsUrl}` : ''}, http ${emulator.httpUrl}; vendors ${emulator.vendors.join(', ')}`);
  return emulator;
}
