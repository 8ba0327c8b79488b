/**
 * `QcloudHub` (process-wide singleton exposing `.hub`) and `QcloudHubProvider` (the client users call): the
 * Tencent IoT Hub Python SDK API with the same names, argument order, defaults, return codes and callbacks.
 * Python calls that block become Promises of the same value; everything else is synchronous.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { EventEmitter, httpRequest, upload, type HttpTlsOptions, type Logger, type TransferProgress, pyJsonDumps, pyJsonLoads } from '@iot/core';
import { AsyncConnClient, type SubscribeTopic } from '../protocol/protocol.js';
import { DeviceInfoProvider } from '../utils/device-info.js';
import { TopicProvider } from '../utils/topics.js';
import { pyStr } from '../utils/pyrepr.js';
import { contentMd5FromHex, decryptRegistrationPayload, httpSignHmac, httpSignRsa, randomNonce, signedHostPath } from '../utils/codec.js';
import { TENCENT_IOT_CA_PEM } from '../utils/tencent-ca.js';
import { EventQueue } from '../manager/event-queue.js';
import { Log, LOG_LEVELS } from '../log/log.js';
import { AttributeError, HTTPError, KeyError, StateError } from './errors.js';
import { ErrorCode, HubState, LoggerLevel, device_property, enumValue, sReplyPara, type EnumLike } from './types.js';
import type { FeatureCallback, ServiceContext } from '../services/context.js';
import { Shadow } from '../services/shadow/shadow.js';
import { Rrpc } from '../services/rrpc/rrpc.js';
import { Broadcast } from '../services/broadcast/broadcast.js';
import { Ota } from '../services/ota/ota.js';
import { OtaCmdType, OtaProgressCode, OtaReportType, OtaState } from '../services/ota/ota-types.js';
import { Gateway } from '../services/gateway/gateway.js';
import { SessionState, gateway_subdev } from '../services/gateway/gateway-types.js';
import { ResourceManage } from '../services/resourceManage/resource-manage.js';
import { ResourceState } from '../services/resourceManage/resource-types.js';

/** `on_connect(session_flag, rc, userdata)`: `session_flag` is 0/1, `rc` always 0. */
export type OnConnect<U = unknown> = (session_flag: number, rc: number, userdata: U) => unknown;
/** `on_disconnect(rc, userdata)`: 0 after `disconnect()`, 7 lost, 1 keepalive timeout, -1 synthesised. */
export type OnDisconnect<U = unknown> = (rc: number, userdata: U) => unknown;
/** `on_message(topic, qos, payload, userdata)`: only `$sys` messages that are not NTP replies. */
export type OnMessage<U = unknown> = (topic: string, qos: number, payload: unknown, userdata: U) => unknown;
/** `on_publish(mid, userdata)`. */
export type OnPublish<U = unknown> = (mid: number, userdata: U) => unknown;
/** `on_subscribe(qos, mid, userdata)`: QoS first (first granted QoS), then mid. */
export type OnSubscribe<U = unknown> = (qos: number, mid: number, userdata: U) => unknown;
/** `on_unsubscribe(mid, userdata)`. */
export type OnUnsubscribe<U = unknown> = (mid: number, userdata: U) => unknown;
/** Per-topic and feature callbacks: `(topic, qos, payload, userdata)`. */
export type TopicCallback<U = unknown> = (topic: string, qos: number, payload: unknown, userdata: U) => unknown;
/** The explorer's disconnect hook `(client, userdata, rc)` (`client` is always null here). */
export type ExplorerDisconnectHook<U = unknown> = (client: null, userdata: U, rc: number) => unknown;

/** Progress of a firmware download (emitted after every `otaFetchYield` chunk). */
export interface OtaProgressInfo {
  /** Device (or sub-device) product id. */
  productId: string;
  /** Device (or sub-device) name. */
  deviceName: string;
  /** Bytes fetched so far (resume offset included). */
  fetched: number;
  /** Announced file size. */
  total: number;
  /** `floor(fetched * 100 / total)`. */
  percent: number;
}

/** TypeScript-only progress events of {@link QcloudHubProvider.events} (delivered on the callback queue). */
export interface QcloudHubEvents {
  /** A firmware chunk was fetched. */
  otaProgress: (info: OtaProgressInfo) => void;
  /** Bytes of a resource upload were sent. */
  uploadProgress: (info: TransferProgress & { url: string }) => void;
}

/** The six MQTT callbacks as an object (alternative to the positional form). */
export interface MqttCallbacks<U = unknown> {
  /** Connected. */
  on_connect?: OnConnect<U> | null;
  /** Disconnected. */
  on_disconnect?: OnDisconnect<U> | null;
  /** `$sys` message. */
  on_message?: OnMessage<U> | null;
  /** Publish completed. */
  on_publish?: OnPublish<U> | null;
  /** SUBACK. */
  on_subscribe?: OnSubscribe<U> | null;
  /** UNSUBACK. */
  on_unsubscribe?: OnUnsubscribe<U> | null;
}

/**
 * TypeScript-only settings (the 6th constructor argument). None of them exists in Python; all defaults
 * reproduce the vendor behaviour except where the migration guide says otherwise.
 */
export interface QcloudHubOptions {
  /** Broker port instead of the fixed vendor port (8883/443/1883/80): emulators, private deployments. */
  port?: number;
  /** WebSocket path, `/mqtt`. */
  wsPath?: string;
  /** Extra trusted CA certificate(s) for MQTT/HTTPS in key mode (the Tencent CA and the system roots are always trusted). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Verify server certificates (true). The vendor SDK never verified in key mode; see the migration guide. */
  rejectUnauthorized?: boolean;
  /** Re-subscribe every subscription after an automatic reconnect (false = vendor behaviour: nothing survives). */
  restoreSubscriptions?: boolean;
  /** Scale of the vendor timing windows (NTP/gateway 1.5 s, SUBACK 2 s) and of the reconnect backoff; 1. Tests use less. */
  timeScale?: number;
  /** Randomness (connid, nonces, backoff), `Math.random`. */
  random?: () => number;
  /** Clock in ms, `Date.now`. */
  now?: () => number;
  /** Transport diagnostics of the core session (silent by default). */
  transportLogger?: Logger;
  /** Sink of the SDK log lines (`logInit`), stderr by default. */
  logSink?: (line: string) => void;
}

/** Constructor arguments as a keyword object (`QcloudHub(device_file=..., tls=True)` in Python). */
export interface QcloudHubArgs<U = unknown> extends QcloudHubOptions {
  /** Path of `device_info.json`. */
  device_file: string;
  /** Last argument of every callback. */
  userdata?: U | null;
  /** MQTT over TLS and HTTPS (true). */
  tls?: boolean;
  /** Broker host override. */
  domain?: string | null;
  /** MQTT over WebSocket (false). */
  useWebsocket?: boolean;
}

const PLACEHOLDER_SECRET = 'YOUR_DEVICE_SECRET';
const DEFAULT_API_HOST = 'ap-guangzhou.gateway.tencentdevices.com';

/** A `{ value }` enum member or a plain number (OTA commands). */
export type CmdTypeArg = number | EnumLike<number>;

/** The Tencent IoT Hub client (Python `QcloudHubProvider`). */
export class QcloudHubProvider<U = unknown> {
  /** Connection states. */
  static readonly HubState = HubState;
  /** Connection states (instance access, as in Python). */
  readonly HubState = HubState;
  /** Error codes. */
  static readonly ErrorCode = ErrorCode;
  /** Error codes. */
  readonly ErrorCode = ErrorCode;
  /** Raised when not CONNECTED. */
  static readonly StateError = StateError;
  /** Raised when not CONNECTED. */
  readonly StateError = StateError;
  /** Log levels. */
  static readonly LoggerLevel = LoggerLevel;
  /** Log levels. */
  readonly LoggerLevel = LoggerLevel;
  /** Shadow property model. */
  static readonly device_property = device_property;
  /** Shadow property model (`new qcloud.device_property()`). */
  readonly device_property = device_property;
  /** Reply parameters model. */
  static readonly sReplyPara = sReplyPara;
  /** Reply parameters model. */
  readonly sReplyPara = sReplyPara;
  /** OTA commands. */
  static readonly OtaCmdType = OtaCmdType;
  /** OTA commands. */
  readonly OtaCmdType = OtaCmdType;
  /** OTA states. */
  readonly OtaState = OtaState;
  /** OTA report types. */
  readonly OtaReportType = OtaReportType;
  /** OTA progress codes. */
  readonly OtaProgressCode = OtaProgressCode;
  /** Gateway sub-device session states. */
  readonly SessionState = SessionState;
  /** Resource states. */
  readonly ResourceState = ResourceState;

