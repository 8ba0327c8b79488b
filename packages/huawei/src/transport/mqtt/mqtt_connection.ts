/**
 * {@link MqttConnection}: the IoTDA MQTT connection on top of the `@iot/core` session.
 * @module
 */
import { readFileSync } from 'node:fs';
import { decodeBase64Key, MqttConnectError, MqttSession, type Logger, type MqttCredentials, type MqttSessionOptions, type TlsOptions } from '@iot/core';
import type { HuaweiClientOptions } from '../../client/client_conf.js';
import { ConnectAuthInfo } from '../../client/connect_auth_info.js';
import type { MqttConnectConf } from '../../client/mqtt_connect_conf.js';
import type { CallbackQueue } from '../../utils/callback_queue.js';
import { get_client_id, get_timestamp, sha256_mac, sha256_mac_salt } from '../../utils/iot_util.js';
import type { ActionListener } from '../action_listener.js';
import type { ConnectActionListener } from '../connect_action_listener.js';
import type { ConnectListener } from '../connect_listener.js';
import { Connection } from '../connection.js';
import { RawMessage } from '../raw_message.js';
import type { RawMessageListener } from '../raw_message_listener.js';
import { HuaweiBackoff } from './huawei_backoff.js';

/**
 * The MQTT credentials of one connection attempt (spec 3.2).
 * @param info - the settings (bs_mode and auth_type as they are now)
 * @param now - the time of the attempt
 * @returns client id, username and password (none for X.509)
 * @throws Error when the secret is missing or auth_type is invalid
 */
export function build_credentials(info: ConnectAuthInfo, now: Date = new Date()): MqttCredentials {
  const id = info.id ?? '';
  const ts = get_timestamp(now);
  if (info.bs_mode === ConnectAuthInfo.BS_MODE_BOOTSTRAP_WITH_SCOPEID) {
    if (info.auth_type === ConnectAuthInfo.SECRET_AUTH) {
      if (!info.secret) throw new Error('secret is None');
      const derived = sha256_mac_salt(decodeBase64Key(info.secret), id);
      return { clientId: `${id}_0_${info.scope_id ?? ''}_0_${ts}`, username: id, password: sha256_mac(derived, ts) };
    }
    if (info.auth_type === ConnectAuthInfo.X509_AUTH) return { clientId: `${id}_0_${info.scope_id ?? ''}`, username: id };
    throw new Error('auth_type is invalid');
  }
  const clientId = get_client_id(id, info.check_timestamp, ts);
  if (info.auth_type === ConnectAuthInfo.SECRET_AUTH) {
    if (typeof info.secret !== 'string') throw new Error('secret is None');
    return { clientId, username: id, password: sha256_mac(info.secret, ts) };
  }
  if (info.auth_type === ConnectAuthInfo.X509_AUTH) return { clientId, username: id };
  throw new Error('auth_type is invalid');
}

const CONNACK_NAMES: Record<number, string> = {
  1: 'Unsupported protocol version',
  2: 'Client identifier not valid',
  3: 'Server unavailable',
  4: 'Bad user name or password',
  5: 'Not authorized',
};

/**
 * The `cause` string of `ConnectListener.connection_lost`, as paho 2 names it: "Success" after a requested close,
 * "Keep alive timeout", the CONNACK reason name for a refusal, otherwise "Unspecified error".
 * @param cause - the session's disconnect cause
 * @param error - the error, if any
 * @param returnCode - CONNACK code of a refusal
 * @returns the reason name
 */
export function disconnectCause(cause: string, error: Error | undefined, returnCode: number | undefined): string {
  if (cause === 'requested') return 'Success';
  if (cause === 'refused' && returnCode !== undefined) return CONNACK_NAMES[returnCode] ?? 'Unspecified error';
  if (error && /keep ?alive/i.test(error.message)) return 'Keep alive timeout';
  return 'Unspecified error';
}

/** What MqttConnection needs from its owner. */
export interface MqttConnectionContext {
  /** TypeScript-only options. */
  options: HuaweiClientOptions;
  /** Serial callback queue. */
  callbacks: CallbackQueue;
  /** Logger. */
  log: Logger;
}

/** The MQTT connection of a device: builds a core session from the settings at connect time. */
export class MqttConnection extends Connection {
  /** Name of the Python network thread (kept for reference). */
  static readonly MQTT_THREAD_NAME = 'MqttThread';
  /** Device-id type digit of the client id. */
  static readonly CONNECT_TYPE = '0';

  private session: MqttSession | undefined;
  private connecting = false;
  private sysSub: Promise<unknown> | undefined;
  private readonly connectListeners: ConnectListener[] = [];
  private connectActionListener: ConnectActionListener | null = null;
  private readonly maxBuffer: number;
  private readonly log: Logger;

