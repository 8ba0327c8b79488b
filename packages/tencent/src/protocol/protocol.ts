/**
 * The vendor SDK's `AsyncConnClient` on top of the `@iot/core` MqttSession: connection parameters of the
 * Tencent broker (host, port, MQTT 3.1, client id, username/password, TLS), the vendor reconnect schedule,
 * and paho-style return codes and message ids for publish/subscribe/unsubscribe.
 * @module
 */
import { rootCertificates } from 'node:tls';
import { readFileSync } from 'node:fs';
import { MqttSession, type DisconnectCause, type Logger, type MqttSessionOptions, type TlsOptions } from '@iot/core';
import { TencentBackoff } from './backoff.js';
import { generateConnId, mqttAuth } from '../utils/codec.js';
import { TENCENT_IOT_CA_PEM } from '../utils/tencent-ca.js';

/** paho 1.5.1 `MQTT_ERR_*` codes used by the SDK. */
export const MQTT_ERR = {
  AGAIN: -1,
  SUCCESS: 0,
  NOMEM: 1,
  PROTOCOL: 2,
  INVAL: 3,
  NO_CONN: 4,
  CONN_REFUSED: 5,
  NOT_FOUND: 6,
  CONN_LOST: 7,
  TLS: 8,
  PAYLOAD_SIZE: 9,
  NOT_SUPPORTED: 10,
  AUTH: 11,
  ACL_DENIED: 12,
  UNKNOWN: 13,
  ERRNO: 14,
  QUEUE_SIZE: 15,
} as const;

/** Everything needed to reach the broker. */
export interface ConnectionConfig {
  /** Product id. */
  productId: string;
  /** Device name. */
  deviceName: string;
  /** Base64 device secret. */
  deviceSecret: string;
  /** Broker host. */
  host: string;
  /** TLS on. */
  tls: boolean;
  /** MQTT over WebSocket. */
  websocket: boolean;
  /** Port override (default: 8883 / 443 / 1883 / 80 by transport). */
  port?: number;
  /** WebSocket path, `/mqtt`. */
  wsPath?: string;
  /** CERT mode files: CA, client certificate, client key. */
  cert?: { ca: string; cert: string; key: string };
  /** Extra trusted CA(s) in key mode (added to the Tencent CA and the system roots). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Verify the server certificate (true). */
  rejectUnauthorized: boolean;
  /** Re-subscribe tracked subscriptions after a reconnect (false: vendor behaviour). */
  restoreSubscriptions: boolean;
  /** Milliseconds per backoff second (1000). */
  reconnectUnitMs: number;
  /** Randomness for connid and backoff. */
  random: () => number;
  /** Clock (ms). */
  now: () => number;
  /** Transport log. */
  logger: Logger;
}

/** What the protocol layer reports to the hub (the paho callbacks). */
export interface ProtocolEvents {
  /** Accepted CONNACK. */
  onConnect(sessionPresent: boolean): void;
  /** Connection ended (`rc` paho style: 0 requested, 7 lost, 1 keepalive timeout). */
  onDisconnect(rc: number, cause: DisconnectCause): void;
  /** A connect attempt failed before CONNACK at network level. */
  onNetworkFailure(): void;
  /** A new attempt starts. */
  onReconnecting(): void;
  /** Inbound PUBLISH. */
  onMessage(topic: string, payload: Buffer, qos: number): void;
  /** PUBLISH completed (QoS 0 written, QoS 1 PUBACKed). */
  onPublish(mid: number): void;
  /** SUBACK: first granted QoS. */
  onSubscribe(qos: number, mid: number): void;
  /** UNSUBACK. */
  onUnsubscribe(mid: number): void;
}

/** A subscription request: a topic or `[topic, qos]` pairs. */
export type SubscribeTopic = string | [string, number] | Array<[string, number]>;

/** The single MQTT client of a hub. */
export class AsyncConnClient {
  /** Current credentials (re-computed before every connect attempt). */
  private username = '';
  private password = '';
  private keepalive = 60;
  private commandTimeoutSec = 5;
  private maxQueued = 0;
  private session: MqttSession | undefined;
  private sessionKeepalive = -1;
  /**
   * The session was built before the certificate files could be read (a CERT device before `dynregDevice` wrote
   * them): it is rebuilt, reading them, on `connect()` — Python's paho also reads them only when connecting.
   */
  private tlsPending = false;
  private readonly backoff: TencentBackoff;

  /**
   * @param cfg - connection settings
   * @param events - hub callbacks
   */
  constructor(
    readonly cfg: ConnectionConfig,
    private readonly events: ProtocolEvents,
  ) {
    this.backoff = new TencentBackoff({ random: cfg.random, unitMs: cfg.reconnectUnitMs });
    this.generateCredentials();
    this.session = this.createSession(true);
  }

  /** Client id `{productId}{deviceName}`. */
  get clientId(): string {
    return this.cfg.productId + this.cfg.deviceName;
  }