  /** TypeScript only: progress events of OTA downloads and resource uploads (`qcloud.events.on('otaProgress', …)`). */
  readonly events = new EventEmitter<QcloudHubEvents>();
  /** Own topic catalogue. */
  readonly _topic: TopicProvider;
  /** SDK logger (disabled until `logInit`). */
  readonly _logger: Log;

  private readonly deviceInfo: DeviceInfoProvider;
  private readonly userdata: U;
  private readonly tls: boolean;
  private readonly domain: string | null;
  private readonly useWebsocket: boolean;
  private readonly opts: QcloudHubOptions;
  private readonly scale: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private host = '';
  private state = HubState.INITIALIZED;
  private protocol: AsyncConnClient | null = null;
  private readonly queue: EventQueue;
  private cb: Required<{ [K in keyof MqttCallbacks<U>]: NonNullable<MqttCallbacks<U>[K]> | null }> = {
    on_connect: null,
    on_disconnect: null,
    on_message: null,
    on_publish: null,
    on_subscribe: null,
    on_unsubscribe: null,
  };
  private userTopics: string[] = [];
  private readonly userCallback = new Map<string, TopicCallback<U>>();
  private readonly explorerCallback = new Map<string, TopicCallback<U> | ExplorerDisconnectHook<U>>();
  private readonly shadowMap = new Map<string, Shadow>();
  private readonly rrpcMap = new Map<string, Rrpc>();
  private readonly broadcastMap = new Map<string, Broadcast>();
  private readonly otaMap = new Map<string, Ota>();
  private readonly resourceMap = new Map<string, ResourceManage>();
  private gateway: Gateway | null = null;
  private readonly subscribeRes = new Map<number, number>();
  private readonly subackWaiters = new Set<() => void>();
  private ntp = { received: false, recvMs: 0, sendMs: 0, t1: 0, t2: 0, notify: null as (() => void) | null, cancel: null as (() => void) | null };
  private ntpLock: Promise<unknown> = Promise.resolve();
  private resourceFilePath: string | null = null;
  private destroyed = false;
  /** Transport diagnostics go to the SDK log once `logInit` configured a file (the vendor routed paho's log there). */
  private transportToLog = false;
  private readonly transportLog: Logger = {
    debug: (msg) => {
      if (this.transportToLog) this._logger.debug('[mqtt] %s', msg);
    },
    info: (msg) => {
      if (this.transportToLog) this._logger.info('[mqtt] %s', msg);
    },
    warn: (msg) => {
      if (this.transportToLog) this._logger.warring('[mqtt] %s', msg);
    },
    error: (msg) => {
      if (this.transportToLog) this._logger.error('[mqtt] %s', msg);
    },
  };

  /**
   * Reads the device file and prepares the MQTT client (no I/O besides the file read).
   * @param device_file - path of `device_info.json`, or all arguments as one keyword object
   * @param userdata - passed as the last argument of every callback
   * @param tls - MQTT over TLS (8883/443) and HTTPS (true)
   * @param domain - broker host override (used verbatim)
   * @param useWebsocket - MQTT over WebSocket (false)
   * @param options - TypeScript-only settings
   * @throws KeyError for a missing device-file key; fs/JSON errors for an unreadable file
   */
  constructor(
    device_file: string | QcloudHubArgs<NoInfer<U>>,
    userdata: NoInfer<U> | null = null,
    tls = true,
    domain: string | null = null,
    useWebsocket = false,
    options: QcloudHubOptions = {},
  ) {
    let file: string;
    if (typeof device_file === 'object' && device_file !== null) {
      const a = device_file;
      file = a.device_file;
      userdata = a.userdata ?? null;
      tls = a.tls ?? true;
      domain = a.domain ?? null;
      useWebsocket = a.useWebsocket ?? false;
      options = a;
    } else {
      file = device_file;
    }
    this.userdata = userdata as U;
    this.tls = tls;
    this.domain = domain;
    this.useWebsocket = useWebsocket;
    this.opts = options;
    this.scale = options.timeScale ?? 1;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this._logger = new Log(() => this.secrets(), options.logSink);
    this.queue = new EventQueue((err) => this._logger.error('thread runnable raise exception:%s', err instanceof Error ? err.message : String(err)));
    this.deviceInfo = new DeviceInfoProvider(file);
    this._topic = new TopicProvider(this.deviceInfo.product_id, this.deviceInfo.device_name);
    this.protocolInit();
  }

  private secrets(): string[] {
    const out = [this.deviceInfo?.device_secret ?? '', this.deviceInfo?.product_secret ?? ''];
    if (this.protocol) out.push(...this.protocol.secrets());
    return out.filter((s) => s.length > 0 && s !== PLACEHOLDER_SECRET);
  }

  private protocolInit(): void {
    const info = this.deviceInfo;
    if (info.device_secret === PLACEHOLDER_SECRET) {
      this._logger.error('device secret invalid!');
      return;
    }
    const pid = info.product_id;
    if (this.domain === null || this.domain === '') {
      this.host = this.useWebsocket ? `${pid}.ap-guangzhou.iothub.tencentdevices.com` : `${pid}.iotcloud.tencentdevices.com`;
    } else {
      this.host = this.domain;
    }
    this.protocol = new AsyncConnClient(
      {
        productId: pid,
        deviceName: info.device_name,
        deviceSecret: info.device_secret,
        host: this.host,
        tls: this.tls,
        websocket: this.useWebsocket,
        port: this.opts.port,
        wsPath: this.opts.wsPath,
        cert: info.auth_mode === 'CERT' ? { ca: info.ca_file, cert: info.cert_file, key: info.private_key_file } : undefined,
        ca: this.opts.ca,
        rejectUnauthorized: this.opts.rejectUnauthorized ?? true,
        restoreSubscriptions: this.opts.restoreSubscriptions ?? false,
        reconnectUnitMs: 1000 * this.scale,
        random: this.random,
        now: this.now,
        logger: this.opts.transportLogger ?? this.transportLog,
      },
      {
        onConnect: (sp) => this.onConnect(sp),
        onDisconnect: (rc) => this.onDisconnect(rc),
        onNetworkFailure: () => {
          if (this.state === HubState.CONNECTING) this.state = HubState.DISCONNECTED;
        },
        onReconnecting: () => {
          if (this.state !== HubState.DISCONNECTING) this.state = HubState.CONNECTING;
        },
        onMessage: (topic, payload, qos) => this.queue.post(() => this.userMessage(topic, qos, payload)),
        onPublish: (mid) => this.queue.post(() => this.cb.on_publish?.(mid, this.userdata)),
        onSubscribe: (qos, mid) => {
          this.subscribeRes.set(mid, qos);
          for (const w of [...this.subackWaiters]) w();
          this.queue.post(() => this.cb.on_subscribe?.(qos, mid, this.userdata));
        },
        onUnsubscribe: (mid) => this.queue.post(() => this.cb.on_unsubscribe?.(mid, this.userdata)),
      },
    );
  }

  private get ctx(): ServiceContext {
    if (!this.protocol) throw new AttributeError("'NoneType' object has no attribute 'subscribe'");
    return { protocol: this.protocol, logger: this._logger };
  }

  private httpTls(): HttpTlsOptions {
    const extra = this.opts.ca === undefined ? [] : Array.isArray(this.opts.ca) ? this.opts.ca : [this.opts.ca];
    const ca = [...rootCertificates, TENCENT_IOT_CA_PEM, ...extra.map((c) => c.toString())].join('\n');
    return { ca, rejectUnauthorized: this.opts.rejectUnauthorized ?? true };
  }

  // ------------------------------------------------------------------ internal events

  private onConnect(sessionPresent: boolean): void {
    this.state = HubState.CONNECTED;
    this.queue.post(() => this.cb.on_connect?.(sessionPresent ? 1 : 0, 0, this.userdata));
  }