  /**
   * @param connect_auth_info - settings (read again at every connect)
   * @param mqtt_connect_conf - MQTT settings
   * @param raw_msg_listener - receives every inbound message
   * @param ctx - options, callback queue, logger
   */
  constructor(
    private readonly connect_auth_info: ConnectAuthInfo,
    private readonly mqtt_connect_conf: MqttConnectConf,
    private readonly raw_msg_listener: RawMessageListener,
    private readonly ctx: MqttConnectionContext,
  ) {
    super();
    this.maxBuffer = connect_auth_info.max_buffer_message > 0 ? Math.trunc(connect_auth_info.max_buffer_message) : 0;
    this.log = ctx.log;
  }

  /**
   * The broker URL the settings point at. `broker_port` stands in for the symbolic ports 1883/8883 only: any other
   * port can only come from a bootstrap answer (or its cached `server_info.json`) and is dialled as given, as Python
   * does.
   */
  private url(): string {
    const info = this.connect_auth_info;
    const scheme = info.port === 8883 ? 'mqtts' : 'mqtt';
    const host = (info.server_uri ?? '').includes(':') ? `[${info.server_uri}]` : info.server_uri;
    const symbolic = info.port === 1883 || info.port === 8883;
    return `${scheme}://${host}:${symbolic ? (this.ctx.options.broker_port ?? info.port) : info.port}`;
  }

  private tls(): TlsOptions | undefined {
    const info = this.connect_auth_info;
    if (info.port !== 8883) return undefined;
    const caPath = info.bs_mode === 1 || info.bs_mode === 2 ? info.bs_cert_path : info.iot_cert_path;
    let ca: Buffer;
    try {
      ca = readFileSync(caPath ?? '');
    } catch {
      throw new Error('ssl certification path error');
    }
    // as Python (ssl.PROTOCOL_TLSv1_2 + tls_insecure_set(True)): TLS 1.2 only, the chain is verified against the CA
    // file but not the host name
    const tls: TlsOptions = {
      ca,
      rejectUnauthorized: this.ctx.options.reject_unauthorized !== false,
      verifyHostname: false,
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
    };
    if (info.auth_type === ConnectAuthInfo.X509_AUTH) {
      if (info.cert_path == null || info.key_path == null) throw new Error('x509 pem or key is None');
      tls.cert = readFileSync(info.cert_path);
      tls.key = readFileSync(info.key_path);
    }
    return tls;
  }

  private ensureSession(): MqttSession {
    if (this.session && this.session.state !== 'destroyed') return this.session;
    const info = this.connect_auth_info;
    const o = this.ctx.options;
    const opts: MqttSessionOptions = {
      url: this.url(),
      credentials: () => build_credentials(info),
      protocolVersion: 4,
      keepalive: this.mqtt_connect_conf.keep_alive_time,
      clean: true,
      connectTimeoutMs: 10_000,
      reconnect: info.reconnect_on_failure
        ? {
            enabled: true,
            strategy: new HuaweiBackoff({ min_backoff: info.min_backoff, max_backoff: info.max_backoff, random: o.random }),
            stableAfterMs: o.stable_after_ms ?? 10_000,
            stopOnAuthFailure: true,
          }
        : false,
      offlineBuffer: this.maxBuffer > 0 ? { maxMessages: this.maxBuffer, qos0: true } : false,
      restoreSubscriptions: false,
      maxInflight: info.inflight_messages,
      logger: this.log,
      // Python runs the CONNACK callbacks (connect_complete: the device-log reports) and only then publishes its
      // offline buffer: hold the replay until the callback queue has run them
      replay: 'after-connect-event',
      beforeReplay: () => this.ctx.callbacks.idle(),
    };
    const tls = this.tls();
    if (tls) opts.tls = tls;
    const s = new MqttSession(opts);
    const host = info.server_uri ?? '';
    s.on('message', (topic, payload, packet) => {
      const msg = new RawMessage(topic, payload, packet.qos);
      this.ctx.callbacks.enqueue('on_message_received', () => this.raw_msg_listener.on_message_received(msg));
    });
    s.on('connect', () => {
      this.log.info(`connect success, the uri is ${host}`);
      if (o.subscribe_system_topics && info.bs_mode === 0) {
        const base = `$oc/devices/${info.id ?? ''}/sys/`;
        const downlinks = ['commands/#', 'messages/down', 'properties/set/#', 'properties/get/#', 'shadow/get/response/#', 'events/down'].map((t) => base + t);
        this.sysSub = s.subscribe(downlinks, { qos: 1 }).done.catch((e: Error) => this.log.warn(`subscribe failed: ${e.message}`));
      }
      for (const l of this.connectListeners) this.ctx.callbacks.enqueue('connect_complete', () => l.connect_complete(false, host));
      const al = this.connectActionListener;
      if (al) this.ctx.callbacks.enqueue('ConnectActionListener.on_success', () => al.on_success(0));
    });
    s.on('disconnect', (d) => {
      if (d.cause === 'network') {
        const al = this.connectActionListener;
        const err = d.error ?? new Error('connect failed');
        if (al) this.ctx.callbacks.enqueue('ConnectActionListener.on_failure', () => al.on_failure(-1, err));
        return;
      }
      const cause = disconnectCause(d.cause, d.error, d.returnCode);
      this.log.warn(`connection lost: ${cause}`);
      for (const l of this.connectListeners) this.ctx.callbacks.enqueue('connection_lost', () => l.connection_lost(cause));
    });
    s.on('error', (e) => this.log.debug(`mqtt: ${e.message}`));
    this.session = s;
    return s;
  }

