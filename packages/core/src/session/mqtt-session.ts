/**
 * {@link MqttSession}: one long-lived MQTT connection over mqtt.js 5 with its own reconnect policy, fresh
 * credentials per attempt, an offline buffer, in-flight QoS 1 protection and tracked subscriptions.
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { connect as mqttConnect, type IClientOptions, type IConnackPacket, type IPublishPacket, type MqttClient, type Packet } from 'mqtt';
import type { ConnectionOptions, SecureVersion } from 'node:tls';
import { callSafely } from '../events.js';
import { redactingLogger, silentLogger, type Logger } from '../log/logger.js';
import { ExponentialBackoff, type BackoffStrategy, type DisconnectCause } from './backoff.js';
import { MqttConnectError, OfflineError, RedeliveryLimitError, SessionClosedError } from './errors.js';
import { Fifo } from './fifo.js';
import { MemoryOfflineStore, OfflineBuffer, type BufferedMessage, type OfflineStore } from './offline-buffer.js';
import { Operation, failedOperation, type MqttOperation } from './operation.js';
import { isValidTopicFilter, isValidTopicName, topicMatches } from './topic-filter.js';
import { acceptAnyHostname } from '../tls/verify-hostname.js';

/** What the broker is told in CONNECT. */
export interface MqttCredentials {
  /** CONNECT client identifier. */
  clientId: string;
  /** CONNECT user name. */
  username?: string;
  /** CONNECT password (never logged). */
  password?: string | Buffer;
}

/** Produces credentials; called before EVERY connect attempt, so time-based signatures are always fresh. */
export type CredentialsProvider = () => MqttCredentials | Promise<MqttCredentials>;

/** TLS settings for `mqtts://` and `wss://`. */
export interface TlsOptions {
  /** Trusted CA certificate(s), PEM. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate (PEM) for mutual TLS. */
  cert?: string | Buffer;
  /** Client private key (PEM). */
  key?: string | Buffer;
  /** Passphrase of `key`. */
  passphrase?: string;
  /** SNI server name, when it differs from the URL host. */
  servername?: string;
  /** Verify the server certificate; true unless explicitly turned off. */
  rejectUnauthorized?: boolean;
  /**
   * Check that the server certificate was issued for the host connected to (or `servername`), true. `false` still
   * verifies the certificate chain against `ca` (with `rejectUnauthorized`) but accepts any host name: what Python's
   * paho `tls_insecure_set(True)` does, for brokers whose certificate names another host.
   */
  verifyHostname?: boolean;
  /** Lowest TLS version offered (`'TLSv1.2'`, ...), Node's default when unset. */
  minVersion?: SecureVersion;
  /** Highest TLS version offered (`'TLSv1.2'` pins TLS 1.2 together with `minVersion`), Node's default when unset. */
  maxVersion?: SecureVersion;
}

/** Reconnect policy of a session. */
export interface ReconnectOptions {
  /** Reconnect after failures and drops, true. */
  enabled?: boolean;
  /** Delay schedule, `new ExponentialBackoff()` by default. */
  strategy?: BackoffStrategy;
  /** A connection that stayed up this long resets the strategy, 10000 ms. */
  stableAfterMs?: number;
  /** Stop retrying on CONNACK 4/5 (MQTT 5: 0x86/0x87), true. Some vendors want retries anyway: set false. */
  stopOnAuthFailure?: boolean;
}

/** Offline buffer settings. */
export interface OfflineBufferOptions {
  /** Most messages held, 1000; 0 disables buffering (publishes while offline are rejected with {@link OfflineError}). */
  maxMessages?: number;
  /** Most bytes held (topic + payload), 8 MiB. */
  maxBytes?: number;
  /** Where messages are held, a new {@link MemoryOfflineStore} by default; use a FileOfflineStore to survive restarts. */
  store?: OfflineStore;
  /** Buffer QoS 0 publishes too, true. */
  qos0?: boolean;
}

/** Options of {@link MqttSession}. */
export interface MqttSessionOptions {
  /** Broker URL: `mqtt://`, `mqtts://`, `ws://`, `wss://` host:port[/path]. */
  url: string;
  /** Fixed credentials, or a provider called before every connect attempt. */
  credentials: MqttCredentials | CredentialsProvider;
  /** 4 = MQTT 3.1.1 (default), 3 = MQTT 3.1 (protocol name `MQIsdp`), 5 = MQTT 5. */
  protocolVersion?: 3 | 4 | 5;
  /** Keep-alive interval in seconds, 60. */
  keepalive?: number;
  /** Clean session / clean start, true. */
  clean?: boolean;
  /** Time allowed from opening the socket to CONNACK, 30000 ms. */
  connectTimeoutMs?: number;
  /** TLS settings for `mqtts://` and `wss://`. */
  tls?: TlsOptions;
  /** Extra HTTP headers of the WebSocket upgrade request. */
  wsHeaders?: Record<string, string>;
  /** MQTT 5 CONNECT properties. */
  properties?: Record<string, unknown>;
  /** Last will: published by the broker if the connection ends without DISCONNECT. */
  will?: { topic: string; payload: string | Buffer; qos?: 0 | 1 | 2; retain?: boolean };
  /** Reconnect policy, or false to never reconnect (connect() then rejects on the first failure). */
  reconnect?: ReconnectOptions | false;
  /** Offline buffer settings, or false to reject publishes made while offline. */
  offlineBuffer?: OfflineBufferOptions | false;
  /** Re-subscribe every tracked subscription after each reconnect, true. */
  restoreSubscriptions?: boolean;
  /** Most QoS 1/2 publishes awaiting their acknowledgement at once, 0 = unlimited (an MQTT 5 server's receiveMaximum is always respected). */
  maxInflight?: number;
  /**
   * How often the oldest unacknowledged QoS 1/2 message is sent again after the connection dropped while it was in
   * flight, 5. After that many drops it is given up (its `done` rejects with {@link RedeliveryLimitError}, `error` is
   * emitted) and the messages behind it go on: brokers that answer a forbidden publish by closing the connection
   * would otherwise get it after every reconnect, blocking everything else. `Infinity` never gives up.
   */
  maxRedeliveries?: number;
  /** Where the session logs (secrets redacted), silent by default. */
  logger?: Logger;
  /**
   * When messages kept across a reconnect (unacknowledged QoS 1/2 publishes and the offline buffer) go out,
   * relative to the `connect` event:
   * - `'before-connect-event'` (default): right after the CONNACK, before `state`/`connect` are emitted, so they
   *   precede anything published from a `connect` listener.
   * - `'after-connect-event'`: like paho-based Python SDKs, which run their on-connect callbacks first. Publishes made
   *   from `state`/`connect` listeners (and, with {@link MqttSessionOptions.beforeReplay}, until its promise settles)
   *   are sent first, then the kept messages in order, then `bufferReplay` is emitted and `connect()` resolves;
   *   publishes made after that follow the replay.
   */
  replay?: 'before-connect-event' | 'after-connect-event';
  /**
   * With `replay: 'after-connect-event'`: awaited after the `connect` listeners returned and before the replay, for
   * SDKs whose on-connect callbacks run on a later tick (a callback queue). Publishes made meanwhile go out before the
   * replay. A hook that throws or rejects is reported (`error`) and the replay goes on; one that takes longer than
   * `connectTimeoutMs` is not waited for any longer.
   */
  beforeReplay?: (info: ConnectInfo) => void | Promise<void>;
}