  private onDisconnect(rc: number): void {
    if (this.state === HubState.DISCONNECTING || this.state === HubState.CONNECTED) this.state = HubState.DISCONNECTED;
    else if (this.state === HubState.DESTRUCTING) this.state = HubState.DESTRUCTED;
    else {
      this._logger.error('state error:%r', HubState[this.state]);
      return;
    }
    this.userTopics = [];
    this.gateway?.gateway_reset();
    const hook = this.explorerCallback.get('$explorer/from/disconnect') as ExplorerDisconnectHook<U> | undefined;
    if (hook) {
      try {
        hook(null, this.userdata, rc);
      } catch (err) {
        this._logger.error('explorer disconnect hook raised:%s', (err as Error).message);
      }
    }
    this.queue.post(() => this.cb.on_disconnect?.(rc, this.userdata));
  }

  /** Routes one inbound message (runs on the event queue, vendor algorithm 3.7). */
  private userMessage(topic: string, qos: number, raw: Buffer): void {
    let payload: unknown;
    try {
      payload = pyJsonLoads(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch (err) {
      this._logger.error('drop message on %s: payload is not JSON (%s)', topic, (err as Error).message);
      return;
    }
    const prefix = topic.includes('/') ? topic.slice(0, topic.indexOf('/')) : topic.slice(0, -1);
    const parts = topic.split('/');
    const dn = parts[parts.length - 1] ?? '';
    const pid = parts.length >= 2 ? parts[parts.length - 2]! : '';
    const client = pid + dn;
    const ud = this.userdata;
    const callExplorer = (): void => {
      const cb = this.explorerCallback.get(topic) as TopicCallback<U> | undefined;
      if (cb) cb(topic, qos, payload, ud);
      else this._logger.error('unknow topic:%s', topic);
    };
    const withHandler = <H>(map: Map<string, H>, key: string, run: (h: H) => void): void => {
      const h = map.get(key);
      if (!h) {
        this._logger.error('not found handle for client:%s', key);
        return;
      }
      run(h);
    };
    try {
      if (prefix === '$thing' || prefix === '$template') {
        if (topic === this._topic.template_raw_topic_sub) this._logger.info('Reserved: template raw topic');
        else if (topic === this._topic.template_topic_sub) {
          const cb = this.userCallback.get(topic);
          if (cb) cb(topic, qos, payload, ud);
          else this._logger.error('no callback for topic %s', topic);
        } else callExplorer();
      } else if (prefix === '$sys') {
        const p = payload as Record<string, unknown> | null;
        if (p !== null && typeof p === 'object' && !Array.isArray(p) && p['type'] === 'get' && p['time'] !== undefined && p['time'] !== null) {
          const t1 = p['ntptime1'];
          const t2 = p['ntptime2'];
          // a reply without usable server times is dropped (the vendor raised KeyError on the event thread); the
          // pending getNtpAccurateTime keeps waiting for a valid one instead of returning NaN
          if (typeof t1 !== 'number' || typeof t2 !== 'number' || !Number.isFinite(t1) || !Number.isFinite(t2)) {
            this._logger.error('drop NTP reply on %s: ntptime1/ntptime2 missing or not numbers', topic);
            return;
          }
          this.ntp.received = true;
          this.ntp.recvMs = this.now();
          this.ntp.t1 = t1;
          this.ntp.t2 = t2;
          this.ntp.notify?.();
        } else {
          this.cb.on_message?.(topic, qos, payload, ud);
        }
      } else if (prefix === '$gateway') {
        if (!this.gateway) throw new AttributeError("'NoneType' object has no attribute 'handle_gateway'");
        this.gateway.handle_gateway(topic, payload);
      } else if (prefix === '$ota') {
        withHandler(this.otaMap, client, (h) => h.handle_ota(topic, qos, payload, ud));
      } else if (prefix === '$rrpc') {
        const key = parts.length >= 3 ? parts[parts.length - 3]! + parts[parts.length - 2]! : '';
        withHandler(this.rrpcMap, key, (h) => h.handle_rrpc(topic, qos, payload, ud));
      } else if (prefix === '$shadow') {
        withHandler(this.shadowMap, client, (h) => h.handle_shadow(topic, qos, payload, ud));
      } else if (prefix === '$broadcast') {
        withHandler(this.broadcastMap, client, (h) => h.handle_broadcast(topic, qos, payload, ud));
      } else if (prefix === '$resource') {
        withHandler(this.resourceMap, client, (h) => h.handle_resource(topic, qos, payload, ud));
      } else if (this.userTopics.includes(topic)) {
        const cb = this.userCallback.get(topic);
        if (cb) cb(topic, qos, payload, ud);
        else this._logger.error('no callback for topic %s', topic);
      } else {
        callExplorer();
      }
    } catch (err) {
      this._logger.error('thread runnable raise exception:%s', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    }
  }

  private requireConnected(): void {
    if (this.state !== HubState.CONNECTED) throw new StateError('current state is not CONNECTED');
  }

  /** Waits for the SUBACK of `mid`: true when it granted QoS ≥ 1 within the window. */
  private waitSuback(mid: number | null): Promise<boolean> {
    const check = (): boolean | undefined => {
      if (this.destroyed) return false;
      if (mid === null || !this.subscribeRes.has(mid)) return undefined;
      return this.subscribeRes.get(mid)! >= 1 && this.subscribeRes.get(mid)! <= 2;
    };
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise((resolve) => {
      const done = (v: boolean): void => {
        clearTimeout(timer);
        this.subackWaiters.delete(onEvent);
        resolve(v);
      };
      const onEvent = (): void => {
        const v = check();
        if (v !== undefined) done(v);
      };
      const timer = setTimeout(() => done(false), 2000 * this.scale);
      this.subackWaiters.add(onEvent);
    });
  }

  // ------------------------------------------------------------------ 2.1 connection and MQTT

  /**
   * Starts connecting in the background (reconnecting for ever after failures and drops).
   * @returns 0 started, 1 already running
   */
  connect(): number {
    if (this.destroyed) throw new StateError('client destroyed');
    if (!this.protocol) {
      this._logger.error("connect failed: client is None (device secret is the placeholder; call dynregDevice first)");
      return 0;
    }
    if (this.protocol.running) return 1;
    if (this.state !== HubState.INITIALIZED && this.state !== HubState.DISCONNECTED) {
      this._logger.error('current state is not in INITIALIZED or DISCONNECTED');
      return 0;
    }
    this.state = HubState.CONNECTING;
    this.protocol.connect();
    return 0;
  }

  /**
   * Sends DISCONNECT and stops reconnecting. Resolves once the link is closed and `on_disconnect(0)` is queued.
   * A later `connect()` works (the vendor SDK could not reconnect over TLS after this).
   * @throws StateError unless CONNECTED (as a rejection)
   */
  async disconnect(): Promise<void> {
    this._logger.debug('disconnect');
    this.requireConnected();
    this.state = HubState.DISCONNECTING;
    await this.protocol!.disconnect();
    if (this.state === HubState.DISCONNECTING) this.onDisconnect(0);
  }

  /** @returns true iff the state is CONNECTED */
  isMqttConnected(): boolean {
    return this.state === HubState.CONNECTED;
  }

  /** @returns the current {@link HubState} */
  getConnectState(): HubState {
    return this.state;
  }

  /**
   * Subscribes a topic, a `[topic, qos]` tuple or a list of tuples (one SUBSCRIBE). No routing is set up:
   * use `registerUserCallback`.
   * @returns `[0, mid]`, `[2, null]` when not connected, `[-1, mid]` for other errors; `null` for other argument types
   * @throws StateError unless CONNECTED; RangeError `Invalid QoS level.`; TypeError `Invalid topic.`
   */
  subscribe(topic: SubscribeTopic, qos = 0): [number, number | null] | null {
    this.requireConnected();
    if (typeof topic === 'string') return this.protocol!.subscribe(topic, qos);
    if (Array.isArray(topic)) {
      if (topic.length === 2 && typeof topic[0] === 'string' && typeof topic[1] === 'number') return this.protocol!.subscribe(topic[0], topic[1]);
      return this.protocol!.subscribe(topic as Array<[string, number]>);
    }
    return null;
  }

  /**
   * Unsubscribes a topic or a list of topics.
   * @returns `[0, mid]`, `[4, null]` offline, `[ErrorCode.ERR_TOPIC_NONE, -1]` for other argument types
   * @throws StateError unless CONNECTED; TypeError `Invalid topic.` for null/empty
   */
  unsubscribe(topic: string | string[]): [number, number | null] {
    this.requireConnected();
    if (topic === null || topic === undefined || ((typeof topic === 'string' || Array.isArray(topic)) && topic.length === 0)) {
      throw new TypeError('Invalid topic.');
    }
    let topics: string[];
    if (typeof topic === 'string') topics = [topic];
    else if (Array.isArray(topic)) topics = [...topic];
    else return [ErrorCode.ERR_TOPIC_NONE, -1];
    return this.protocol!.unsubscribe(topics);
  }

  /**
   * Publishes `json.dumps(payload)` (a string goes out quoted).
   * @returns `[0, mid]`, else `[paho rc, mid]` (4 offline, 15 queue full)
   * @throws StateError unless CONNECTED; TypeError `Invalid topic.`; RangeError `Invalid QoS level.`;
   *   TypeError for values JSON cannot carry (Buffer)
   */
  publish(topic: string, payload: unknown, qos: number): [number, number] {
    this.requireConnected();
    if (topic === null || topic === undefined || topic.length === 0) throw new TypeError('Invalid topic.');
    if (qos < 0) throw new RangeError('Invalid QoS level.');
    return this.protocol!.publish(topic, pyJsonDumps(payload), qos);
  }

  /** Reconnect backoff bounds, **max first** (seconds); also caps the offline queue at 40. */
  setReconnectInterval(max_sec: number, min_sec: number): void {
    if (!this.protocol) {
      this._logger.error('Set failed: client is None');
      return;
    }
    this.protocol.setReconnectInterval(max_sec, min_sec);
  }

  /** The vendor "message timeout" (seconds): stored, readable, has no effect on the wire. */
  setMessageTimout(timeout: number): void {
    if (!this.protocol) {
      this._logger.error('Set failed: client is None');
      return;
    }
    this.protocol.setMessageTimout(timeout);
  }

  /** MQTT keepalive (seconds) of the next `connect()`. */
  setKeepaliveInterval(interval: number): void {
    if (!this.protocol) {
      this._logger.error('Set failed: client is None');
      return;
    }
    this.protocol.setKeepaliveInterval(interval);
  }

  /** @returns productId from the device file */
  getProductID(): string {
    return this.deviceInfo.product_id;
  }

  /** @returns deviceName from the device file */
  getDeviceName(): string {
    return this.deviceInfo.device_name;
  }

  /**
   * Server-corrected time: subscribes the `$sys` result topic, publishes the time request, waits up to about
   * 1.5 s, unsubscribes. Each call uses its own reply (the vendor reused the first reply for ever).
   * @returns ms as `(ntptime1 + ntptime2 + recv − send) / 2`, or -1
   * @throws StateError unless CONNECTED (as a rejection)
   */
  async getNtpAccurateTime(): Promise<number> {
    const run = async (): Promise<number> => {
      const sub = this._topic.sys_topic_sub;
      const [rc] = this.subscribe(sub, 0)!;
      if (rc !== 0) {
        this._logger.error('[sys] subscribe error:rc:%d,topic:%s', rc, sub);
        this.unsubscribe(sub);
        return -1;
      }
      this.ntp.received = false;
      this.ntp.sendMs = this.now();
      this.publish(this._topic.sys_topic_pub, { type: 'get', resource: ['time'] }, 0);
      const got = await new Promise<boolean>((resolve) => {
        const finish = (v: boolean): void => {
          clearTimeout(timer);
          this.ntp.notify = null;
          this.ntp.cancel = null;
          resolve(v);
        };
        const timer = setTimeout(() => finish(false), 1500 * this.scale);
        this.ntp.notify = () => finish(true);
        this.ntp.cancel = () => finish(false);
      });
      if (this.destroyed) return -1;
      const n = this.ntp;
      const ts = got ? (n.t1 + n.t2 + n.recvMs - n.sendMs) / 2 : -1;
      this.unsubscribe(sub);
      return ts;
    };
    const p = this.ntpLock.then(run, run);
    this.ntpLock = p.catch(() => undefined);
    return p;
  }

  /** Explorer-layer hook: callbacks for exact topics, or the `$explorer/from/disconnect` hook. */
  register_explorer_callback(topic: string | string[], callback: TopicCallback<U> | ExplorerDisconnectHook<U>): void {
    if (typeof topic === 'string') {
      if (topic.length > 0) this.explorerCallback.set(topic, callback);
    } else if (Array.isArray(topic)) {
      for (const t of topic) this.explorerCallback.set(t, callback);
    }
  }

  // ------------------------------------------------------------------ 2.2 callbacks

  /**
   * Sets the six MQTT callbacks (positional, in this order, or one object); replaces the previous set.
   */
  registerMqttCallback(
    on_connect: OnConnect<U> | MqttCallbacks<U> | null,
    on_disconnect: OnDisconnect<U> | null = null,
    on_message: OnMessage<U> | null = null,
    on_publish: OnPublish<U> | null = null,
    on_subscribe: OnSubscribe<U> | null = null,
    on_unsubscribe: OnUnsubscribe<U> | null = null,
  ): void {
    if (on_connect !== null && typeof on_connect === 'object') {
      const o = on_connect;
      this.cb = {
        on_connect: o.on_connect ?? null,
        on_disconnect: o.on_disconnect ?? null,
        on_message: o.on_message ?? null,
        on_publish: o.on_publish ?? null,
        on_subscribe: o.on_subscribe ?? null,
        on_unsubscribe: o.on_unsubscribe ?? null,
      };
      return;
    }
    this.cb = { on_connect, on_disconnect, on_message, on_publish, on_subscribe, on_unsubscribe };
  }

  /** Same as {@link QcloudHubProvider.registerMqttCallback} (same six slots). */
  httpCallback(
    on_connect: OnConnect<U> | MqttCallbacks<U> | null,
    on_disconnect: OnDisconnect<U> | null = null,
    on_message: OnMessage<U> | null = null,
    on_publish: OnPublish<U> | null = null,
    on_subscribe: OnSubscribe<U> | null = null,
    on_unsubscribe: OnUnsubscribe<U> | null = null,
  ): void {
    this.registerMqttCallback(on_connect, on_disconnect, on_message, on_publish, on_subscribe, on_unsubscribe);
  }

  /**
   * Routes messages of an exact topic (no wildcards) to `callback(topic, qos, payload, userdata)`.
   * The routing list is cleared on every disconnect: register again after reconnecting.
   */
  registerUserCallback(topic: string, callback: TopicCallback<U>): void {
    this.userTopics.push(topic);
    this.userCallback.set(topic, callback);
  }

  // ------------------------------------------------------------------ 2.3 shadow

  /**
   * Subscribes `$shadow/operation/result/{pid}/{dn}`; replies and deltas go to `callback`.
   * @returns `[rc, mid]` (the handler is kept only when rc is 0)
   * @throws StateError unless CONNECTED
   */
  shadowInit(productId: string, deviceName: string, callback: TopicCallback<U>): [number, number | null] {
    this.requireConnected();
    const shadow = new Shadow(this.ctx, productId, deviceName);
    const [rc, mid] = shadow.shadow_init(callback as FeatureCallback);
    if (rc !== 0) this._logger.error('[shadow] subscribe error:rc:%d', rc);
    else this.shadowMap.set(productId + deviceName, shadow);
    return [rc, mid];
  }

  /**
   * Publishes a shadow `get`.
   * @returns `[rc, mid]`, or null without a handler
   * @throws TypeError `Invalid param.` for an empty productId
   */
  getShadow(productId: string, deviceName: string): [number, number] | null {
    const s = this.shadowMap.get(productId + deviceName);
    if (!s) {
      this._logger.error('[shadow] not found shadow handle for client:%s', productId + deviceName);
      return null;
    }
    return s.get_shadow(productId);
  }

  /** @returns `{"type":"update","state":{"desired":null},"clientToken":…}`, or null without a handler */
  shadowJsonConstructDesireAllNull(productId: string, deviceName: string): Record<string, unknown> | null {
    const s = this.shadowMap.get(productId + deviceName);
    if (!s) {
      this._logger.error('[shadow] not found shadow handle for client:%s', productId + deviceName);
      return null;
    }
    return s.shadow_json_construct_desire_null(productId);
  }

  /**
   * Publishes a shadow document (`length` is ignored, as in Python).
   * @returns `[rc, mid]`, or null without a handler
   * @throws TypeError `Invalid param.` for an empty document
   */
  shadowUpdate(productId: string, deviceName: string, shadow_docs: unknown, _length?: number): [number, number] | null {
    const s = this.shadowMap.get(productId + deviceName);
    if (!s) {
      this._logger.error('[shadow] not found shadow handle for client:%s', productId + deviceName);
      return null;
    }
    return s.shadow_update(shadow_docs);
  }

  /**
   * Builds a `reported` document from `device_property` objects (ints/floats truncated, strings raw).
   * @returns the document, or null without a handler
   */
  shadowJsonConstructReport(productId: string, deviceName: string, ...args: device_property[]): Record<string, unknown> | null {
    const s = this.shadowMap.get(productId + deviceName);
    if (!s) {
      this._logger.error('[shadow] not found shadow handle for client:%s', productId + deviceName);
      return null;
    }
    return s.shadow_json_construct_report(productId, args);
  }

  // ------------------------------------------------------------------ 2.4 gateway

  private requireGateway(attr: string): Gateway {
    if (!this.gateway) throw new AttributeError(`'NoneType' object has no attribute '${attr}'`);
    return this.gateway;
  }

  private assertParam(v: unknown): void {
    if (v === null || v === undefined || (typeof v === 'string' && v.length === 0)) throw new TypeError('Invalid param.');
  }

  /**
   * Creates the gateway handler, loads the sub-devices of the device file and subscribes the gateway result topic.
   * @returns `[rc, mid]`
   * @throws StateError unless CONNECTED; KeyError/IndexError for a malformed `subDev`
   */
  gatewayInit(): [number, number | null] {
    this.requireConnected();
    const list = this.deviceInfo.subdevList();
    this.gateway = new Gateway(this.ctx, { windowMs: 1500 * this.scale, random: this.random, now: this.now });
    return this.gateway.gateway_init(this._topic.gateway_topic_sub, 0, list);
  }

  /** @returns the config list (`gateway_subdev` objects) @throws AttributeError before gatewayInit */
  gatewaySubdevGetConfigList(): gateway_subdev[] {
    return this.requireGateway('gateway_subdev_config_list').gateway_subdev_config_list;
  }

  /** @returns whether the local status of the sub-device is online @throws AttributeError before gatewayInit */
  isSubdevStatusOnline(sub_productId: string, sub_devName: string): boolean {
    return this.requireGateway('is_subdev_status_online').is_subdev_status_online(sub_productId, sub_devName);
  }

  /** Sets the local status (`"online"`/`"offline"`). @throws AttributeError before gatewayInit */
  updateSubdevStatus(sub_productId: string, sub_devName: string, status: string): void {
    this.requireGateway('update_subdev_status').update_subdev_status(sub_productId, sub_devName, status);
  }

  /**
   * Brings a sub-device online through the gateway.
   * @returns `[0, mid]` success reply, `[1, mid]` timeout (about 1.5 s) or failure, `[rc, mid]` publish error
   * @throws TypeError `Invalid param.`, AttributeError before gatewayInit (as rejections)
   */
  async gatewaySubdevOnline(sub_productId: string, sub_devName: string): Promise<[number, number]> {
    this.assertParam(sub_productId);
    this.assertParam(sub_devName);
    return this.requireGateway('gateway_subdev_online').session(this._topic.gateway_topic_pub, 'online', sub_productId, sub_devName);
  }

  /** Takes a sub-device offline. Same results as {@link QcloudHubProvider.gatewaySubdevOnline}. */
  async gatewaySubdevOffline(sub_productId: string, sub_devName: string): Promise<[number, number]> {
    this.assertParam(sub_productId);
    this.assertParam(sub_devName);
    return this.requireGateway('gateway_subdev_offline').session(this._topic.gateway_topic_pub, 'offline', sub_productId, sub_devName);
  }

  /** Binds a sub-device (signed with its secret text). Same results as {@link QcloudHubProvider.gatewaySubdevOnline}. */
  async gatewaySubdevBind(sub_productId: string, sub_devName: string, sub_secret: string): Promise<[number, number]> {
    this.assertParam(sub_productId);
    this.assertParam(sub_devName);
    this.assertParam(sub_secret);
    return this.requireGateway('gateway_subdev_bind').session(this._topic.gateway_topic_pub, 'bind', sub_productId, sub_devName, sub_secret);
  }

  /** Unbinds a sub-device. Same results as {@link QcloudHubProvider.gatewaySubdevOnline}. */
  async gatewaySubdevUnbind(sub_productId: string, sub_devName: string): Promise<[number, number]> {
    this.assertParam(sub_productId);
    this.assertParam(sub_devName);
    return this.requireGateway('gateway_subdev_unbind').session(this._topic.gateway_topic_pub, 'unbind', sub_productId, sub_devName);
  }

  /**
   * Asks the cloud for the bound sub-devices.
   * @param product_id - gateway product id (log only, must be non-empty)
   * @param device_name - gateway device name (log only, must be non-empty)
   * @returns `[0, list]` reply, `[1, list]` timeout, `[rc, mid]` publish error
   */
  async gatewaySubdevGetBindList(product_id: string, device_name: string): Promise<[number, gateway_subdev[] | number]> {
    this.assertParam(product_id);
    this.assertParam(device_name);
    return this.requireGateway('gateway_get_subdev_bind_list').bind_list(this._topic.gateway_topic_pub, product_id, device_name);
  }

  /**
   * Subscribes sub-device topics (no state check). Route them with `registerUserCallback`.
   * @returns `[rc, mid]` like `subscribe` (2 = not connected)
   * @throws AttributeError before gatewayInit
   */
  gatewaySubdevSubscribe(topic: string | Array<[string, number]>): [number, number | null] {
    return this.requireGateway('gateway_subdev_subscribe').gateway_subdev_subscribe(topic);
  }

  // ------------------------------------------------------------------ 2.5 dynamic registration

  /**
   * Dynamic registration over HTTP(S): on success the device file is rewritten (textually) and the MQTT client created.
   * @param timeout - HTTP timeout in seconds (10)
   * @param dynregDomain - full URL (default `https://ap-guangzhou.gateway.tencentdevices.com/device/register`)
   * @returns `[0, psk]` (key products), `[0, 'success']` (cert products), `[-1, message]`
   * @throws HTTPError for non-2xx statuses, network/timeout errors, SyntaxError, KeyError (as rejections)
   */
  async dynregDevice(timeout: number | { timeout?: number; dynregDomain?: string | null } = 10, dynregDomain: string | null = null): Promise<[number, string]> {
    if (typeof timeout === 'object' && timeout !== null) {
      dynregDomain = timeout.dynregDomain ?? null;
      timeout = timeout.timeout ?? 10;
    }
    const info = this.deviceInfo;
    const body = `{"ProductId":"${info.product_id}","DeviceName":"${info.device_name}"}`;
    const nonce = randomNonce(this.random);
    const timestamp = Math.floor(this.now() / 1000);
    const custom = dynregDomain !== null && dynregDomain !== '';
    const url = custom ? dynregDomain! : `${this.tls ? 'https' : 'http'}://${DEFAULT_API_HOST}/device/register`;
    const { host, path } = custom ? signedHostPath(url) : { host: DEFAULT_API_HOST, path: '/device/register' };
    const signature = httpSignHmac(info.product_secret, { host, path, algorithm: 'hmacsha256', timestamp, nonce, body });
    this._logger.info('dynreg url %s', url);
    const reply = await this.postSigned(url, body, 'hmacsha256', timestamp, nonce, signature, timeout);
    const resp = this.responseOf(reply);
    const len = resp['Len'];
    if (typeof len === 'number' && len > 0) {
      const data = resp['Payload'];
      if (data === null || data === undefined) {
        this._logger.warring('payload is null');
        return [-1, 'payload is null'];
      }
      const plain = decryptRegistrationPayload(String(data), info.product_secret);
      const user = pyJsonLoads(plain) as Record<string, unknown>;
      if (user === null || typeof user !== 'object' || !('encryptionType' in user)) throw new KeyError('encryptionType');
      const type = user['encryptionType'];
      this._logger.info('encrypt type: %s', type);
      if (type === null) {
        this._logger.warring('encryptionType is null');
        return [-1, 'encryptionType is null'];
      }
      if (type === 2) {
        if (!('psk' in user)) throw new KeyError('psk');
        const psk = String(user['psk']);
        info.update_config_file(psk);
        this.protocolReinit();
        return [0, psk];
      }
      if (type === 1) {
        if (!('clientCert' in user)) throw new KeyError('clientCert');
        if (!('clientKey' in user)) throw new KeyError('clientKey');
        const certPath = join(process.cwd(), 'cert.txt');
        const keyPath = join(process.cwd(), 'privateKey.txt');
        writeFileSync(certPath, String(user['clientCert']));
        writeFileSync(keyPath, String(user['clientKey']));
        info.update_cert_config_file(certPath);
        info.update_privateKey_config_file(keyPath);
        this.protocolReinit();
        return [0, 'success'];
      }
      this._logger.warring('encryptionType is other type');
      return [-1, 'encryptionType is other type'];
    }
    if (!('Error' in resp)) throw new KeyError('Error');
    const err = resp['Error'] as Record<string, unknown> | null;
    if (err === null || typeof err !== 'object' || !('Message' in err)) throw new KeyError('Message');
    this._logger.error('code: %s, error message: %s', err['Code'], err['Message']);
    return [-1, String(err['Message'])];
  }

  /** A client that is not running is rebuilt with the new credentials; a running one is kept (documented). */
  private protocolReinit(): void {
    if (this.protocol?.running) {
      this._logger.warring('dynregDevice: the running MQTT client keeps its credentials until it is disconnected');
      return;
    }
    const old = this.protocol;
    this.protocol = null;
    if (old) void old.destroy().catch(() => undefined);
    this.protocolInit();
  }

  private async postSigned(url: string, body: string, algorithm: string, timestamp: number, nonce: number, signature: string, timeoutSec: number): Promise<unknown> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
      'X-TC-Algorithm': algorithm,
      'X-TC-Timestamp': String(timestamp),
      'X-TC-Nonce': String(nonce),
      'X-TC-Signature': signature,
    };
    const res = await httpRequest(url, {
      method: 'POST',
      body,
      headers,
      timeoutMs: timeoutSec * 1000,
      ...(this.tls ? { tls: this.httpTls() } : {}),
    });
    if (res.status < 200 || res.status >= 300) throw new HTTPError(res.status, res.body, url);
    return pyJsonLoads(res.body);
  }

  private responseOf(reply: unknown): Record<string, unknown> {
    if (reply === null || typeof reply !== 'object' || !('Response' in reply)) throw new KeyError('Response');
    const resp = (reply as Record<string, unknown>)['Response'];
    if (resp === null || typeof resp !== 'object') throw new KeyError('Response');
    return resp as Record<string, unknown>;
  }

  // ------------------------------------------------------------------ 2.11 HTTP access

  /**
   * Publishes a message over HTTP(S) (no MQTT connection needed).
   * @param topicName - topic (`{pid}/{dn}/data` when null/empty)
   * @param payload - text inserted verbatim in the JSON body (other values formatted like Python `str()`); `"test"` when null/empty
   * @param qos - QoS (0)
   * @param timeout - seconds (10)
   * @param httpDomain - full URL (default `https://ap-guangzhou.gateway.tencentdevices.com/device/publish`)
   * @returns `[0, Response]` or `[-1, Error.Message]`
   * @throws HTTPError, network errors, SyntaxError, KeyError (as rejections)
   */
  async httpDevice(
    topicName: string | null | { topicName?: string | null; payload?: unknown; qos?: number; timeout?: number; httpDomain?: string | null } = null,
    payload: unknown = null,
    qos = 0,
    timeout = 10,
    httpDomain: string | null = null,
  ): Promise<[number, unknown]> {
    if (topicName !== null && typeof topicName === 'object') {
      const k = topicName;
      payload = k.payload ?? null;
      qos = k.qos ?? 0;
      timeout = k.timeout ?? 10;
      httpDomain = k.httpDomain ?? null;
      topicName = k.topicName ?? null;
    }
    const info = this.deviceInfo;
    if (payload === null || payload === undefined || payload === '') payload = 'test';
    if (topicName === null || topicName === '') topicName = `${info.product_id}/${info.device_name}/data`;
    const body = `{"ProductId":"${info.product_id}","DeviceName":"${info.device_name}","TopicName":"${topicName}","Payload":"${pyStr(payload)}","Qos":${Math.trunc(qos)}}`;
    const cert = info.auth_mode === 'CERT';
    const algorithm = cert ? 'rsa-sha256' : 'hmacsha256';
    const nonce = randomNonce(this.random);
    const timestamp = Math.floor(this.now() / 1000);
    const custom = httpDomain !== null && httpDomain !== '';
    const url = custom ? httpDomain! : `${this.tls ? 'https' : 'http'}://${DEFAULT_API_HOST}/device/publish`;
    const { host, path } = custom ? signedHostPath(url) : { host: DEFAULT_API_HOST, path: '/device/publish' };
    const signInput = { host, path, algorithm, timestamp, nonce, body };
    const signature = cert ? httpSignRsa(readFileSync(info.private_key_file, 'utf-8'), signInput) : httpSignHmac(info.device_secret, signInput);
    this._logger.info('http request url: %s', url);
    const reply = await this.postSigned(url, body, algorithm, timestamp, nonce, signature, timeout);
    const resp = this.responseOf(reply);
    const err = resp['Error'] as Record<string, unknown> | undefined | null;
    if (err) {
      if (typeof err !== 'object' || !('Message' in err)) throw new KeyError('Message');
      this._logger.error('code: %s, error message: %s', err['Code'], err['Message']);
      return [-1, err['Message']];
    }
    return [0, resp];
  }

  /** @returns same as {@link QcloudHubProvider.isMqttConnected} */
  isHttpConnected(): boolean {
    return this.state === HubState.CONNECTED;
  }

  // ------------------------------------------------------------------ 2.7 / 2.8 RRPC and broadcast

  /**
   * Subscribes `$rrpc/rxd/{pid}/{dn}/+`; requests go to `callback` with the process id stripped from the topic.
   * @throws StateError unless CONNECTED
   */
  rrpcInit(productId: string, deviceName: string, callback: TopicCallback<U>): [number, number | null] {
    this.requireConnected();
    const rrpc = new Rrpc(this.ctx, productId, deviceName);
    const [rc, mid] = rrpc.rrpc_init(callback as FeatureCallback);
    if (rc !== 0) this._logger.error('[rrpc] subscribe error:rc:%d', rc);
    else this.rrpcMap.set(productId + deviceName, rrpc);
    return [rc, mid];
  }

  /**
   * Replies to the most recent request (`length` ignored).
   * @returns `[rc, mid]`, or null without a handler
   * @throws TypeError `Invalid param.` before any request or for an empty reply
   */
  rrpcReply(productId: string, deviceName: string, reply: unknown, _length?: number): [number, number] | null {
    const r = this.rrpcMap.get(productId + deviceName);
    if (!r) {
      this._logger.error('[rrpc] not found rrpc handle for client:%s', productId + deviceName);
      return null;
    }
    const out = r.rrpc_reply(reply);
    if (out[0] !== 0) this._logger.error('[rrpc] publish error:rc:%d', out[0]);
    return out;
  }

  /**
   * Subscribes `$broadcast/rxd/{pid}/{dn}`.
   * @throws StateError unless CONNECTED
   */
  broadcastInit(productId: string, deviceName: string, callback: TopicCallback<U>): [number, number | null] {
    this.requireConnected();
    const b = new Broadcast(this.ctx, productId, deviceName);
    const [rc, mid] = b.broadcast_init(callback as FeatureCallback);
    if (rc !== 0) this._logger.error('[broadcast] subscribe error:rc:%d', rc);
    else this.broadcastMap.set(productId + deviceName, b);
    return [rc, mid];
  }

  // ------------------------------------------------------------------ 2.9 resource management

  /**
   * Subscribes `$resource/down/service/{own ids}` at QoS 1 and waits up to 2 s for a SUBACK granting QoS ≥ 1.
   * @returns `[0, mid]`, `[-1, mid]` without such a SUBACK, `[rc, mid]` subscribe error
   * @throws StateError unless CONNECTED (as a rejection)
   */
  async resourceInit(productId: string, deviceName: string, callback: TopicCallback<U>): Promise<[number, number | null]> {
    this.requireConnected();
    const res = new ResourceManage(this.ctx, this.deviceInfo.product_id, this.deviceInfo.device_name);
    const [rc, mid] = res.resource_init(callback as FeatureCallback);
    if (rc !== 0) {
      this._logger.error('[resource manage] subscribe error:rc:%d,topic:%s', rc, res.topic.resource_manager_topic_sub);
      return [rc, mid];
    }
    this._logger.error('resource subscribe success');
    if (!(await this.waitSuback(mid))) return [-1, mid];
    res.resource_manager_init();
    this.resourceMap.set(productId + deviceName, res);
    return [rc, mid];
  }

  /**
   * Remembers the file and publishes `create_upload_task` (name without extension, size, MD5).
   * @returns `[rc, mid]`, or `[-1, -1]` without a handler
   * @throws TypeError `Invalid filePath param.`; fs errors for a missing file; TypeError for an empty file
   */
  resourceCreateUploadTask(productId: string, deviceName: string, resourceFilePath: string): [number, number] {
    const res = this.resourceMap.get(productId + deviceName);
    if (!res) {
      this._logger.error('[resource manage] not found resource handle for client:%s', productId + deviceName);
      return [-1, -1];
    }
    if (resourceFilePath === null || resourceFilePath === undefined || resourceFilePath.length === 0) throw new TypeError('Invalid filePath param.');
    this.resourceFilePath = resourceFilePath;
    const size = statSync(resourceFilePath).size;
    const name = this.resourceName(resourceFilePath);
    const md5 = createHash('md5').update(readFileSync(resourceFilePath)).digest('hex');
    const out = res.resource_create_upload_task(size, name, md5);
    if (out[0] !== 0) this._logger.error('[resource manage] resource_create_upload_task fail');
    return out;
  }

  private resourceName(p: string): string {
    const file = basename(p);
    const ext = extname(file);
    return ext ? file.slice(0, -ext.length) : file;
  }

  /**
   * Publishes `report_upload_progress` (`uploading`, 100).
   * @returns `[rc, mid]`, or `[-1, -1]` without a handler
   * @throws TypeError `Invalid filePath param.` before resourceCreateUploadTask
   */
  resourceReportUploadProgress(productId: string, deviceName: string): [number, number] {
    const res = this.resourceMap.get(productId + deviceName);
    if (!res) {
      this._logger.error('[resource manage] not found resource handle for client:%s', productId + deviceName);
      return [-1, -1];
    }
    if (!this.resourceFilePath) throw new TypeError('Invalid filePath param.');
    return res.resource_report_upload_progress(this.resourceName(this.resourceFilePath), 100, 'uploading');
  }

  /**
   * Uploads the remembered file with HTTP PUT to the pre-signed URL (Content-MD5 set).
   * @param uploadTaskUrl - URL from `create_upload_task_rsp`
   * @param timeout - seconds (10)
   * @returns `[0, 0]` on HTTP 200, `[-1, -1]` otherwise or without a handler/URL
   * @throws HTTPError for 4xx/5xx, network errors, TypeError for a file that is not UTF-8 text (as rejections)
   */
  async resourceUploadfile(uploadTaskUrl: string, timeout = 10): Promise<[number, number]> {
    const res = this.resourceMap.get(this.deviceInfo.product_id + this.deviceInfo.device_name);
    if (!res) {
      this._logger.error('[resource manage] not found resource handle for client:%s', this.deviceInfo.product_id + this.deviceInfo.device_name);
      return [-1, -1];
    }
    if (!uploadTaskUrl) {
      this._logger.error('resource upload url invalid param.');
      return [-1, -1];
    }
    if (!this.resourceFilePath) throw new TypeError('Invalid filePath param.');
    const raw = readFileSync(this.resourceFilePath);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    const body = Buffer.from(text, 'utf-8');
    const md5 = createHash('md5').update(raw).digest('hex');
    const r = await upload({
      url: uploadTaskUrl,
      method: 'PUT',
      source: body,
      headers: { 'Content-Length': String(raw.length), 'Content-Type': 'application/x-www-form-urlencoded', 'Content-MD5': contentMd5FromHex(md5) },
      timeoutMs: timeout * 1000,
      ...(this.tls ? { tls: this.httpTls() } : {}),
      onProgress: (p) => this.queue.post(() => this.events.emit('uploadProgress', { ...p, url: uploadTaskUrl })),
    });
    if (r.status >= 400) throw new HTTPError(r.status, r.body, uploadTaskUrl);
    if (r.status === 200) return [0, 0];
    this._logger.error('put request fail status code:%s', r.status);
    return [-1, -1];
  }

  /**
   * Publishes `report_upload_progress` (`done`, 100).
   * @returns `[rc, mid]`, or `[-1, -1]` without a handler
   */
  resourceFinished(): [number, number] {
    const res = this.resourceMap.get(this.deviceInfo.product_id + this.deviceInfo.device_name);
    if (!res) {
      this._logger.error('[resource manage] not found resource handle for client:%s', this.deviceInfo.product_id + this.deviceInfo.device_name);
      return [-1, -1];
    }
    if (!this.resourceFilePath) throw new TypeError('Invalid filePath param.');
    const out = res.resource_report_upload_progress(this.resourceName(this.resourceFilePath), 100, 'done');
    if (out[0] === 0) this._logger.error('[resource manage] resource_report_upload_progress finish');
    return out;
  }

  // ------------------------------------------------------------------ 2.6 OTA

  private ota(productId: string, deviceName: string): Ota | undefined {
    const o = this.otaMap.get(productId + deviceName);
    if (!o) this._logger.error('[ota] not found ota handle for client:%s', productId + deviceName);
    return o;
  }

  /**
   * Subscribes `$ota/update/{pid}/{dn}` at QoS 1 and waits up to 2 s for a SUBACK granting QoS ≥ 1.
   * `callback` receives `report_version_rsp` messages only.
   * @returns `[0, mid]`, `[-1, mid]` without such a SUBACK, `[rc, mid]` subscribe error
   * @throws StateError unless CONNECTED (as a rejection)
   */
  async otaInit(productId: string, deviceName: string, callback: TopicCallback<U>): Promise<[number, number | null]> {
    this.requireConnected();
    const ota = new Ota(this.ctx, { tls: this.httpTls(), now: this.now }, productId, deviceName);
    const [rc, mid] = ota.ota_init(callback as FeatureCallback);
    if (rc !== 0) {
      this._logger.error('[ota] subscribe error:rc:%d,topic:%s', rc, ota.topic.ota_update_topic_sub);
      return [rc, mid];
    }
    if (!(await this.waitSuback(mid))) return [-1, mid];
    ota.ota_manager_init();
    this.otaMap.get(productId + deviceName)?.close();
    this.otaMap.set(productId + deviceName, ota);
    return [rc, mid];
  }

  /** @returns true while a notified update is being fetched (false without a handler) */
  otaIsFetching(productId: string, deviceName: string): boolean {
    return this.ota(productId, deviceName)?.ota_is_fetching() ?? false;
  }

  /** @returns true once `file_size` bytes were fetched (false without a handler) */
  otaIsFetchFinished(productId: string, deviceName: string): boolean {
    return this.ota(productId, deviceName)?.ota_is_fetch_finished() ?? false;
  }

  /**
   * Publishes `done` at QoS 1.
   * @param version - null = the version of the last notification
   * @returns `[rc, mid]`, `[-1, -1]` without a handler
   */
  otaReportUpgradeSuccess(productId: string, deviceName: string, version: string | null = null): [number, number] {
    return this.ota(productId, deviceName)?.ota_report_upgrade_success(version) ?? [-1, -1];
  }

  /**
   * Publishes `fail` (`-5`) at QoS 1.
   * @param version - null = the version of the last notification
   * @returns `[rc, mid]`, `[-1, -1]` without a handler
   */
  otaReportUpgradeFail(productId: string, deviceName: string, version: string | null = null): [number, number] {
    return this.ota(productId, deviceName)?.ota_report_upgrade_fail(version) ?? [-1, -1];
  }

  /**
   * Number ioctl: FETCHED_SIZE, FILE_SIZE, CHECK_FIRMWARE.
   * @returns `[value, "success"]` or `[-1, "state error" | "cmd type error" | "md5 error" | "no handle"]`
   */
  otaIoctlNumber(productId: string, deviceName: string, cmdType: CmdTypeArg): [number, string] {
    return this.ota(productId, deviceName)?.ota_ioctl_number(enumValue(cmdType)) ?? [-1, 'no handle'];
  }

  /**
   * String ioctl: VERSION, MD5SUM.
   * @returns `[value, "success"]` or `["null", reason]`
   */
  otaIoctlString(productId: string, deviceName: string, cmdType: CmdTypeArg, length: number): [string, string] {
    return this.ota(productId, deviceName)?.ota_ioctl_string(enumValue(cmdType), length) ?? ['null', 'no handle'];
  }

  /** Restarts the running MD5. @returns 0, -1 without a handler */
  otaResetMd5(productId: string, deviceName: string): number {
    return this.ota(productId, deviceName)?.ota_reset_md5() ?? -1;
  }

  /** Feeds bytes to the running MD5 (resume). @returns 0, -1 */
  otaMd5Update(productId: string, deviceName: string, buf: Buffer | Uint8Array | string | null): number {
    return this.ota(productId, deviceName)?.ota_md5_update(buf) ?? -1;
  }

  /**
   * Low-level download open with `Range: bytes={offset}-{size}` and `Host: {host}`.
   * @returns 0 ok, 1 error, -1 without a handler
   */
  async httpInit(productId: string, deviceName: string, host: string, url: string, offset: number, size: number, timeoutSec: number): Promise<number> {
    const o = this.ota(productId, deviceName);
    if (!o) return -1;
    return o.http_init(host, url, offset, size, timeoutSec);
  }

  /**
   * Low-level read of up to `buf_len` bytes.
   * @returns `[bytes, n]`, `[null, -1]` not opened or no handler, `[null, -2]` read error
   * @throws AttributeError when `httpInit` was never called (as a rejection)
   */
  async httpFetch(productId: string, deviceName: string, buf_len: number): Promise<[Buffer | null, number]> {
    const o = this.ota(productId, deviceName);
    if (!o) return [null, -1];
    if (!o.http_opened) throw new AttributeError("'NoneType' object has no attribute 'handle'");
    return o.http_fetch(buf_len);
  }

  /**
   * Publishes `report_version` at QoS 1.
   * @returns `[rc, mid]`, `[-1, -1]` without a handler
   * @throws TypeError `Invalid param.`, RangeError `Invalid version length`, TypeError `ota handle is uninitialized`
   */
  otaReportVersion(productId: string, deviceName: string, version: string): [number, number] {
    const o = this.ota(productId, deviceName);
    if (!o) return [-1, -1];
    const out = o.ota_report_version(version);
    if (out[0] !== 0) this._logger.error('[ota] report version fail');
    return out;
  }

  /**
   * Opens the firmware download at `offset` (bytes already stored) of `size` (total).
   * @returns 0 ok, 1 HTTP failure, -1 without a handler
   * @throws RangeError `Invalid length.` (as a rejection)
   */
  async otaDownloadStart(productId: string, deviceName: string, offset: number, size: number): Promise<number> {
    const o = this.ota(productId, deviceName);
    if (!o) return -1;
    return o.ota_download_start(offset, size);
  }

  /**
   * Reads the next firmware chunk (progress reports and MD5 included).
   * @returns `[bytes, n]` (n = 0 at end of stream), `[null, -1]` not fetching/no handler, `[null, -2]` read error
   */
  async otaFetchYield(productId: string, deviceName: string, buf_len: number): Promise<[Buffer | null, number]> {
    const o = this.ota(productId, deviceName);
    if (!o) return [null, -1];
    const out = await o.ota_fetch_yield(buf_len);
    if (out[1] >= 0) {
      const m = o.manager;
      const info: OtaProgressInfo = { productId, deviceName, fetched: m.size_fetched, total: m.file_size, percent: m.file_size > 0 ? Math.floor((m.size_fetched * 100) / m.file_size) : 0 };
      this.queue.post(() => this.events.emit('otaProgress', info));
    }
    return out;
  }

  // ------------------------------------------------------------------ 2.10 logging

  /**
   * Enables SDK logging at `level`, optionally into a size-rotated file.
   * @returns the Log object when a file was configured or `enable` is false; null without a file (console logging
   *   is still on) or when there is no MQTT client yet (placeholder secret)
   */
  logInit(
    level: LoggerLevel | EnumLike<string>,
    filePath: string | null | { filePath?: string | null; maxBytes?: number; backupCount?: number; enable?: boolean } = null,
    maxBytes = 0,
    backupCount = 0,
    enable: boolean | { enable?: boolean } = true,
  ): Log | null {
    if (filePath !== null && typeof filePath === 'object') {
      const k = filePath;
      maxBytes = k.maxBytes ?? 0;
      backupCount = k.backupCount ?? 0;
      enable = k.enable ?? true;
      filePath = k.filePath ?? null;
    }
    const on = typeof enable === 'object' ? enable.enable !== false : enable;
    if (!this.protocol) return null;
    const logger = this._logger;
    if (!on) {
      logger.disable_logger();
      return logger;
    }
    const v = enumValue(level as LoggerLevel | EnumLike<string>);
    const lvl = v === LoggerLevel.DEBUG ? LOG_LEVELS.DEBUG : v === LoggerLevel.WARNING ? LOG_LEVELS.WARNING : v === LoggerLevel.ERROR ? LOG_LEVELS.ERROR : LOG_LEVELS.INFO;
    logger.set_level(lvl);
    logger.enable_logger();
    if (filePath === null || filePath === undefined || maxBytes === 0 || backupCount === 0) {
      logger.error('please set logger parameter:\n\tfilePath: log file path.\n\tmaxBytes: bytes of one file.\n\tbackupCount: file number.');
      return null;
    }
    logger.create_file(filePath, maxBytes, backupCount);
    this.transportToLog = true;
    return logger;
  }

  // ------------------------------------------------------------------ TypeScript additions

  /**
   * TypeScript only: closes the connection (also while reconnecting), open downloads and timers, and drops
   * pending callbacks. The instance cannot be used afterwards.
   */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const o of this.otaMap.values()) o.close();
    // pending waits end now instead of holding timers open
    this.gateway?.close();
    this.ntp.cancel?.();
    for (const w of [...this.subackWaiters]) w();
    await this.protocol?.destroy();
    await this.queue.drain();
    this.queue.close();
    this.events.removeAllListeners();
    this.state = HubState.DISCONNECTED;
  }

  /** TypeScript only: resolves once every callback queued so far has run. */
  flushCallbacks(): Promise<void> {
    return this.queue.drain();
  }
}