  /** Username of the last computed credentials. */
  get currentUsername(): string {
    return this.username;
  }

  /** Secrets to redact from logs. */
  secrets(): string[] {
    return [this.cfg.deviceSecret, this.password].filter((s) => s.length > 0);
  }

  /** The broker port (vendor default by transport unless overridden). */
  get port(): number {
    const c = this.cfg;
    return c.port ?? (c.websocket ? (c.tls ? 443 : 80) : c.tls ? 8883 : 1883);
  }

  /** The broker URL. */
  get url(): string {
    const c = this.cfg;
    const port = this.port;
    const scheme = c.websocket ? (c.tls ? 'wss' : 'ws') : c.tls ? 'mqtts' : 'mqtt';
    const host = c.host.includes(':') && !c.host.startsWith('[') ? `[${c.host}]` : c.host;
    return `${scheme}://${host}:${port}${c.websocket ? (c.wsPath ?? '/mqtt') : ''}`;
  }

  /** True while the MQTT connection is up. */
  get connected(): boolean {
    return this.session?.connected === true;
  }

  /** True while connecting, connected or waiting to reconnect (the vendor's "loop thread running"). */
  get running(): boolean {
    const s = this.session?.state;
    return s === 'connecting' || s === 'connected' || s === 'reconnecting';
  }

  /** Messages waiting in the offline buffer. */
  get bufferedCount(): number {
    return this.session?.bufferedCount ?? 0;
  }

  private generateCredentials(): void {
    const a = mqttAuth(this.cfg.productId, this.cfg.deviceName, this.cfg.deviceSecret, generateConnId(this.cfg.random), this.cfg.now());
    this.username = a.username;
    this.password = a.password;
  }

  private tlsOptions(): TlsOptions | undefined {
    const c = this.cfg;
    if (!c.tls) return undefined;
    if (c.cert) {
      return {
        ca: readFileSync(c.cert.ca),
        cert: readFileSync(c.cert.cert),
        key: readFileSync(c.cert.key),
        rejectUnauthorized: c.rejectUnauthorized,
      };
    }
    const extra = c.ca === undefined ? [] : Array.isArray(c.ca) ? c.ca : [c.ca];
    return { ca: [...rootCertificates, TENCENT_IOT_CA_PEM, ...extra], rejectUnauthorized: c.rejectUnauthorized };
  }

  /** @param lenient - build without TLS material when the certificate files cannot be read yet (constructor) */
  private createSession(lenient = false): MqttSession {
    let tls: TlsOptions | undefined;
    try {
      tls = this.tlsOptions();
      this.tlsPending = false;
    } catch (err) {
      if (!lenient) throw err;
      tls = undefined;
      this.tlsPending = true;
    }
    const opts: MqttSessionOptions = {
      url: this.url,
      credentials: () => {
        this.generateCredentials();
        return { clientId: this.clientId, username: this.username, password: this.password };
      },
      protocolVersion: 3,
      keepalive: this.keepalive,
      clean: true,
      connectTimeoutMs: this.keepalive * 1000,
      tls,
      // paho's WebSocket handshake: Host always with the port, Origin always https
      ...(this.cfg.websocket ? { wsHeaders: { Host: `${this.cfg.host}:${this.port}`, Origin: `https://${this.cfg.host}:${this.port}` } } : {}),
      reconnect: { enabled: true, strategy: this.backoff, stopOnAuthFailure: false },
      offlineBuffer: { qos0: false, maxMessages: this.maxQueued > 0 ? this.maxQueued : 1_000_000, maxBytes: 256 * 1024 * 1024 },
      restoreSubscriptions: this.cfg.restoreSubscriptions,
      maxInflight: 20,
      logger: this.cfg.logger,
    };
    const s = new MqttSession(opts);
    this.sessionKeepalive = this.keepalive;
    s.on('connect', (info) => this.events.onConnect(info.sessionPresent));
    s.on('disconnect', (info) => {
      if (info.cause === 'network' || info.cause === 'refused') {
        if (info.cause === 'network') this.events.onNetworkFailure();
        return;
      }
      const rc = info.cause === 'requested' ? 0 : /keepalive/i.test(info.error?.message ?? '') ? 1 : MQTT_ERR.CONN_LOST;
      this.events.onDisconnect(rc, info.cause);
    });
    s.on('reconnecting', () => this.events.onReconnecting());
    s.on('message', (topic, payload, packet) => this.events.onMessage(topic, payload, packet.qos));
    s.on('error', (err) => this.cfg.logger.debug(`mqtt: ${err.message}`));
    return s;
  }

  /** Sets the backoff bounds and caps the offline queue at 40 messages (vendor `setReconnectInterval`). */
  setReconnectInterval(maxSec: number, minSec: number): void {
    this.backoff.maxSec = maxSec;
    this.backoff.minSec = minSec;
    this.maxQueued = 40;
  }

  /** Stores the vendor "message timeout" (the paho loop select timeout; nothing waits on it in Node). */
  setMessageTimout(timeout: number): void {
    this.commandTimeoutSec = timeout;
  }

