/**
 * The vendor plugin contract of the emulator (see docs/design/emulator-plugin.md).
 * A plugin implements one vendor's platform side: who may connect, which topics a
 * device may use, how the platform answers uplinks, and vendor HTTP endpoints.
 * @packageDocumentation
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { DeviceRegistry } from './registry.js';
import type { MessageTrace } from './trace.js';
import type { FileStore } from './files.js';

/** What a device presented in its MQTT CONNECT. */
export interface ConnectInfo {
  /** MQTT client id. */
  clientId: string;
  /** MQTT username, if any. */
  username?: string;
  /** MQTT password bytes, if any. Never logged or traced. */
  password?: Buffer;
  /** 3 (3.1), 4 (3.1.1) or 5. */
  protocolVersion: number;
  /** True when the device connected over the TLS listener. */
  tls: boolean;
  /** Client certificate presented over TLS (X.509 authentication), if any. */
  peerCertificate?: { fingerprint256: string; subject?: string };
}

/**
 * Outcome of {@link VendorPlugin.authenticate}: accepted with an optional session
 * (stored on the client, e.g. the device key), or refused with a CONNACK code
 * (2 identifier rejected, 4 bad username or password, 5 not authorized).
 */
export type AuthResult =
  | { ok: true; session?: Record<string, unknown> }
  | { ok: false; returnCode: 2 | 4 | 5; reason: string };

/** A connected, authenticated device as plugins see it. */
export interface ClientInfo {
  /** MQTT client id. */
  clientId: string;
  /** Session data returned by {@link VendorPlugin.authenticate} (mutable by the plugin). */
  session: Record<string, unknown>;
  /** Name of the plugin that authenticated the client. */
  vendor: string;
}

/** One vendor's platform side. Every hook but {@link VendorPlugin.claims} and {@link VendorPlugin.authenticate} is optional. */
export interface VendorPlugin {
  /** Vendor name: `'aliyun' | 'huawei' | 'tencent' | 'test'`. */
  readonly name: string;
  /** Called once when the emulator starts, before any client connects. */
  setup?(ctx: EmulatorContext): void | Promise<void>;
  /** Claims a CONNECT (e.g. by client id shape). The first plugin that claims it authenticates it; unclaimed → CONNACK 5. */
  claims(conn: ConnectInfo): boolean;
  /** Checks the credentials of a claimed CONNECT. */
  authenticate(conn: ConnectInfo, ctx: EmulatorContext): AuthResult | Promise<AuthResult>;
  /** `false` → the PUBLISH is dropped (and traced as `denied`). Absent → allowed. */
  authorizePublish?(client: ClientInfo, topic: string): boolean;
  /** `false` → SUBACK 0x80 for that filter (traced as `denied`). Absent → allowed. */
  authorizeSubscribe?(client: ClientInfo, topic: string): boolean;
  /** Topics the platform subscribes the device to without a SUBSCRIBE (delivered server-side). */
  autoSubscriptions?(client: ClientInfo): string[];
  /**
   * Topic filters the emulator must subscribe to in attach mode (it then sees the
   * devices' uplinks as an ordinary MQTT client of an external broker). Absent → `#`.
   */
  uplinkFilters?(): string[];
  /** A device of this plugin finished connecting. */
  onConnected?(client: ClientInfo, ctx: EmulatorContext): void;
  /** A device of this plugin went away (clean or not). */
  onDisconnected?(client: ClientInfo, ctx: EmulatorContext): void;
  /** Every uplink PUBLISH from a device this plugin authenticated. Answer with ctx.publish(...). Must never throw on bad input: answer with the vendor's error shape or ignore (traced). */
  onPublish?(client: ClientInfo, topic: string, payload: Buffer, ctx: EmulatorContext): void | Promise<void>;
  /** HTTP routes: vendor device-side endpoints (registration, OTA, HTTP publish) and control endpoints under /control/<vendor>/... */
  routes?(ctx: EmulatorContext): HttpRoute[];
  /** Called when the emulator closes. */
  close?(): void | Promise<void>;
}

/** An HTTP endpoint contributed by a plugin. */
export interface HttpRoute {
  /** HTTP method. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Exact path (no query), or a RegExp whose groups become {@link HttpRequest.params}. */
  path: string | RegExp;
  /** Answers the request; throw {@link HttpError} for a 4xx. */
  handler(req: HttpRequest, ctx: EmulatorContext): HttpResponse | Promise<HttpResponse>;
}

/** A fully read HTTP request handed to a route. */
export interface HttpRequest {
  /** Upper-case method. */
  method: string;
  /** Path without the query string (not percent-decoded). */
  path: string;
  /** Parsed query string. */
  query: URLSearchParams;
  /** Request headers (lower-case names). */
  headers: IncomingHttpHeaders;
  /** Raw body (empty when none). */
  body: Buffer;
  /** RegExp groups of the matched route path (empty for string paths). */
  params: string[];
  /** Parses the body as JSON; throws HttpError 400 when it is not valid JSON. */
  json<T = unknown>(): T;
}

/** What a route answers. */
export interface HttpResponse {
  /** Status code, 200 by default. */
  status?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Body: a string, bytes, or an object sent as JSON. */
  body?: string | Buffer | object;
}

/** Logger used by the emulator and its plugins. */
export interface EmulatorLog {
  /** Normal operational message. */
  info(msg: string): void;
  /** Something went wrong but the emulator carries on. */
  warn(msg: string): void;
  /** Verbose detail. */
  debug(msg: string): void;
}

/** Options of {@link EmulatorContext.publish}. */
export interface PublishOptions {
  /** QoS of the downlink, 0 by default. */
  qos?: 0 | 1;
  /** Retain flag, false by default. */
  retain?: boolean;
}

/** An uplink captured by {@link EmulatorContext.waitForUplink}. */
export interface Uplink {
  /** Topic of the PUBLISH. */
  topic: string;
  /** Payload bytes. */
  payload: Buffer;
  /** Client id of the sender (empty in attach mode, where the broker does not tell). */
  clientId: string;
}

/** What the emulator offers to plugins. */
export interface EmulatorContext {
  /** Device records of every vendor. */
  readonly registry: DeviceRegistry;
  /** Message trace. */
  readonly trace: MessageTrace;
  /** Static hosting with Range under /files/<name>. */
  readonly files: FileStore;
  /** `http://host:port` of the HTTP server. */
  readonly httpUrl: string;
  /** `mqtt://host:port` of the broker devices use. */
  readonly mqttUrl: string;
  /** Publishes from the platform to a topic (downlink). Paced: aedes QoS 1 floods are bounded. */
  publish(topic: string, payload: string | Buffer | object, opts?: PublishOptions): Promise<void>;
  /** Waits for the next uplink on a topic matching filter (and predicate) — used to return a device reply to an HTTP caller (RRPC, sync services, commands). */
  waitForUplink(filter: string, predicate?: (topic: string, payload: Buffer) => boolean, timeoutMs?: number): Promise<Uplink>;
  /** True when a client with that id is connected (embedded mode). */
  isConnected(clientId: string): boolean;
  /** Connected, authenticated clients, optionally of one vendor. */
  connectedClients(vendor?: string): ClientInfo[];
  /** Kicks a client (tests: forced reconnect). */
  disconnectClient(clientId: string): void;
  /** Logger. */
  readonly log: EmulatorLog;
}