/** What the `connect` event reports. */
export interface ConnectInfo {
  /** The broker kept the session (CONNACK session present flag). */
  sessionPresent: boolean;
  /** True for every connection after the first one of this session. */
  reconnect: boolean;
  /** Attempts it took since the previous connection (1 = first try). */
  attempt: number;
}

/** Life cycle of a session. */
export type SessionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'destroyed';

/** Options of {@link MqttSession.publish}. */
export interface PublishOptions {
  /** 0 by default. */
  qos?: 0 | 1 | 2;
  /** Retain flag, false. */
  retain?: boolean;
  /** MQTT 5 PUBLISH properties. */
  properties?: Record<string, unknown>;
  /** While offline: `buffer` (default) keeps the message for replay, `reject` fails it with {@link OfflineError}. */
  whenOffline?: 'buffer' | 'reject';
}

/** Outcome of a publish. */
export interface PublishOutcome {
  /** The logical message id the publish got. */
  mid: number;
  /** True when the message went through the offline buffer. */
  buffered: boolean;
}

/** One granted (or refused) subscription. */
export interface SubscriptionGrant {
  /** The topic filter. */
  topic: string;
  /** Granted QoS; 128 = refused. */
  qos: number;
}

/** Details of an inbound PUBLISH. */
export interface MessagePacketInfo {
  /** QoS the message was delivered with. */
  qos: number;
  /** Retained message (sent because of the subscription). */
  retain: boolean;
  /** Re-delivery flag. */
  dup: boolean;
  /** MQTT 5 PUBLISH properties. */
  properties?: Record<string, unknown>;
}

/** Receives inbound messages. Exceptions are caught and logged. */
export type MessageHandler = (topic: string, payload: Buffer, packet: MessagePacketInfo) => void;

/** Events of {@link MqttSession}. */
export interface MqttSessionEvents {
  /** Every state change. */
  state: (state: SessionState) => void;
  /** An accepted CONNACK; `attempt` counts the attempts it took (1 = first try). */
  connect: (info: ConnectInfo) => void;
  /** A failed attempt or an ended connection. */
  disconnect: (info: { cause: DisconnectCause; error?: Error; returnCode?: number }) => void;
  /** A reconnect attempt was scheduled. */
  reconnecting: (info: { attempt: number; delayMs: number; cause: DisconnectCause }) => void;
  /** The broker refused the credentials (CONNACK 4/5/0x86/0x87). */
  authFailed: (err: MqttConnectError) => void;
  /** Something went wrong that the session handled; only emitted when listened to, never thrown. */
  error: (err: Error) => void;
  /** Every inbound PUBLISH, after the per-filter handlers. */
  message: MessageHandler;
  /** A buffered message was dropped to make room. */
  bufferDrop: (msg: BufferedMessage, reason: 'maxMessages' | 'maxBytes') => void;
  /** `count` buffered messages were handed to the broker after a (re)connect. */
  bufferReplay: (count: number) => void;
}

/**
 * A publish the session is responsible for until it is confirmed: the message and its operation in one object
 * (one allocation on the hot path).
 */
class PublishOp extends Operation<PublishOutcome> {
  declare readonly topic: string;
  declare readonly payload: string | Buffer;
  declare readonly qos: 0 | 1 | 2;
  declare readonly retain: boolean;
  declare readonly properties: Record<string, unknown> | undefined;
  /** True when the message went through the offline buffer. */
  declare buffered: boolean;
  /** Connection generation it was last written on. */
  declare gen: number;
  /** Order of writing, to re-queue unconfirmed messages in their original order. */
  declare order: number;
  /** Times it was sent again after a connection dropped while it was in flight. */
  declare redeliveries: number;

  constructor(mid: number, topic: string, payload: string | Buffer, qos: 0 | 1 | 2, retain: boolean, properties: Record<string, unknown> | undefined) {
    super(mid);
    this.topic = topic;
    this.payload = payload;
    this.qos = qos;
    this.retain = retain;
    this.properties = properties;
    this.buffered = false;
    this.gen = 0;
    this.order = 0;
    this.redeliveries = 0;
  }

  /** Marks the message as confirmed (the outcome object is only built if somebody awaits `done`). */
  confirm(): void {
    this.markFulfilled();
  }

  protected override fulfilledValue(): PublishOutcome {
    return { mid: this.mid, buffered: this.buffered };
  }
}

/** mqtt.js publish options without properties, shared (mqtt.js copies them). */
const PLAIN_OPTS = [
  [{ qos: 0, retain: false }, { qos: 0, retain: true }],
  [{ qos: 1, retain: false }, { qos: 1, retain: true }],
  [{ qos: 2, retain: false }, { qos: 2, retain: true }],
] as const;

/** A SUBSCRIBE or UNSUBSCRIBE the user asked for. */
interface ControlRequest {
  kind: 'sub' | 'unsub';
  filters: string[];
  qos: 0 | 1 | 2;
  subOp?: Operation<SubscriptionGrant[]>;
  unsubOp?: Operation<void>;
}

/** Per-attempt bookkeeping. */
interface AttemptContext {
  gen: number;
  client: MqttClient;
  connected: boolean;
  closed: boolean;
  requested: boolean;
  refused?: number;
  error?: Error;
  closeWaiters: Array<() => void>;
}

interface HandlerEntry {
  filter: string;
  fn: MessageHandler;
  fromSubscribe: boolean;
}