  /** @returns the stored message timeout in seconds */
  get messageTimeout(): number {
    return this.commandTimeoutSec;
  }

  /** Keepalive used by the next connect. */
  setKeepaliveInterval(interval: number): void {
    this.keepalive = interval;
  }

  /** @returns the keepalive of the next connect */
  get keepaliveInterval(): number {
    return this.keepalive;
  }

  /** Starts connecting (and reconnecting for ever, vendor style). */
  connect(): void {
    if (!this.session || this.session.state === 'destroyed' || this.tlsPending || (this.sessionKeepalive !== this.keepalive && !this.running)) {
      const old = this.session;
      this.session = this.createSession();
      if (old) void old.destroy().catch(() => undefined);
    }
    this.session.connect().catch((err: unknown) => this.cfg.logger.debug(`connect ended: ${(err as Error).message}`));
  }

  /** Sends DISCONNECT and stops reconnecting. */
  async disconnect(): Promise<void> {
    await this.session?.disconnect();
  }

  /** Closes everything for good (no handle left). */
  async destroy(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    await s?.destroy();
  }

  /**
   * Publishes text (already JSON-encoded by the caller).
   * @returns `[rc, mid]`: 0 written/queued while connected; 4 not connected (QoS 1 is kept and sent after the next
   *   CONNACK); 15 offline queue full
   */
  publish(topic: string, payload: string, qos: number): [number, number] {
    const s = this.session;
    if (!s) return [-1, -1];
    const q = (qos >= 2 ? 2 : qos <= 0 ? 0 : 1) as 0 | 1 | 2;
    if (!s.connected) {
      if (q === 0) return [MQTT_ERR.NO_CONN, s.nextMid()];
      if (this.maxQueued > 0 && s.bufferedCount >= this.maxQueued) return [MQTT_ERR.QUEUE_SIZE, s.nextMid()];
    }
    const wasConnected = s.connected;
    const op = s.publish(topic, payload, { qos: q, whenOffline: 'buffer' });
    op.done.then(
      () => this.events.onPublish(op.mid),
      (err: unknown) => this.cfg.logger.debug(`publish ${op.mid} failed: ${(err as Error).message}`),
    );
    return [wasConnected ? 0 : MQTT_ERR.NO_CONN, op.mid];
  }

  /**
   * Subscribes (vendor `AsyncConnClient.subscribe`).
   * @returns `[0, mid]`, `[2, null]` when not connected
   * @throws RangeError `Invalid QoS level.` (QoS not 0/1), TypeError `Invalid topic.`
   */
  subscribe(topic: SubscribeTopic, qos = -1): [number, number | null] {
    let list: Array<[string, number]>;
    if (typeof topic === 'string') list = [[topic, qos]];
    else if (topic.length === 2 && typeof topic[0] === 'string' && typeof topic[1] === 'number') list = [[topic[0], topic[1]]];
    else list = (topic as Array<[string, number]>).map((e) => (Array.isArray(e) ? [e[0], e[1]] : [e as unknown as string, qos]));
    for (const [t, q] of list) {
      if (typeof q !== 'number' || q < 0 || q > 1) throw new RangeError('Invalid QoS level.');
      if (typeof t !== 'string' || t.length === 0) throw new TypeError('Invalid topic.');
    }
    const s = this.session;
    if (!s) return [-1, -1];
    if (!s.connected) return [2, null];
    // one SUBSCRIBE per requested QoS (the core session takes one QoS per call)
    const groups = new Map<number, string[]>();
    for (const [t, q] of list) groups.set(q, [...(groups.get(q) ?? []), t]);
    let first: number | null = null;
    let firstDone: Promise<unknown> | undefined;
    for (const [q, topics] of groups) {
      const op = s.subscribe(topics.length === 1 ? topics[0]! : topics, { qos: q as 0 | 1 });
      if (first === null) {
        first = op.mid;
        firstDone = op.done.then((grants) => this.events.onSubscribe(grants[0]?.qos ?? 128, op.mid));
      } else {
        op.done.catch(() => undefined);
      }
    }
    firstDone?.catch((err: unknown) => this.cfg.logger.debug(`subscribe failed: ${(err as Error).message}`));
    return [0, first];
  }

  /**
   * Unsubscribes a list of topics in one UNSUBSCRIBE.
   * @returns `[0, mid]`, `[4, null]` when not connected
   */
  unsubscribe(topics: string[]): [number, number | null] {
    const s = this.session;
    if (!s) return [-1, -1];
    if (!s.connected) return [MQTT_ERR.NO_CONN, null];
    const op = s.unsubscribe(topics.length === 1 ? topics[0]! : topics);
    op.done.then(
      () => this.events.onUnsubscribe(op.mid),
      (err: unknown) => this.cfg.logger.debug(`unsubscribe failed: ${(err as Error).message}`),
    );
    return [0, op.mid];
  }
}