let singleton: QcloudHub<unknown> | undefined;

/**
 * Process-wide singleton wrapper (Python `QcloudHub`): the first construction wins, later ones return the same
 * object and ignore their arguments. Use `.hub`.
 */
export class QcloudHub<U = unknown> {
  /** The client. */
  readonly hub!: QcloudHubProvider<U>;

  /**
   * @param device_file - path of `device_info.json`, or all arguments as one keyword object
   * @param userdata - last argument of every callback
   * @param tls - TLS (true)
   * @param domain - broker host override
   * @param useWebsocket - WebSocket transport (false)
   * @param options - TypeScript-only settings
   */
  constructor(device_file: string | QcloudHubArgs<NoInfer<U>>, userdata: NoInfer<U> | null = null, tls = true, domain: string | null = null, useWebsocket = false, options: QcloudHubOptions = {}) {
    if (singleton) return singleton as unknown as QcloudHub<U>;
    this.hub = new QcloudHubProvider<U>(device_file, userdata, tls, domain, useWebsocket, options);
    singleton = this as unknown as QcloudHub<unknown>;
  }

  /** TypeScript only: destroys the singleton's client and forgets it, so a new `QcloudHub(...)` builds a fresh one. */
  static async destroy(): Promise<void> {
    const s = singleton;
    singleton = undefined;
    await s?.hub.destroy();
  }
}