const PROTOCOLS = new Set(['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'ssl:', 'tls:']);
const DISCONNECT_GRACE_MS = 5000;
/** DISCONNECT with no variable header: valid for MQTT 3.1, 3.1.1 and 5 (reason code 0, normal disconnection). */
const DISCONNECT_PACKET = Buffer.from([0xe0, 0x00]);

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** True when an operation failed because mqtt.js dropped the connection, not because the broker said no. */
function connectionGone(client: MqttClient, err: Error): boolean {
  return client.stream?.destroyed === true || !client.connected || /connection closed|client disconnecting/i.test(err.message);
}

function checkQos(qos: unknown): 0 | 1 | 2 {
  if (qos !== 0 && qos !== 1 && qos !== 2) throw new RangeError(`invalid QoS ${String(qos)}: must be 0, 1 or 2`);
  return qos;
}

/**
 * One MQTT connection that lives as long as the device: connects, re-connects with a {@link BackoffStrategy}
 * (mqtt.js's own reconnect is off), asks the credentials provider before every attempt, buffers publishes while
 * offline and replays them in order, re-sends unacknowledged QoS 1 publishes after a drop, and restores
 * subscriptions.
 *
 * @example
 * ```ts
 * const session = new MqttSession({ url: 'mqtts://broker:8883', credentials: () => sign(device) });
 * session.subscribe('cmd/+', { qos: 1 }, (topic, payload) => handle(topic, payload));
 * await session.connect();
 * const { mid, done } = session.publish('telemetry', JSON.stringify(data), { qos: 1 });
 * await done; // PUBACKed (also after buffering and replay)
 * await session.destroy();
 * ```
 */
export class MqttSession extends EventEmitter<MqttSessionEvents> {
  private readonly opts: Readonly<MqttSessionOptions>;
  /** The broker URL without user info, for log lines. */
  private readonly logUrl: string;
  private readonly log: Logger;
  private readonly protocolVersion: 3 | 4 | 5;
  private readonly reconnectEnabled: boolean;
  private readonly strategy: BackoffStrategy;
  private readonly stableAfterMs: number;
  private readonly stopOnAuthFailure: boolean;
  private readonly restore: boolean;
  private readonly replayAfterConnect: boolean;
  private readonly maxRedeliveries: number;
  private readonly bufferQos0: boolean;
  private readonly buffer: OfflineBuffer | undefined;
  private readonly store: OfflineStore | undefined;

  private _state: SessionState = 'idle';
  private ctx: AttemptContext | undefined;
  private client: MqttClient | undefined;
  private gen = 0;
  private attemptSeq = 0;
  private failures = 0;
  private attemptsSinceConnect = 0;
  private everConnected = false;
  private sessionPresent = false;
  private loaded = false;
  private window = 0;
  private inflight = 0;
  private pumping = false;
  private midCounter = 0;
  private currentPassword: string | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private destroying: Promise<void> | undefined;
  private waiters: Array<{ resolve: (v: { sessionPresent: boolean }) => void; reject: (e: Error) => void }> = [];

  private readonly queue = new Fifo<PublishOp>();
  /** `replay: 'after-connect-event'`: publishes made while the replay is held, sent before the queue and the buffer. */
  private readonly early = new Fifo<PublishOp>();
  /** True while the replay after a CONNACK is held (`replay: 'after-connect-event'`). */
  private holding = false;
  private holdToken = 0;
  private holdTimer: NodeJS.Timeout | undefined;
  /** QoS 0 publishes handed to mqtt.js whose write callback has not come yet (mqtt.js calls them in order). */
  private readonly qos0Pending = new Fifo<PublishOp>();
  /**
   * QoS 0 publishes written without a callback while the socket was backed up; all of them are confirmed by one
   * 'drain' listener (mqtt.js would otherwise add a 'drain' listener per packet).
   */
  private drainWaiters: PublishOp[] = [];
  /** Connection generation whose 'drain' listener for {@link drainWaiters} is in place, or 0. */
  private drainArmedGen = 0;
  private onQos0Written: (err?: Error) => void = () => undefined;
  private onAck: (err?: Error, packet?: Packet) => void = () => undefined;
  /** QoS 1/2 publishes written and not yet acknowledged, by mqtt.js packet id (insertion = write order). */
  private readonly byId = new Map<number, PublishOp>();
  /** QoS 1/2 publishes mqtt.js queued internally (no free packet id yet); acknowledged in order. */
  private readonly deferredAcks = new Fifo<PublishOp>();
  /** The QoS 0 record whose client.publish() call is in progress. */
  private syncQos0: PublishOp | undefined;
  private sendOrder = 0;
  private lastTopic = '';
  private readonly bufferOps = new Map<number, PublishOp>();
  private readonly subs = new Map<string, { qos: 0 | 1 | 2 }>();
  private handlers: HandlerEntry[] = [];
  private pendingControl: ControlRequest[] = [];
  private readonly sentControl = new Set<ControlRequest>();

  /**
   * @param opts - connection, reconnect, buffer and logging options
   * @throws TypeError on an unsupported URL scheme or missing credentials; RangeError on bad numeric options
   */
  constructor(opts: MqttSessionOptions) {
    super();
    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      throw new TypeError(`invalid broker URL '${String(opts.url)}'`);
    }
    if (!PROTOCOLS.has(url.protocol)) throw new TypeError(`unsupported broker URL scheme '${url.protocol}' (use mqtt:, mqtts:, ws: or wss:)`);
    url.username = '';
    url.password = '';
    this.logUrl = url.toString();
    if (!opts.credentials || (typeof opts.credentials !== 'function' && typeof opts.credentials.clientId !== 'string')) {
      throw new TypeError('credentials must be { clientId, username?, password? } or a function returning them');
    }
    const pv = opts.protocolVersion ?? 4;
    if (pv !== 3 && pv !== 4 && pv !== 5) throw new RangeError(`unsupported protocolVersion ${String(pv)}: use 3, 4 or 5`);
    this.protocolVersion = pv;
    this.opts = Object.freeze({ ...opts });
    const logger = opts.logger ?? silentLogger;
    this.log = logger === silentLogger ? silentLogger : redactingLogger(logger, () => (this.currentPassword ? [this.currentPassword] : []));

    const rc = opts.reconnect === false ? { enabled: false } : (opts.reconnect ?? {});
    this.reconnectEnabled = rc.enabled ?? true;
    this.strategy = rc.strategy ?? new ExponentialBackoff();
    this.stableAfterMs = rc.stableAfterMs ?? 10_000;
    this.stopOnAuthFailure = rc.stopOnAuthFailure ?? true;
    this.restore = opts.restoreSubscriptions ?? true;
    this.replayAfterConnect = opts.replay === 'after-connect-event';

    const bo = opts.offlineBuffer === false ? { maxMessages: 0 } : (opts.offlineBuffer ?? {});
    const maxMessages = bo.maxMessages ?? 1000;
    const maxBytes = bo.maxBytes ?? 8 * 1024 * 1024;
    if (!(maxMessages >= 0) || !(maxBytes > 0)) throw new RangeError('offlineBuffer.maxMessages must be >= 0 and maxBytes > 0');
    this.bufferQos0 = bo.qos0 ?? true;
    if (maxMessages > 0) {
      this.store = bo.store ?? new MemoryOfflineStore();
      this.buffer = new OfflineBuffer(
        this.store,
        { maxMessages, maxBytes },
        (msg, reason) => this.onBufferDrop(msg, reason),
        (err) => this.reportError('offline store append failed', err),
      );
    }
    if (opts.maxInflight !== undefined && !(opts.maxInflight >= 0)) throw new RangeError('maxInflight must be >= 0');
    this.maxRedeliveries = opts.maxRedeliveries ?? 5;
    if (!(this.maxRedeliveries >= 0)) throw new RangeError('maxRedeliveries must be >= 0');
  }

  /** Current life-cycle state. */
  get state(): SessionState {
    return this._state;
  }

  /** True while a connection is up (CONNACK accepted). */
  get connected(): boolean {
    return this._state === 'connected';
  }

  /** The options the session was created with. */
  get options(): Readonly<MqttSessionOptions> {
    return this.opts;
  }

  /** Tracked subscriptions (restored after each reconnect). */
  get subscriptions(): ReadonlyMap<string, { qos: 0 | 1 | 2 }> {
    return this.subs;
  }

  /** Messages waiting in the offline buffer. */
  get bufferedCount(): number {
    return this.buffer ? this.buffer.count : 0;
  }

  /** Publishes accepted but not yet confirmed: in flight (QoS 1/2), waiting for the inflight window, or buffered. */
  get pendingCount(): number {
    return this.byId.size + this.deferredAcks.length + this.qos0Pending.length + this.drainWaiters.length + this.queue.length + this.bufferedCount;
  }

  /**
   * Draws the next logical message id from the shared counter (1..65535, wrapping).
   * @returns the id
   */
  nextMid(): number {
    this.midCounter = this.midCounter >= 65535 ? 1 : this.midCounter + 1;
    return this.midCounter;
  }

  // ---------------------------------------------------------------- connect / disconnect

  /**
   * Starts connecting (and reconnecting per policy).
   * @returns resolves on the first accepted CONNACK; rejects with {@link MqttConnectError} on an auth refusal when
   *   `stopOnAuthFailure`, with {@link SessionClosedError} if disconnect()/destroy() comes first, and with the first
   *   failure when reconnect is disabled
   */
  connect(): Promise<{ sessionPresent: boolean }> {
    if (this.isClosed()) return Promise.reject(new SessionClosedError('connect() on a destroyed session'));
    if (this._state === 'connected') return Promise.resolve({ sessionPresent: this.sessionPresent });
    const p = new Promise<{ sessionPresent: boolean }>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this._state === 'idle' || this._state === 'disconnected') {
      this.strategy.reset();
      this.failures = 0;
      this.attemptsSinceConnect = 0;
      this.setState('connecting');
      void this.start(this.attemptSeq);
    }
    return p;
  }

  private async start(seq: number): Promise<void> {
    if (!this.loaded) {
      this.loaded = true;
      if (this.store?.load) {
        try {
          await this.store.load();
          const last = this.store.lastSeq;
          if (typeof last === 'number') this.buffer?.seedSeq(last);
          if (this.store.count > 0) this.log.info(`offline store loaded ${this.store.count} message(s)`);
        } catch (e) {
          this.reportError('loading the offline store failed', toError(e));
        }
      }
    }
    if (seq !== this.attemptSeq || !this.isConnecting()) return;
    await this.attempt();
  }

  /** Destroyed or being destroyed. */
  private isClosed(): boolean {
    return this._state === 'destroyed' || this.destroying !== undefined;
  }

  private isConnecting(): boolean {
    return this._state === 'connecting' || this._state === 'reconnecting';
  }

  private async attempt(): Promise<void> {
    const seq = ++this.attemptSeq;
    this.attemptsSinceConnect++;
    let creds: MqttCredentials;
    try {
      const c = this.opts.credentials;
      creds = typeof c === 'function' ? await this.callProvider(c) : c;
      if (!creds || typeof creds.clientId !== 'string') throw new TypeError('credentials provider returned no clientId');
    } catch (e) {
      if (seq !== this.attemptSeq || !this.isConnecting()) return;
      const err = toError(e);
      this.reportError('credentials provider failed', err);
      this.afterFailure('network', err, undefined);
      return;
    }
    if (seq !== this.attemptSeq || !this.isConnecting()) return;
    this.currentPassword = typeof creds.password === 'string' ? creds.password : creds.password?.toString('utf8');
    const o = this.opts;
    const tls = o.tls ?? {};
    const mo: IClientOptions = {
      clientId: creds.clientId,
      username: creds.username,
      password: creds.password,
      protocolVersion: this.protocolVersion,
      protocolId: this.protocolVersion === 3 ? 'MQIsdp' : 'MQTT',
      keepalive: o.keepalive ?? 60,
      clean: o.clean ?? true,
      connectTimeout: o.connectTimeoutMs ?? 30_000,
      reconnectPeriod: 0,
      resubscribe: false,
      queueQoSZero: false,
      rejectUnauthorized: tls.rejectUnauthorized !== false,
    };
    if (tls.ca !== undefined) mo.ca = tls.ca as IClientOptions['ca'];
    if (tls.cert !== undefined) mo.cert = tls.cert;
    if (tls.key !== undefined) mo.key = tls.key;
    if (tls.passphrase !== undefined) (mo as IClientOptions & { passphrase?: string }).passphrase = tls.passphrase;
    if (tls.servername !== undefined) mo.servername = tls.servername;
    // mqtt.js hands these to tls.connect for mqtts://; for wss:// they must reach the WebSocket's own options
    const extraTls: Pick<ConnectionOptions, 'checkServerIdentity' | 'minVersion' | 'maxVersion'> = {};
    if (tls.verifyHostname === false) extraTls.checkServerIdentity = acceptAnyHostname;
    if (tls.minVersion !== undefined) extraTls.minVersion = tls.minVersion;
    if (tls.maxVersion !== undefined) extraTls.maxVersion = tls.maxVersion;
    Object.assign(mo, extraTls);
    if (o.wsHeaders || Object.keys(extraTls).length > 0) mo.wsOptions = { ...(o.wsHeaders ? { headers: o.wsHeaders } : {}), ...extraTls };
    if (o.properties) mo.properties = o.properties as IClientOptions['properties'];
    if (o.will) mo.will = { topic: o.will.topic, payload: Buffer.from(o.will.payload), qos: o.will.qos ?? 0, retain: o.will.retain ?? false };

    // a connection still closing (disconnect() not awaited before connect()) hands its unconfirmed work over
    if (this.ctx) this.detach(this.ctx);
    const gen = ++this.gen;
    this.log.debug(`connecting to ${this.logUrl} as ${creds.clientId} (attempt ${this.attemptsSinceConnect})`);
    let client: MqttClient;
    try {
      client = mqttConnect(o.url, mo);
    } catch (e) {
      this.afterFailure('network', toError(e), undefined);
      return;
    }
    const ctx: AttemptContext = { gen, client, connected: false, closed: false, requested: false, closeWaiters: [] };
    this.onQos0Written = this.qos0Callback(client, gen);
    this.onAck = this.ackCallback(client, gen);
    this.ctx = ctx;
    this.client = client;
    client.on('connect', (packet) => this.onConnack(ctx, packet));
    client.on('error', (err) => this.onClientError(ctx, err));
    client.on('close', () => this.onClose(ctx));
    client.on('disconnect', (packet) => {
      // MQTT 5: the server says why it ends the connection (session taken over, server shutting down, ...)
      if (ctx.gen === this.gen && !ctx.requested) ctx.error = new Error(`the broker sent DISCONNECT (reason code ${packet.reasonCode ?? 0})`);
    });
    client.on('message', (topic, payload, packet) => {
      if (ctx.gen === this.gen) this.dispatch(topic, payload, packet);
    });
  }

  /** Calls the credentials provider, failing the attempt if it takes longer than `connectTimeoutMs`. */
  private callProvider(provider: CredentialsProvider): MqttCredentials | Promise<MqttCredentials> {
    const result = provider();
    if (!result || typeof (result as Promise<MqttCredentials>).then !== 'function') return result;
    const limit = this.opts.connectTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`credentials provider did not answer within ${limit} ms`)), limit);
    });
    return Promise.race([Promise.resolve(result), timeout]).finally(() => clearTimeout(timer));
  }

  private onClientError(ctx: AttemptContext, err: Error): void {
    if (ctx.gen !== this.gen || ctx.closed) return;
    const code = (err as { code?: unknown }).code;
    if (!ctx.connected && typeof code === 'number' && /refused/i.test(err.message)) {
      ctx.refused = code;
      return;
    }
    ctx.error = err;
    if (!ctx.requested) this.reportError(ctx.connected ? 'connection error' : 'connect attempt failed', err, 'debug');
  }

  private onConnack(ctx: AttemptContext, packet: IConnackPacket): void {
    if (ctx.gen !== this.gen || ctx.closed || ctx.requested) return;
    ctx.connected = true;
    const reconnect = this.everConnected;
    this.everConnected = true;
    const attempt = this.attemptsSinceConnect;
    this.attemptsSinceConnect = 0;
    this.sessionPresent = packet.sessionPresent === true;
    const serverMax = this.protocolVersion === 5 ? Number(packet.properties?.receiveMaximum ?? 0) : 0;
    const own = this.opts.maxInflight ?? 0;
    this.window = own > 0 && serverMax > 0 ? Math.min(own, serverMax) : own > 0 ? own : serverMax;
    callSafely(
      () => this.strategy.onConnected?.(),
      (e) => this.reportError('backoff strategy onConnected() threw', e),
    );
    clearTimeout(this.stableTimer);
    this.stableTimer = setTimeout(() => {
      this.stableTimer = undefined;
      this.failures = 0;
      callSafely(
        () => this.strategy.reset(),
        (e) => this.reportError('backoff strategy reset() threw', e),
      );
    }, this.stableAfterMs);
    this._state = 'connected';
    this.log.info(`connected to ${this.logUrl} (sessionPresent ${this.sessionPresent}, attempt ${attempt})`);
    this.restoreControl();
    const info: ConnectInfo = { sessionPresent: this.sessionPresent, reconnect, attempt };
    if (this.replayAfterConnect) {
      this.holdReplay(ctx, info);
      return;
    }
    const before = this.bufferedCount;
    this.pump();
    const replayed = before - this.bufferedCount;
    if (this._state !== 'connected' || ctx.gen !== this.gen) return;
    this.safeEmit('state', 'connected');
    if (replayed > 0) this.safeEmit('bufferReplay', replayed);
    this.safeEmit('connect', info);
    this.resolveWaiters();
  }

  private resolveWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve({ sessionPresent: this.sessionPresent });
  }

  /** `replay: 'after-connect-event'`: emits `state`/`connect` (and awaits `beforeReplay`) before the replay. */
  private holdReplay(ctx: AttemptContext, info: ConnectInfo): void {
    const token = ++this.holdToken;
    this.holding = true;
    this.safeEmit('state', 'connected');
    if (this.holdToken === token && this._state === 'connected' && ctx.gen === this.gen) this.safeEmit('connect', info);
    const release = (): void => {
      if (this.holdToken !== token || !this.holding || this._state !== 'connected' || ctx.gen !== this.gen) return;
      this.holding = false;
      const before = this.bufferedCount;
      this.pump();
      const replayed = before - this.bufferedCount;
      if (replayed > 0) this.safeEmit('bufferReplay', replayed);
      if (this._state === 'connected' && ctx.gen === this.gen) this.resolveWaiters();
    };
    const hook = this.opts.beforeReplay;
    if (!hook || this.holdToken !== token || ctx.gen !== this.gen) {
      release();
      return;
    }
    let result: void | Promise<void>;
    try {
      result = hook(info);
    } catch (e) {
      this.reportError('beforeReplay threw', toError(e));
      release();
      return;
    }
    if (!result || typeof (result as Promise<void>).then !== 'function') {
      release();
      return;
    }
    const limit = this.opts.connectTimeoutMs ?? 30_000;
    clearTimeout(this.holdTimer);
    const timeout = new Promise<void>((resolve) => {
      this.holdTimer = setTimeout(() => {
        this.holdTimer = undefined;
        this.log.warn(`beforeReplay did not settle within ${limit} ms; replaying now`);
        resolve();
      }, limit);
    });
    Promise.race([Promise.resolve(result), timeout])
      .catch((e: unknown) => this.reportError('beforeReplay failed', toError(e)))
      .finally(() => {
        if (this.holdToken === token) {
          clearTimeout(this.holdTimer);
          this.holdTimer = undefined;
        }
        release();
      });
  }

  private onClose(ctx: AttemptContext): void {
    if (ctx.closed) return;
    ctx.closed = true;
    for (const w of ctx.closeWaiters.splice(0)) w();
    if (ctx.gen !== this.gen) return;
    this.detach(ctx, !ctx.requested);
    if (ctx.requested) {
      this.safeEmit('disconnect', { cause: 'requested' });
      return;
    }
    const cause: DisconnectCause = ctx.connected ? 'lost' : ctx.refused !== undefined ? 'refused' : 'network';
    const err = ctx.refused !== undefined ? new MqttConnectError(ctx.refused, this.protocolVersion) : (ctx.error ?? new Error(ctx.connected ? 'connection lost' : 'connection closed before CONNACK'));
    this.afterFailure(cause, err, ctx.refused);
  }

  /**
   * Forgets the current client: bumps the generation (stale callbacks are ignored) and re-queues unconfirmed work.
   * @param dropped - the connection broke (not closed by the user): counts a redelivery for the oldest in-flight message
   */
  private detach(ctx: AttemptContext, dropped = false): void {
    this.gen++;
    this.client = undefined;
    this.ctx = undefined;
    clearTimeout(this.stableTimer);
    this.stableTimer = undefined;
    if (!ctx.closed || !ctx.requested) {
      try {
        ctx.client.end(true);
      } catch {
        // the socket is already gone
      }
    }
    this.drainArmedGen = 0;
    if (this.byId.size > 0 || this.deferredAcks.length > 0 || this.qos0Pending.length > 0 || this.drainWaiters.length > 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      const list = [...this.byId.values(), ...this.deferredAcks.drain(), ...this.qos0Pending.drain(), ...waiters].sort((a, b) => a.order - b.order);
      this.byId.clear();
      // A broker that rejects a publish by closing the connection has acknowledged everything before it: the
      // suspect is the oldest unacknowledged QoS 1/2 message. Only it counts a redelivery.
      const suspect = dropped ? list.find((r) => r.qos > 0) : undefined;
      if (suspect && ++suspect.redeliveries > this.maxRedeliveries) {
        list.splice(list.indexOf(suspect), 1);
        this.giveUpMessage(suspect);
      }
      this.queue.unshiftAll(list);
    }
    // publishes made while a replay was held and not yet written go after the re-queued in-flight ones
    this.holding = false;
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    if (this.early.length > 0) {
      const early = this.early.drain();
      const rest = this.queue.drain();
      this.queue.unshiftAll([...early, ...rest]);
    }
    this.inflight = 0;
    if (this.sentControl.size > 0) {
      this.pendingControl = [...this.sentControl, ...this.pendingControl];
      this.sentControl.clear();
    }
  }

  /** Drops a message that was in flight at too many connection drops. */
  private giveUpMessage(rec: PublishOp): void {
    const err = new RedeliveryLimitError(rec.topic, rec.redeliveries - 1);
    rec.reject(err);
    this.reportError(`giving up a QoS ${rec.qos} message`, err, 'warn');
  }

  private afterFailure(cause: DisconnectCause, err: Error, returnCode: number | undefined): void {
    if (this._state === 'connected') this.setState(this.reconnectEnabled ? 'reconnecting' : 'disconnected');
    this.log.info(`disconnected (${cause}): ${err.message}`);
    this.safeEmit('disconnect', returnCode === undefined ? { cause, error: err } : { cause, error: err, returnCode });
    if (this._state === 'destroyed' || this._state === 'disconnected' || this._state === 'idle') return;
    if (err instanceof MqttConnectError && err.auth) {
      this.safeEmit('authFailed', err);
      if (this.stopOnAuthFailure) {
        this.log.error(`broker refused the credentials (code ${err.returnCode}); not retrying`);
        this.giveUp(err);
        return;
      }
    }
    if (!this.reconnectEnabled) {
      this.giveUp(err);
      return;
    }
    this.failures++;
    let delay: number;
    try {
      delay = this.strategy.next({ attempt: this.failures, cause });
    } catch (e) {
      this.reportError('backoff strategy next() threw; using 1000 ms', toError(e));
      delay = 1000;
    }
    if (!Number.isFinite(delay) || delay < 0) delay = 0;
    this.setState('reconnecting');
    this.safeEmit('reconnecting', { attempt: this.failures, delayMs: delay, cause });
    if (this._state !== 'reconnecting') return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this._state === 'reconnecting') void this.attempt();
    }, delay);
  }

  private giveUp(err: Error): void {
    this.setState('disconnected');
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(err);
  }

  /**
   * Graceful stop: waits briefly for in-flight acknowledgements, sends DISCONNECT, stops reconnecting. Keeps the
   * offline buffer, unconfirmed publishes and tracked subscriptions, so a later connect() resumes; the `done`
   * promises of pending operations are rejected with {@link SessionClosedError} (their messages are still sent
   * after the next connect()).
   */
  async disconnect(): Promise<void> {
    if (this._state === 'destroyed') return;
    await this.stop('disconnected');
  }

  private async stop(final: 'disconnected' | 'destroyed'): Promise<void> {
    const seq = ++this.attemptSeq;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    clearTimeout(this.stableTimer);
    this.stableTimer = undefined;
    const ctx = this.ctx;
    const wasConnected = this._state === 'connected';
    if (final === 'disconnected') this.setState('disconnected');
    else this._state = 'disconnected';
    const closed = new SessionClosedError(final === 'destroyed' ? 'the MQTT session was destroyed' : 'the MQTT session was disconnected');
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(closed);
    if (ctx && !ctx.closed) {
      ctx.requested = true;
      const client = ctx.client;
      const grace = Math.min(DISCONNECT_GRACE_MS, this.opts.connectTimeoutMs ?? 30_000);
      let fallback: NodeJS.Timeout | undefined;
      const gone = new Promise<void>((resolve) => {
        ctx.closeWaiters.push(resolve);
        // never hang on a socket that does not report its close
        fallback = setTimeout(() => {
          client.stream?.destroy();
          this.onClose(ctx);
        }, grace + 1000);
      }).finally(() => clearTimeout(fallback));
      if (wasConnected && ctx.connected) {
        // end(false) waits for outstanding acknowledgements. When the grace period is over, DISCONNECT is
        // written directly (a second end() would be a no-op) so the broker still drops the will.
        const timer = setTimeout(() => {
          const stream = client.stream;
          if (!stream || stream.destroyed) return;
          stream.write(DISCONNECT_PACKET);
          stream.end();
        }, grace);
        client.end(false, {}, () => clearTimeout(timer));
        await gone;
        clearTimeout(timer);
      } else {
        client.end(true);
        await gone;
      }
    } else if (ctx) {
      this.detach(ctx);
    }
    // a connect() made while this was closing owns the pending work now: it re-sends it
    if (seq === this.attemptSeq) this.rejectPending(closed);
  }

  private rejectPending(err: Error): void {
    for (const rec of this.byId.values()) rec.reject(err);
    for (const rec of this.deferredAcks.toArray()) rec.reject(err);
    const queued = this.queue.drain();
    for (const rec of queued) {
      rec.reject(err);
      this.queue.push(rec);
    }
    for (const op of this.bufferOps.values()) op.reject(err);
    this.bufferOps.clear();
    for (const req of [...this.pendingControl, ...this.sentControl]) {
      req.subOp?.reject(err);
      req.unsubOp?.reject(err);
    }
    this.pendingControl = this.pendingControl.filter((r) => r.kind === 'unsub');
  }

  /**
   * Final stop: like {@link MqttSession.disconnect}, then closes the offline store (a persistent store keeps its
   * messages on disk), drops handlers, subscriptions and listeners. Leaves no timer, socket or listener behind.
   */
  destroy(): Promise<void> {
    if (this._state === 'destroyed') return Promise.resolve();
    this.destroying ??= this.finalStop();
    return this.destroying;
  }

  private async finalStop(): Promise<void> {
    await this.stop('destroyed');
    for (const rec of [...this.early.drain(), ...this.queue.drain()]) rec.reject(new SessionClosedError('the MQTT session was destroyed'));
    this.byId.clear();
    this.deferredAcks.drain();
    this.qos0Pending.drain();
    this.drainWaiters = [];
    this.pendingControl = [];
    this.sentControl.clear();
    this.handlers = [];
    this.subs.clear();
    if (this.store) {
      try {
        await this.store.close();
      } catch (e) {
        this.reportError('closing the offline store failed', toError(e));
      }
    }
    this.setState('destroyed');
    this.removeAllListeners();
  }

  // ---------------------------------------------------------------- publish

  /**
   * Publishes a message. While connected it is written at once (behind anything still being replayed); while
   * offline it goes to the offline buffer (unless `whenOffline: 'reject'`, buffering is disabled, or it is QoS 0
   * with `offlineBuffer.qos0: false`, which reject `done` with {@link OfflineError}).
   * @returns the logical mid (synchronously) and `done`, which resolves when a QoS 0 packet was written or a QoS 1
   *   packet was PUBACKed (QoS 2: PUBCOMP), after replay if it was buffered
   * @throws TypeError on an invalid topic name or payload, RangeError on an invalid QoS
   */
  publish(topic: string, payload: string | Buffer, opts?: PublishOptions): MqttOperation<PublishOutcome> {
    if (topic !== this.lastTopic) {
      if (typeof topic !== 'string' || !isValidTopicName(topic)) throw new TypeError(`invalid topic name '${String(topic)}'`);
      this.lastTopic = topic;
    }
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) throw new TypeError('payload must be a string or a Buffer');
    const qos = opts === undefined || opts.qos === undefined ? 0 : checkQos(opts.qos);
    const retain = opts !== undefined && opts.retain === true;
    const mid = this.nextMid();
    if (this.isClosed()) return failedOperation(mid, new SessionClosedError('publish on a destroyed session'));
    const rec = new PublishOp(mid, topic, payload, qos, retain, opts?.properties);
    const buffer = this.buffer;
    if (this._state === 'connected' && this.holding) {
      if (this.early.length === 0 && (qos === 0 || this.window === 0 || this.inflight < this.window)) this.send(rec);
      else this.early.push(rec);
      return rec;
    }
    if (this._state === 'connected' && (buffer === undefined || buffer.count === 0)) {
      if (this.queue.length === 0 && (qos === 0 || this.window === 0 || this.inflight < this.window)) this.send(rec);
      else this.queue.push(rec);
      return rec;
    }
    if (this._state !== 'connected') {
      if (opts?.whenOffline === 'reject') {
        rec.reject(new OfflineError('not connected and whenOffline is "reject"'));
        return rec;
      }
      if (!buffer) {
        rec.reject(new OfflineError('not connected and the offline buffer is disabled'));
        return rec;
      }
      if (qos === 0 && !this.bufferQos0) {
        rec.reject(new OfflineError('not connected and QoS 0 messages are not buffered (offlineBuffer.qos0 false)'));
        return rec;
      }
    }
    try {
      const msg = buffer!.push(topic, typeof payload === 'string' ? Buffer.from(payload) : payload, qos, retain);
      rec.buffered = true;
      this.bufferOps.set(msg.seq, rec);
    } catch (e) {
      rec.reject(toError(e));
    }
    return rec;
  }

  /** Writes one record on the current client. */
  private send(rec: PublishOp): void {
    const client = this.client!;
    const gen = this.gen;
    rec.gen = gen;
    rec.order = ++this.sendOrder;
    const opts = rec.properties === undefined ? PLAIN_OPTS[rec.qos][rec.retain ? 1 : 0] : { qos: rec.qos, retain: rec.retain, properties: rec.properties };
    if (rec.qos === 0) {
      const stream = (client as { stream?: { writableNeedDrain?: boolean; once?: (e: 'drain', l: () => void) => unknown } }).stream;
      if (stream?.writableNeedDrain === true && typeof stream.once === 'function') {
        // The socket is backed up: mqtt.js would add one 'drain' listener per packet (a MaxListeners warning past
        // ~1000 of them and a cost that grows with their number). Written without a callback, these records are
        // confirmed together, in order, by one listener, which runs after the listener of the packet that filled
        // the buffer (registered first).
        client.publish(rec.topic, rec.payload, opts);
        this.drainWaiters.push(rec);
        if (this.drainArmedGen !== gen) {
          this.drainArmedGen = gen;
          stream.once('drain', () => {
            if (gen !== this.gen || this.drainArmedGen !== gen) return;
            this.drainArmedGen = 0;
            const done = this.drainWaiters;
            this.drainWaiters = [];
            for (const r of done) r.confirm();
          });
        }
        return;
      }
      // One shared write callback: mqtt.js calls it synchronously when the socket took the packet (paired with
      // syncQos0), or later on 'drain', in write order (paired with the head of qos0Pending).
      this.syncQos0 = rec;
      client.publish(rec.topic, rec.payload, opts, this.onQos0Written);
      if (this.syncQos0 === rec) {
        this.syncQos0 = undefined;
        this.qos0Pending.push(rec);
      }
      return;
    }
    this.inflight++;
    // One shared acknowledgement callback: mqtt.js hands it the packet, whose id maps back to the record
    // (a closure per publish would be garbage that every scavenge pays for while thousands are in flight).
    const before = client.getLastMessageId();
    client.publish(rec.topic, rec.payload, opts, this.onAck);
    const id = client.getLastMessageId();
    if (id !== before) this.byId.set(id, rec);
    else this.deferredAcks.push(rec); // mqtt.js queued the publish (no free packet id): id assigned later, acks in order
  }

  /** The acknowledgement callback for QoS 1/2 publishes of one connection generation. */
  private ackCallback(client: MqttClient, gen: number): (err?: Error, packet?: Packet) => void {
    return (err?: Error, packet?: Packet) => {
      if (gen !== this.gen) return;
      // mqtt.js fails in-flight publishes when it tears a connection down (keepalive timeout): not a broker
      // answer, so the record stays unconfirmed and is re-sent after the reconnect
      if (err && connectionGone(client, err)) return;
      const id = (packet as { messageId?: number } | undefined)?.messageId;
      let rec: PublishOp | undefined;
      if (id !== undefined) {
        rec = this.byId.get(id);
        if (rec) this.byId.delete(id);
      }
      rec ??= this.deferredAcks.shift();
      if (!rec) return;
      this.inflight--;
      if (err) {
        this.log.warn(`publish to ${rec.topic} failed: ${err.message}`);
        rec.reject(err);
      } else rec.confirm();
      if (this.queue.length > 0 || this.early.length > 0 || this.bufferedCount > 0) this.pump();
    };
  }

  /** The write callback for QoS 0 publishes of one connection generation. */
  private qos0Callback(client: MqttClient, gen: number): (err?: Error) => void {
    return (err?: Error) => {
      if (gen !== this.gen) return;
      let rec = this.syncQos0;
      if (rec) this.syncQos0 = undefined;
      if (err && connectionGone(client, err)) {
        // not written: stays pending and is re-queued when the connection is detached
        if (rec) this.qos0Pending.push(rec);
        return;
      }
      rec ??= this.qos0Pending.shift();
      if (!rec) return;
      if (err) rec.reject(err);
      else rec.confirm();
    };
  }

  /** Hands queued, then buffered records to the client while connected and the inflight window allows. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const buffer = this.buffer;
      while (this._state === 'connected' && this.client) {
        const first = this.early.peek();
        if (first) {
          if (first.qos > 0 && this.window > 0 && this.inflight >= this.window) break;
          this.early.shift();
          this.send(first);
          continue;
        }
        if (this.holding) break;
        const queued = this.queue.peek();
        if (queued) {
          if (queued.qos > 0 && this.window > 0 && this.inflight >= this.window) break;
          this.queue.shift();
          this.send(queued);
          continue;
        }
        const msg = buffer?.peek();
        if (!msg) break;
        if (msg.qos > 0 && this.window > 0 && this.inflight >= this.window) break;
        buffer!.shift();
        let rec = this.bufferOps.get(msg.seq);
        if (rec) this.bufferOps.delete(msg.seq);
        else {
          // persisted by an earlier process: nobody waits for it
          rec = new PublishOp(0, msg.topic, msg.payload, msg.qos, msg.retain, undefined);
          rec.buffered = true;
        }
        this.send(rec);
      }
    } finally {
      this.pumping = false;
    }
  }

  private onBufferDrop(msg: BufferedMessage, reason: 'maxMessages' | 'maxBytes'): void {
    const rec = this.bufferOps.get(msg.seq);
    if (rec) {
      this.bufferOps.delete(msg.seq);
      rec.reject(new OfflineError(`dropped from the offline buffer (${reason}) to make room for newer messages`));
    }
    this.log.warn(`offline buffer full (${reason}): dropped the oldest message (topic ${msg.topic})`);
    this.safeEmit('bufferDrop', msg, reason);
  }

  // ---------------------------------------------------------------- subscribe

  /**
   * Subscribes to one or more topic filters and tracks them (restored after every reconnect). While offline the
   * SUBSCRIBE is sent after the next connect.
   * @param filter - topic filter(s), `+` and `#` allowed
   * @param opts - requested QoS (0 by default)
   * @param handler - optional handler for messages matching these filters
   * @returns the mid and `done`, which resolves with the grants from the SUBACK (qos 128 = refused)
   * @throws TypeError on an invalid filter, RangeError on an invalid QoS
   */
  subscribe(filter: string | string[], opts?: { qos?: 0 | 1 | 2 }, handler?: MessageHandler): MqttOperation<SubscriptionGrant[]> {
    const filters = this.checkFilters(filter);
    const qos = opts?.qos === undefined ? 0 : checkQos(opts.qos);
    const mid = this.nextMid();
    if (this.isClosed()) return failedOperation(mid, new SessionClosedError('subscribe on a destroyed session'));
    const op = new Operation<SubscriptionGrant[]>(mid);
    for (const f of filters) {
      this.subs.set(f, { qos });
      if (handler) this.handlers = [...this.handlers, { filter: f, fn: handler, fromSubscribe: true }];
    }
    const req: ControlRequest = { kind: 'sub', filters, qos, subOp: op };
    if (this._state === 'connected') this.sendControl(req, Object.fromEntries(filters.map((f) => [f, { qos }])));
    else this.pendingControl.push(req);
    return op;
  }

  /**
   * Unsubscribes and stops tracking the filters; also removes the handlers that were given to subscribe() for them.
   * @returns the mid and `done`, which resolves on UNSUBACK
   * @throws TypeError on an invalid filter
   */
  unsubscribe(filter: string | string[]): MqttOperation<void> {
    const filters = this.checkFilters(filter);
    const mid = this.nextMid();
    if (this.isClosed()) return failedOperation(mid, new SessionClosedError('unsubscribe on a destroyed session'));
    const op = new Operation<void>(mid);
    const set = new Set(filters);
    for (const f of filters) this.subs.delete(f);
    this.handlers = this.handlers.filter((h) => !(h.fromSubscribe && set.has(h.filter)));
    const req: ControlRequest = { kind: 'unsub', filters, qos: 0, unsubOp: op };
    if (this._state === 'connected') this.sendControl(req);
    else this.pendingControl.push(req);
    return op;
  }

  /**
   * Adds a handler for messages whose topic matches `filter` (MQTT wildcards), without subscribing.
   * @returns a function that removes the handler
   * @throws TypeError on an invalid filter
   */
  addHandler(filter: string, handler: MessageHandler): () => void {
    this.checkFilters(filter);
    const entry: HandlerEntry = { filter, fn: handler, fromSubscribe: false };
    this.handlers = [...this.handlers, entry];
    return () => {
      this.handlers = this.handlers.filter((h) => h !== entry);
    };
  }

  private checkFilters(filter: string | string[]): string[] {
    const filters = Array.isArray(filter) ? filter : [filter];
    if (filters.length === 0) throw new TypeError('at least one topic filter is required');
    for (const f of filters) if (typeof f !== 'string' || !isValidTopicFilter(f)) throw new TypeError(`invalid topic filter '${String(f)}'`);
    return filters;
  }

  /** After CONNACK: restore tracked subscriptions, then send what was asked for while offline. */
  private restoreControl(): void {
    const pending = this.pendingControl;
    this.pendingControl = [];
    if (!this.restore) {
      for (const req of pending) {
        if (req.kind === 'sub') this.sendControl(req, Object.fromEntries(req.filters.map((f) => [f, { qos: req.qos }])));
        else this.sendControl(req);
      }
      return;
    }
    const map: Record<string, { qos: 0 | 1 | 2 }> = {};
    const subReqs: ControlRequest[] = [];
    for (const req of pending) {
      if (req.kind !== 'sub') continue;
      subReqs.push(req);
      for (const f of req.filters) map[f] = { qos: req.qos };
    }
    for (const [f, s] of this.subs) map[f] = { qos: s.qos };
    if (Object.keys(map).length > 0) {
      const restoreReq: ControlRequest = { kind: 'sub', filters: Object.keys(map), qos: 0 };
      this.sendControl(restoreReq, map, subReqs);
    }
    for (const req of pending) {
      if (req.kind !== 'unsub') continue;
      const still = req.filters.filter((f) => !this.subs.has(f));
      if (still.length === 0) {
        req.unsubOp?.resolve();
        continue;
      }
      this.sendControl({ ...req, filters: still });
    }
  }

  private sendControl(req: ControlRequest, map?: Record<string, { qos: 0 | 1 | 2 }>, riders: ControlRequest[] = []): void {
    const client = this.client;
    if (!client) {
      this.pendingControl.push(req);
      return;
    }
    const gen = this.gen;
    const tracked = [req, ...riders].filter((r) => r.subOp || r.unsubOp);
    for (const r of tracked) this.sentControl.add(r);
    const stale = (err: Error | null | undefined): boolean => gen !== this.gen || (!!err && connectionGone(client, err));
    if (req.kind === 'sub') {
      client.subscribe(map ?? {}, (err, granted, packet) => {
        if (stale(err)) return;
        for (const r of tracked) this.sentControl.delete(r);
        // mqtt.js reports any refused filter as an error and leaves the requested QoS in `granted`: the codes the
        // broker sent are in the SUBACK packet, in request order
        const codes = (packet as { granted?: unknown } | undefined)?.granted;
        const suback = Array.isArray(codes) ? (codes as unknown[]) : undefined;
        const byTopic = new Map<string, number>();
        (granted ?? []).forEach((g, i) => {
          const code = suback && typeof suback[i] === 'number' ? (suback[i] as number) : g.qos;
          byTopic.set(g.topic, code >= 0x80 ? 128 : code);
        });
        const refused = [...byTopic].filter(([, q]) => q === 128).map(([t]) => t);
        if (refused.length > 0) this.reportError('subscription refused by the broker', new Error(`SUBACK refused: ${refused.join(', ')}`), 'warn');
        for (const r of tracked) {
          if (err && !suback) r.subOp?.reject(err);
          else r.subOp?.resolve(r.filters.map((f) => ({ topic: f, qos: byTopic.get(f) ?? 128 })));
        }
      });
    } else {
      client.unsubscribe(req.filters, (err) => {
        if (stale(err ?? null)) return;
        for (const r of tracked) this.sentControl.delete(r);
        if (err) req.unsubOp?.reject(err);
        else req.unsubOp?.resolve();
      });
    }
  }

  // ---------------------------------------------------------------- inbound

  private dispatch(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const info: MessagePacketInfo = { qos: packet.qos, retain: packet.retain, dup: packet.dup };
    if (packet.properties) info.properties = packet.properties as Record<string, unknown>;
    const list = this.handlers;
    for (let i = 0; i < list.length; i++) {
      const h = list[i]!;
      if (topicMatches(h.filter, topic)) {
        try {
          h.fn(topic, payload, info);
        } catch (e) {
          this.reportError(`message handler for '${h.filter}' threw`, toError(e));
        }
      }
    }
    try {
      this.emit('message', topic, payload, info);
    } catch (e) {
      this.reportError("a 'message' listener threw", toError(e));
    }
  }

  // ---------------------------------------------------------------- helpers

  private setState(state: SessionState): void {
    if (this._state === state) return;
    this._state = state;
    this.safeEmit('state', state);
  }

  private safeEmit<K extends keyof MqttSessionEvents>(event: K, ...args: Parameters<MqttSessionEvents[K]>): void {
    try {
      (this.emit as (e: K, ...a: Parameters<MqttSessionEvents[K]>) => boolean)(event, ...args);
    } catch (e) {
      if (event === 'error') return;
      this.reportError(`a '${String(event)}' listener threw`, toError(e));
    }
  }

  private reportError(what: string, err: Error, level: 'debug' | 'warn' | 'error' = 'error'): void {
    this.log[level](`${what}: ${err.message}`);
    if (this.listenerCount('error') > 0) {
      const wrapped = err.message.startsWith(what) ? err : Object.assign(new Error(`${what}: ${err.message}`, { cause: err }), { name: err.name });
      try {
        this.emit('error', wrapped);
      } catch {
        // an 'error' listener that throws is ignored
      }
    }
  }
}