  /**
   * Connects (retrying per the back-off when `reconnect_on_failure`).
   * @returns 0 connected; -1 error (bad CA path, missing credentials, network error without retry, or another
   *   connect already running); otherwise the MQTT 3.1.1 CONNACK code (4/5 stop the retries)
   */
  async connect(): Promise<number> {
    if (this.connecting) return -1;
    this.connecting = true;
    try {
      let session: MqttSession;
      try {
        session = this.ensureSession();
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        this.log.error(`connect failed: ${err.message}`);
        const al = this.connectActionListener;
        if (al) this.ctx.callbacks.enqueue('ConnectActionListener.on_failure', () => al.on_failure(-1, err));
        return -1;
      }
      await session.connect();
      if (this.sysSub) await this.sysSub;
      return 0;
    } catch (e) {
      if (e instanceof MqttConnectError) {
        this.log.error(`connect refused, rc = ${e.returnCode}`);
        return e.returnCode;
      }
      this.log.error(`connect failed: ${e instanceof Error ? e.message : String(e)}`);
      return -1;
    } finally {
      this.connecting = false;
    }
  }

  /**
   * Publishes, or buffers while offline (drop-oldest when `max_buffer_message` is reached). The listener hears
   * `on_success` after the send (QoS 0) / PUBACK (QoS 1), `on_failure` when the message is dropped.
   * @param raw_message - the message
   * @param message_publish_listener - optional listener
   */
  publish_message(raw_message: RawMessage, message_publish_listener: ActionListener | null = null): void {
    const l = message_publish_listener;
    const { topic, qos } = raw_message;
    const payload = raw_message.payload == null ? Buffer.alloc(0) : raw_message.payload;
    const fail = (text: string, err: Error | null): void => {
      if (l) this.ctx.callbacks.enqueue('ActionListener.on_failure', () => l.on_failure(text, err));
    };
    let session: MqttSession;
    try {
      if (this.connect_auth_info.bs_mode !== 0 && !this.session) throw new Error('not bootstrapped yet');
      session = this.ensureSession();
    } catch (e) {
      this.log.warn('mqtt client was disconnect.');
      fail(`publish message failed, qos= ${qos}, topic= ${topic}`, e instanceof Error ? e : null);
      return;
    }
    if (!session.connected && this.maxBuffer === 0) this.log.warn('mqtt client was disconnect.');
    try {
      const op = session.publish(topic, payload, { qos: qos as 0 | 1 | 2 });
      op.done.then(
        (o) => {
          if (l) this.ctx.callbacks.enqueue('ActionListener.on_success', () => l.on_success(`publish message success, mid = ${o.mid}`));
        },
        (err: Error) => {
          this.log.warn(`publish message failed, mid= ${op.mid}: ${err.message}`);
          fail(`publish message failed, mid= ${op.mid}`, err);
        },
      );
    } catch (e) {
      fail(`publish message failed, qos= ${qos}, topic= ${topic}`, e instanceof Error ? e : null);
    }
  }

  /** Closes for good: no reconnect afterwards (quirk Q6 fixed). A later connect() builds a new session. */
  async close(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    if (s) await s.destroy();
  }

  /** True while connected. */
  is_connected(): boolean {
    return this.session?.connected === true;
  }

  /**
   * Adds a connection listener (no type check, as in Python).
   * @param connect_listener - the listener
   */
  add_connect_listener(connect_listener: ConnectListener): void {
    this.connectListeners.push(connect_listener);
  }

  /**
   * Sets the connect action listener.
   * @param connect_action_listener - the listener
   */
  set_connect_action_listener(connect_action_listener: ConnectActionListener): void {
    this.connectActionListener = connect_action_listener;
  }

  /**
   * Sends a SUBSCRIBE (queued until connected when offline). Not restored after a reconnect, like Python: subscribe
   * again in `connect_complete`.
   * @param topic - topic filter
   * @param qos - QoS
   */
  subscribe_topic(topic: string, qos: number): void {
    try {
      const op = this.ensureSession().subscribe(topic, { qos: qos as 0 | 1 | 2 });
      op.done.catch((e: Error) => this.log.warn(`subscribe ${topic} failed: ${e.message}`));
    } catch (e) {
      this.log.error(`subscribe_topic failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The underlying core session (tests, advanced use); undefined before the first connect/publish. */
  _get_session(): MqttSession | undefined {
    return this.session;
  }
}
