/**
 * `LinkKit`: the Aliyun IoT Link Kit device client with the API of linkkit.py 1.2.13 (`from linkkit import linkkit`).
 * Same method and callback names, argument order, defaults, return values (tuples as arrays), states, error codes
 * and exception messages. Transport (MQTT session, reconnect, offline buffer, HTTP) comes from `@iot/core`.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import {
  MqttSession,
  compileValidator,
  consoleLogger,
  openDownloadStream,
  postForm,
  type DisconnectCause,
  type Logger,
  type MqttCredentials,
  type HttpStream,
} from '@iot/core';
import { LinkKitBackoff } from './backoff.js';
import { ALIYUN_BROKER_CA_DATA } from './ca-data.js';
import { ErrorCode, type ErrorCodeMember } from './error-code.js';
import { StateError, ValueError } from './errors.js';
import { HandlerQueue } from './handler-queue.js';
import { LinkKitState, type LinkKitStateMember } from './link-kit-state.js';
import {
  alinkRequest,
  codeReply,
  eventPostRequest,
  gatewayRequest,
  otaFirmwareGetPayload,
  otaInformPayload,
  otaProgressPayload,
  shadowGetRequest,
  shadowUpdateRequest,
} from './payloads.js';
import { pyStr } from './python-format.js';
import { randomString } from './random-string.js';
import { RequestIdPool } from './request-id-pool.js';
import { SdkLog, type PyLogLevel } from './sdk-log.js';
import { Shadow } from './shadow.js';
import {
  deviceSecretCredentials,
  dynregCredentials,
  nwlCredentials,
  productSign,
  subdevLoginClientId,
  subdevSign,
  subdevTopoClientId,
  type LinkKitCredentials,
} from './signing.js';
import { deviceTopics, eventPostTopic, pyLen, pySplit, rrpcFilter, serviceTopic, tidyTopic, type DeviceTopics } from './topics.js';
import { TslIndex, eventSchemas, propertyPostSchema, type TslDocument } from './tsl.js';
import type {
  CallbackName,
  ConfigMqttArgs,
  LinkKitCallbacks,
  LinkKitExtensions,
  LinkKitKeywordArgs,
  LinkKitOptions,
  None,
  OtaDownloadExtras,
  RcTuple,
} from './types.js';

/** paho's MQTT_ERR_NO_CONN, returned where the SDK passes paho codes through. */
const MQTT_ERR_NO_CONN = 4;
/** paho's MQTT_ERR_CONN_LOST, the rc of `on_disconnect` after a network loss. */
const MQTT_ERR_CONN_LOST = 7;
/** paho's MQTT_ERR_KEEPALIVE, the rc of `on_disconnect` after a keep-alive timeout. */
const MQTT_ERR_KEEPALIVE = 16;
/** linkkit.py's fixed request timeout, in SDK seconds. */
const REQUEST_TIMEOUT_SEC = 10;
/** Pending RRPC/sync-service replies kept (the SDK evicts when more than 100 exist). */
const RRPC_PENDING_MAX = 100;

/** Thrown by `thing_post_property`/`thing_trigger_event` in strict validation mode (extension). */
export class TslValidationError extends ValueError {
  /**
   * @param message - what is wrong
   * @param errors - the individual validation errors
   */
  constructor(
    message: string,
    readonly errors: readonly string[],
  ) {
    super(message);
    this.name = 'TslValidationError';
  }
}

function isValidStr(v: unknown): v is string {
  return v !== null && v !== undefined && v !== '';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Buffer.isBuffer(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A JSON reply field read the Python way (`payload["key"]`): throws when the payload is not a dict or lacks it. */
function field(obj: unknown, key: string): unknown {
  if (!isPlainObject(obj) || !(key in obj)) throw new Error(`KeyError: '${key}'`);
  return obj[key];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Python `json.loads(str(payload, "utf-8"))`: throws on bad UTF-8 or bad JSON. */
function loadJson(payload: Buffer): unknown {
  return JSON.parse(UTF8.decode(payload)) as unknown;
}

function checkTopicString(topic: string): void {
  const n = pyLen(topic);
  if (n > 128 || n === 0) throw new ValueError(`topic string length too long,need decrease ${128 - n} bytes`);
}

function toPayload(payload: unknown): string | Buffer {
  if (payload === null || payload === undefined) return '';
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) return payload;
  if (payload instanceof Uint8Array) return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (typeof payload === 'number' || typeof payload === 'bigint') return pyStr(payload);
  throw new TypeError('payload must be a string, bytes, int, float or None');
}

type RrpcItem = { id: string; topic: string; payload: unknown; request_id?: unknown; identifier?: string };
type MidMap = Map<number, number>;
type AuthMode =
  | { kind: 'device' }
  | { kind: 'direct' }
  | { kind: 'dynreg'; authType: 'register' | 'regnwl' };

const CONSTRUCTOR_KEYS = [
  'host_name',
  'product_key',
  'device_name',
  'device_secret',
  'auth_type',
  'username',
  'client_id',
  'password',
  'instance_id',
  'product_secret',
  'user_data',
  'extensions',
] as const;

const CONFIG_MQTT_KEYS = [
  'port',
  'protocol',
  'transport',
  'secure',
  'keep_alive',
  'clean_session',
  'max_inflight_message',
  'max_queued_message',
  'auto_reconnect_min_sec',
  'auto_reconnect_max_sec',
  'cadata',
  'endpoint',
  'check_hostname',
] as const;

/**
 * Merges Python-style positional arguments with a trailing keyword-arguments object.
 * @param names - parameter names in positional order
 * @param args - the call's arguments
 * @param kwargsFrom - a plain object at an index below this is taken as keyword arguments
 */
function bindArgs(names: readonly string[], args: readonly unknown[], kwargsFrom: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let positional = args;
  const last = args[args.length - 1];
  if (args.length > 0 && args.length - 1 < kwargsFrom && isPlainObject(last)) {
    positional = args.slice(0, -1);
    for (const [k, v] of Object.entries(last)) {
      if (!names.includes(k)) throw new TypeError(`got an unexpected keyword argument '${k}'`);
      out[k] = v;
    }
  }
  positional.forEach((v, i) => {
    const name = names[i];
    if (name === undefined) throw new TypeError(`takes ${names.length} positional arguments but ${positional.length} were given`);
    if (name in out) throw new TypeError(`got multiple values for argument '${name}'`);
    out[name] = v;
  });
  return out;
}

/**
 * The Link Kit device client (linkkit.py 1.2.13 `LinkKit`).
 *
 * ```ts
 * import { linkkit } from '@iot/aliyun';
 * const lk = new linkkit.LinkKit('cn-shanghai', pk, dn, ds);
 * lk.on_connect = (session_flag, rc, userdata) => console.log('connected', rc);
 * lk.thing_setup('tsl.json');
 * lk.connect_async();
 * const [rc, request_id] = lk.thing_post_property({ abs_speed: 11 });
 * ```
 * Callbacks are delivered asynchronously, one at a time, in the order the events happened (never inside the API
 * call that caused them). `disconnect()`, `destruct()` and `download_ota_firmware()` return Promises of the
 * Python value.
 * @typeParam U - type of `user_data`
 */
export class LinkKit<U = unknown> {
  /** Tag key name used by `thing_update_tags`. */
  static readonly TAG_KEY = 'attrKey';
  /** Tag value name used by `thing_update_tags`. */
  static readonly TAG_VALUE = 'attrValue';
  /** `LinkKit.LinkKitState`. */
  static readonly LinkKitState = LinkKitState;
  /** `LinkKit.ErrorCode`. */
  static readonly ErrorCode = ErrorCode;
  /** `LinkKit.StateError`. */
  static readonly StateError = StateError;
  /** `LinkKit.Shadow`. */
  static readonly Shadow = Shadow;

  // identity and credentials
  private readonly hostName: string;
  private readonly productKey: string;
  private readonly deviceName: string;
  private deviceSecret: string | None;
  private readonly productSecret: string | None;
  private readonly authType: string | None;
  private readonly username: string | None;
  private readonly clientId: string | None;
  private readonly password: string | None;
  private readonly instanceId: string | None;
  private readonly userData: U;
  private readonly ext: LinkKitExtensions;

  // configuration
  private mqttPort = 8883;
  private mqttProtocol = 'MQTTv311';
  private mqttSecure = 'TLS';
  private mqttKeepAlive = 60;
  private mqttCleanSession = true;
  private mqttMaxInflight = 20;
  private mqttMaxQueued = 40;
  private reconnectMinSec = 1;
  private reconnectMaxSec = 60;
  private caData: string = ALIYUN_BROKER_CA_DATA;
  private endpoint: string | None = null;
  private checkHostname = true;
  private interfaceInfo = '';

  // runtime
  private state: LinkKitStateMember = LinkKitState.INITIALIZED;
  private session: MqttSession | undefined;
  private workerRunning = false;
  private exitRequested = false;
  private dynregFlag = false;
  private dynregNwlFlag = false;
  private lastPassword: string | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private cleanupTimer: NodeJS.Timeout | undefined;
  private destructing: Promise<void> | undefined;
  private readonly backoff: LinkKitBackoff;
  private readonly handler: HandlerQueue;
  private readonly log: SdkLog;
  private readonly topics: DeviceTopics;
  private readonly requestIds: RequestIdPool;
  private readonly latestShadow = new Shadow();
  private readonly callbacks: Partial<LinkKitCallbacks<U>> = {};
  private otaProgressCounter = 0;

  // thing model
  private thingSetup = false;
  private thingEnabled = false;
  private readonly tsl = new TslIndex();
  private readonly eventPostTopics = new Map<string, string>();
  private readonly eventPostReplyTopics = new Set<string>();
  private readonly serviceTopics = new Set<string>();
  private propertyValidator: ((data: unknown) => { valid: boolean; errors: string[] }) | undefined;
  private readonly eventValidators = new Map<string, (data: unknown) => { valid: boolean; errors: string[] }>();

  // user topics and rrpc
  private readonly userTopics: Record<string, number> = {};
  private readonly userSubRequests = new Map<number, Array<[string, number]>>();
  private readonly userUnsubRequests = new Map<number, string[]>();
  private readonly rrpcTopics = new Map<string, number>();
  private readonly rrpcSubRequests = new Map<number, string[]>();
  private readonly rrpcUnsubRequests = new Map<number, string[]>();
  private readonly rrpcPending: RrpcItem[] = [];
  private readonly rrpcPendingIds = new Set<string>();

  // mids tracked to keep SDK publishes out of on_publish_topic (spec 3.8), in the SDK's lookup order
  private readonly midEventPost: MidMap = new Map();
  private readonly midPropPost: MidMap = new Map();
  private readonly midPropSetReply: MidMap = new Map();
  private readonly midAnswerService: MidMap = new Map();
  private readonly midRawUp: MidMap = new Map();
  private readonly midRawDownReply: MidMap = new Map();
  private readonly midShadow: MidMap = new Map();
  private readonly midUpdateInfo: MidMap = new Map();
  private readonly midDeleteInfo: MidMap = new Map();
  private readonly midTopoAdd: MidMap = new Map();
  private readonly midTopoDelete: MidMap = new Map();

  /** Keyword form: `new LinkKit({ host_name, product_key, device_name, device_secret, ... })`. */
  constructor(options: LinkKitOptions<U>);
  /** Positional identity plus keyword arguments: `new LinkKit(host, pk, dn, '', { product_secret })`. */
  constructor(host_name: string, product_key: string, device_name: string, device_secret: string | None, kwargs: LinkKitKeywordArgs<U>);
  /** Positional form, in linkkit.py order. */
  constructor(
    host_name: string,
    product_key: string,
    device_name: string,
    device_secret: string | None,
    auth_type?: string | None,
    username?: string | None,
    client_id?: string | None,
    password?: string | None,
    instance_id?: string | None,
    product_secret?: string | None,
    user_data?: U,
    extensions?: LinkKitExtensions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs(CONSTRUCTOR_KEYS, args, 10);
    const str = (k: string): string | None => (a[k] === undefined ? null : (a[k] as string | None));
    if (!isValidStr(a['host_name'])) throw new ValueError('host_name wrong');
    if (!isValidStr(a['product_key'])) throw new ValueError('product key wrong');
    if (!isValidStr(a['device_name'])) throw new ValueError('device name wrong');
    if (!isValidStr(a['device_secret']) && !isValidStr(a['product_secret'])) {
      if (!isValidStr(a['username']) || !isValidStr(a['client_id']) || !isValidStr(a['password'])) {
        throw new ValueError('device secret & product secret are both empty');
      }
    }
    this.hostName = String(a['host_name']);
    this.productKey = String(a['product_key']);
    this.deviceName = String(a['device_name']);
    this.deviceSecret = str('device_secret');
    this.authType = str('auth_type');
    this.username = str('username');
    this.clientId = str('client_id');
    this.password = str('password');
    this.instanceId = str('instance_id');
    this.productSecret = str('product_secret');
    this.userData = (a['user_data'] ?? null) as U;
    this.ext = (a['extensions'] as LinkKitExtensions | undefined) ?? {};

    this.log = new SdkLog(this.ext.logger, () => this.secrets());
    this.topics = deviceTopics(this.productKey, this.deviceName);
    this.requestIds = new RequestIdPool(this.mqttMaxQueued, () => this.now());
    this.backoff = new LinkKitBackoff({ minSec: 1, maxSec: 60, random: this.ext.random, secondMs: this.secondMs });
    this.handler = new HandlerQueue({
      onError: (err, label) => this.log.error(`thread runnable raise exception:${label}: ${errorText(err)}`),
      onDrop: (label) => this.log.error(`post_message fail (queue full or stopped): ${label}`),
    });
  }

  // ------------------------------------------------------------------ helpers

  private get secondMs(): number {
    return this.ext.second_ms ?? 1000;
  }

  private now(): number {
    return this.ext.now ? this.ext.now() : Date.now();
  }

  private *secrets(): Iterable<string> {
    for (const s of [this.deviceSecret, this.productSecret, this.password, this.lastPassword]) if (s) yield s;
  }

  private setTimer(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms));
  }

  private cb<K extends CallbackName>(name: K): LinkKitCallbacks<U>[K] | undefined {
    return this.callbacks[name];
  }

  private tryCall(label: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log.error(`${label} raise exception:${errorText(e)}`);
    }
  }

  // ------------------------------------------------------------------ callback properties

  /** `on_device_dynamic_register(rc, value, userdata)`. */
  get on_device_dynamic_register(): LinkKitCallbacks<U>['on_device_dynamic_register'] | None {
    return this.callbacks.on_device_dynamic_register ?? null;
  }
  set on_device_dynamic_register(value: LinkKitCallbacks<U>['on_device_dynamic_register'] | None) {
    this.setCallback('on_device_dynamic_register', value);
  }
  /** `on_connect(session_flag, rc, userdata)`. */
  get on_connect(): LinkKitCallbacks<U>['on_connect'] | None {
    return this.callbacks.on_connect ?? null;
  }
  set on_connect(value: LinkKitCallbacks<U>['on_connect'] | None) {
    this.setCallback('on_connect', value);
  }
  /** `on_disconnect(rc, userdata)`. */
  get on_disconnect(): LinkKitCallbacks<U>['on_disconnect'] | None {
    return this.callbacks.on_disconnect ?? null;
  }
  set on_disconnect(value: LinkKitCallbacks<U>['on_disconnect'] | None) {
    this.setCallback('on_disconnect', value);
  }
  /** `on_publish_topic(mid, userdata)`. */
  get on_publish_topic(): LinkKitCallbacks<U>['on_publish_topic'] | None {
    return this.callbacks.on_publish_topic ?? null;
  }
  set on_publish_topic(value: LinkKitCallbacks<U>['on_publish_topic'] | None) {
    this.setCallback('on_publish_topic', value);
  }
  /** `on_subscribe_topic(mid, granted_qos, userdata)`. */
  get on_subscribe_topic(): LinkKitCallbacks<U>['on_subscribe_topic'] | None {
    return this.callbacks.on_subscribe_topic ?? null;
  }
  set on_subscribe_topic(value: LinkKitCallbacks<U>['on_subscribe_topic'] | None) {
    this.setCallback('on_subscribe_topic', value);
  }
  /** `on_unsubscribe_topic(mid, userdata)`. */
  get on_unsubscribe_topic(): LinkKitCallbacks<U>['on_unsubscribe_topic'] | None {
    return this.callbacks.on_unsubscribe_topic ?? null;
  }
  set on_unsubscribe_topic(value: LinkKitCallbacks<U>['on_unsubscribe_topic'] | None) {
    this.setCallback('on_unsubscribe_topic', value);
  }
  /** `on_topic_message(topic, payload, qos, userdata)`: every message no dedicated callback consumed. */
  get on_topic_message(): LinkKitCallbacks<U>['on_topic_message'] | None {
    return this.callbacks.on_topic_message ?? null;
  }
  set on_topic_message(value: LinkKitCallbacks<U>['on_topic_message'] | None) {
    this.setCallback('on_topic_message', value);
  }
  /** `on_topic_rrpc_message(rrpc_id, topic, payload, qos, userdata)`. */
  get on_topic_rrpc_message(): LinkKitCallbacks<U>['on_topic_rrpc_message'] | None {
    return this.callbacks.on_topic_rrpc_message ?? null;
  }
  set on_topic_rrpc_message(value: LinkKitCallbacks<U>['on_topic_rrpc_message'] | None) {
    this.setCallback('on_topic_rrpc_message', value);
  }
  /** `on_thing_create(userdata)`: never called by linkkit.py 1.2.13 (kept for API compatibility). */
  get on_thing_create(): LinkKitCallbacks<U>['on_thing_create'] | None {
    return this.callbacks.on_thing_create ?? null;
  }
  set on_thing_create(value: LinkKitCallbacks<U>['on_thing_create'] | None) {
    this.setCallback('on_thing_create', value);
  }
  /** `on_thing_enable(userdata)`: after every connect notification when `thing_setup` was called. */
  get on_thing_enable(): LinkKitCallbacks<U>['on_thing_enable'] | None {
    return this.callbacks.on_thing_enable ?? null;
  }
  set on_thing_enable(value: LinkKitCallbacks<U>['on_thing_enable'] | None) {
    this.setCallback('on_thing_enable', value);
  }
  /** `on_thing_disable(userdata)`. */
  get on_thing_disable(): LinkKitCallbacks<U>['on_thing_disable'] | None {
    return this.callbacks.on_thing_disable ?? null;
  }
  set on_thing_disable(value: LinkKitCallbacks<U>['on_thing_disable'] | None) {
    this.setCallback('on_thing_disable', value);
  }
  /** `on_thing_raw_data_arrived(payload, userdata)`. */
  get on_thing_raw_data_arrived(): LinkKitCallbacks<U>['on_thing_raw_data_arrived'] | None {
    return this.callbacks.on_thing_raw_data_arrived ?? null;
  }
  set on_thing_raw_data_arrived(value: LinkKitCallbacks<U>['on_thing_raw_data_arrived'] | None) {
    this.setCallback('on_thing_raw_data_arrived', value);
  }
  /** `on_thing_raw_data_post(payload, userdata)`. */
  get on_thing_raw_data_post(): LinkKitCallbacks<U>['on_thing_raw_data_post'] | None {
    return this.callbacks.on_thing_raw_data_post ?? null;
  }
  set on_thing_raw_data_post(value: LinkKitCallbacks<U>['on_thing_raw_data_post'] | None) {
    this.setCallback('on_thing_raw_data_post', value);
  }
  /** `on_thing_device_info_update(request_id, code, data, message, userdata)`. */
  get on_thing_device_info_update(): LinkKitCallbacks<U>['on_thing_device_info_update'] | None {
    return this.callbacks.on_thing_device_info_update ?? null;
  }
  set on_thing_device_info_update(value: LinkKitCallbacks<U>['on_thing_device_info_update'] | None) {
    this.setCallback('on_thing_device_info_update', value);
  }
  /** `on_thing_device_info_delete(request_id, code, data, message, userdata)`. */
  get on_thing_device_info_delete(): LinkKitCallbacks<U>['on_thing_device_info_delete'] | None {
    return this.callbacks.on_thing_device_info_delete ?? null;
  }
  set on_thing_device_info_delete(value: LinkKitCallbacks<U>['on_thing_device_info_delete'] | None) {
    this.setCallback('on_thing_device_info_delete', value);
  }
  /** `on_thing_call_service(identifier, request_id, params, userdata)`. */
  get on_thing_call_service(): LinkKitCallbacks<U>['on_thing_call_service'] | None {
    return this.callbacks.on_thing_call_service ?? null;
  }
  set on_thing_call_service(value: LinkKitCallbacks<U>['on_thing_call_service'] | None) {
    this.setCallback('on_thing_call_service', value);
  }
  /** `on_thing_prop_changed(params, userdata)`: the SDK already answered the property set with 200. */
  get on_thing_prop_changed(): LinkKitCallbacks<U>['on_thing_prop_changed'] | None {
    return this.callbacks.on_thing_prop_changed ?? null;
  }
  set on_thing_prop_changed(value: LinkKitCallbacks<U>['on_thing_prop_changed'] | None) {
    this.setCallback('on_thing_prop_changed', value);
  }
  /** `on_thing_event_post(event, request_id, code, data, message, userdata)`. */
  get on_thing_event_post(): LinkKitCallbacks<U>['on_thing_event_post'] | None {
    return this.callbacks.on_thing_event_post ?? null;
  }
  set on_thing_event_post(value: LinkKitCallbacks<U>['on_thing_event_post'] | None) {
    this.setCallback('on_thing_event_post', value);
  }
  /** `on_thing_prop_post(request_id, code, data, message, userdata)`. */
  get on_thing_prop_post(): LinkKitCallbacks<U>['on_thing_prop_post'] | None {
    return this.callbacks.on_thing_prop_post ?? null;
  }
  set on_thing_prop_post(value: LinkKitCallbacks<U>['on_thing_prop_post'] | None) {
    this.setCallback('on_thing_prop_post', value);
  }
  /** `on_thing_shadow_get(payload, userdata)`. */
  get on_thing_shadow_get(): LinkKitCallbacks<U>['on_thing_shadow_get'] | None {
    return this.callbacks.on_thing_shadow_get ?? null;
  }
  set on_thing_shadow_get(value: LinkKitCallbacks<U>['on_thing_shadow_get'] | None) {
    this.setCallback('on_thing_shadow_get', value);
  }
  /** `on_file_upload_begin(id, upload_file_info, userdata)`: never called (file upload was removed). */
  get on_file_upload_begin(): LinkKitCallbacks<U>['on_file_upload_begin'] | None {
    return this.callbacks.on_file_upload_begin ?? null;
  }
  set on_file_upload_begin(value: LinkKitCallbacks<U>['on_file_upload_begin'] | None) {
    this.setCallback('on_file_upload_begin', value);
  }
  /** `on_file_upload_end(id, upload_file_info, upload_file_result, userdata)`: never called. */
  get on_file_upload_end(): LinkKitCallbacks<U>['on_file_upload_end'] | None {
    return this.callbacks.on_file_upload_end ?? null;
  }
  set on_file_upload_end(value: LinkKitCallbacks<U>['on_file_upload_end'] | None) {
    this.setCallback('on_file_upload_end', value);
  }
  /** `on_gateway_add_subdev_topo_reply(request_id, code, data, message, userdata)`. */
  get on_gateway_add_subdev_topo_reply(): LinkKitCallbacks<U>['on_gateway_add_subdev_topo_reply'] | None {
    return this.callbacks.on_gateway_add_subdev_topo_reply ?? null;
  }
  set on_gateway_add_subdev_topo_reply(value: LinkKitCallbacks<U>['on_gateway_add_subdev_topo_reply'] | None) {
    this.setCallback('on_gateway_add_subdev_topo_reply', value);
  }
  /** `on_gateway_delete_subdev_topo_reply(request_id, code, data, message, userdata)`. */
  get on_gateway_delete_subdev_topo_reply(): LinkKitCallbacks<U>['on_gateway_delete_subdev_topo_reply'] | None {
    return this.callbacks.on_gateway_delete_subdev_topo_reply ?? null;
  }
  set on_gateway_delete_subdev_topo_reply(value: LinkKitCallbacks<U>['on_gateway_delete_subdev_topo_reply'] | None) {
    this.setCallback('on_gateway_delete_subdev_topo_reply', value);
  }
  /** `on_gateway_login_subdev_reply(request_id, code, data, message, userdata)`. */
  get on_gateway_login_subdev_reply(): LinkKitCallbacks<U>['on_gateway_login_subdev_reply'] | None {
    return this.callbacks.on_gateway_login_subdev_reply ?? null;
  }
  set on_gateway_login_subdev_reply(value: LinkKitCallbacks<U>['on_gateway_login_subdev_reply'] | None) {
    this.setCallback('on_gateway_login_subdev_reply', value);
  }
  /** `on_gateway_logout_subdev_reply(request_id, code, data, message, userdata)`. */
  get on_gateway_logout_subdev_reply(): LinkKitCallbacks<U>['on_gateway_logout_subdev_reply'] | None {
    return this.callbacks.on_gateway_logout_subdev_reply ?? null;
  }
  set on_gateway_logout_subdev_reply(value: LinkKitCallbacks<U>['on_gateway_logout_subdev_reply'] | None) {
    this.setCallback('on_gateway_logout_subdev_reply', value);
  }
  /** `on_gateway_register_subdev_reply(request_id, code, data, message, userdata)`. */
  get on_gateway_register_subdev_reply(): LinkKitCallbacks<U>['on_gateway_register_subdev_reply'] | None {
    return this.callbacks.on_gateway_register_subdev_reply ?? null;
  }
  set on_gateway_register_subdev_reply(value: LinkKitCallbacks<U>['on_gateway_register_subdev_reply'] | None) {
    this.setCallback('on_gateway_register_subdev_reply', value);
  }
  /** `on_gateway_product_register_subdev_reply(request_id, code, data, message, userdata)`. */
  get on_gateway_product_register_subdev_reply(): LinkKitCallbacks<U>['on_gateway_product_register_subdev_reply'] | None {
    return this.callbacks.on_gateway_product_register_subdev_reply ?? null;
  }
  set on_gateway_product_register_subdev_reply(value: LinkKitCallbacks<U>['on_gateway_product_register_subdev_reply'] | None) {
    this.setCallback('on_gateway_product_register_subdev_reply', value);
  }
  /** `on_gateway_topo_change(request_id, params, userdata)`. */
  get on_gateway_topo_change(): LinkKitCallbacks<U>['on_gateway_topo_change'] | None {
    return this.callbacks.on_gateway_topo_change ?? null;
  }
  set on_gateway_topo_change(value: LinkKitCallbacks<U>['on_gateway_topo_change'] | None) {
    this.setCallback('on_gateway_topo_change', value);
  }
  /** `on_device_dynamic_register_nwl_reply(rc, client_id, username, password)` (no user data). */
  get on_device_dynamic_register_nwl_reply(): LinkKitCallbacks<U>['on_device_dynamic_register_nwl_reply'] | None {
    return this.callbacks.on_device_dynamic_register_nwl_reply ?? null;
  }
  set on_device_dynamic_register_nwl_reply(value: LinkKitCallbacks<U>['on_device_dynamic_register_nwl_reply'] | None) {
    this.setCallback('on_device_dynamic_register_nwl_reply', value);
  }
  /** `on_ota_message_arrived(ota_notice_type, version, size, url, sign_method, sign, module, extra)` (no user data). */
  get on_ota_message_arrived(): LinkKitCallbacks<U>['on_ota_message_arrived'] | None {
    return this.callbacks.on_ota_message_arrived ?? null;
  }
  set on_ota_message_arrived(value: LinkKitCallbacks<U>['on_ota_message_arrived'] | None) {
    this.setCallback('on_ota_message_arrived', value);
  }

  private setCallback<K extends CallbackName>(name: K, value: LinkKitCallbacks<U>[K] | None | undefined): void {
    if (value === null || value === undefined) delete this.callbacks[name];
    else if (typeof value !== 'function') throw new TypeError(`${name} must be a function or null`);
    else this.callbacks[name] = value;
  }

  // ------------------------------------------------------------------ logging and configuration

  /** Turns SDK logging on at `level` (`logging.DEBUG`, `"info"`, ...). */
  enable_logger(level: PyLogLevel): void {
    this.log.setLevel(level);
    this.log.enable();
  }

  /** Turns SDK logging off. */
  disable_logger(): void {
    this.log.disable();
  }

  /** Sets the SDK log level without enabling logging. */
  config_logger(level: PyLogLevel): void {
    this.log.setLevel(level);
  }

  /** Always throws `StateError("not supported any more")` (HTTP/2 channel removed from the SDK). */
  config_http2(_endpoint: string | None = null): never {
    throw new StateError('not supported any more');
  }

  /**
   * MQTT settings; only in INITIALIZED. Positional (Python order) or keyword form `config_mqtt({ port: 1883, secure: '' })`.
   * @throws StateError when not INITIALIZED; ValueError on a bad value (Python messages)
   */
  config_mqtt(kwargs?: ConfigMqttArgs): void;
  /** Positional form (plus optional trailing keyword object). */
  config_mqtt(
    port?: number,
    protocol?: string,
    transport?: string,
    secure?: string,
    keep_alive?: number,
    clean_session?: boolean,
    max_inflight_message?: number,
    max_queued_message?: number,
    auto_reconnect_min_sec?: number,
    auto_reconnect_max_sec?: number,
    cadata?: string | None,
    endpoint?: string | None,
    check_hostname?: boolean,
  ): void;
  config_mqtt(...args: unknown[]): void {
    const a = bindArgs(CONFIG_MQTT_KEYS, args, 13) as ConfigMqttArgs;
    const port = a.port ?? 8883;
    const protocol = a.protocol ?? 'MQTTv311';
    const transport = a.transport ?? 'TCP';
    const secure = a.secure ?? 'TLS';
    const keepAlive = a.keep_alive ?? 60;
    const clean = a.clean_session ?? true;
    const maxInflight = a.max_inflight_message ?? 20;
    const maxQueued = a.max_queued_message ?? 40;
    const minSec = a.auto_reconnect_min_sec ?? 1;
    const maxSec = a.auto_reconnect_max_sec ?? 60;
    if (this.state !== LinkKitState.INITIALIZED) throw new StateError('not in INITIALIZED state');
    if (port < 1 || port > 65535) throw new ValueError('port wrong');
    if (protocol !== 'MQTTv311' && protocol !== 'MQTTv31') throw new ValueError('protocol wrong');
    if (transport !== 'TCP') throw new ValueError('transport wrong');
    if (secure !== 'TLS' && secure !== '') throw new ValueError('secure wrong');
    if (keepAlive < 30 || keepAlive > 1200) throw new ValueError('keep_alive range wrong');
    if (clean !== true && clean !== false) throw new ValueError('clean session wrong');
    if (maxQueued < 0) throw new ValueError('max_queued_message wrong');
    if (maxInflight < 0) throw new ValueError('max_inflight_message wrong');
    if (minSec < 1 || minSec > 120 * 60) throw new ValueError('auto_reconnect_min_sec wrong');
    if (maxSec < 1 || maxSec > 120 * 60) throw new ValueError('auto_reconnect_max_sec wrong');
    if (minSec > maxSec) throw new ValueError('auto_reconnect_max_sec less than auto_reconnect_min_sec');
    this.log.info('config_mqtt enter');
    this.mqttPort = port;
    this.mqttProtocol = protocol;
    this.mqttSecure = secure;
    this.mqttKeepAlive = keepAlive;
    this.mqttCleanSession = clean;
    this.mqttMaxInflight = maxInflight;
    this.mqttMaxQueued = maxQueued;
    this.requestIds.setMaxQueued(maxQueued);
    this.reconnectMinSec = minSec;
    this.reconnectMaxSec = maxSec;
    this.backoff.configure(minSec, maxSec);
    if (a.cadata !== null && a.cadata !== undefined) this.caData = a.cadata;
    if (a.endpoint !== null && a.endpoint !== undefined) this.endpoint = a.endpoint;
    if (a.check_hostname !== null && a.check_hostname !== undefined) {
      this.checkHostname = a.check_hostname;
      if (!a.check_hostname) this.log.info('skip hostname check');
    }
  }

  /**
   * Stores the network interface info that goes into the client id (`sii=`).
   * @returns 0, or 1 when longer than 160 characters
   * @throws StateError when not INITIALIZED; ValueError when not a string
   */
  config_device_info(interface_info: string): number {
    if (this.state !== LinkKitState.INITIALIZED) throw new StateError('LinkKit object not in INITIALIZED');
    if (typeof interface_info !== 'string') throw new ValueError('interface info must be string');
    if (pyLen(interface_info) > 160) return 1;
    this.interfaceInfo = interface_info;
    return 0;
  }

  /** Product key. */
  get_product(): string {
    return this.productKey;
  }

  /** Device name. */
  get_device_name(): string {
    return this.deviceName;
  }

  /** The `endpoint` given to `config_mqtt`, or null. */
  get_endpoint(): string | None {
    return this.endpoint;
  }

  /** Always throws `StateError("not supported any more")`. */
  get_h2_endpoint(): never {
    throw new StateError('not supported any more');
  }

  /** The MQTT host this client connects to (endpoint override, localhost, instance, or region endpoint). */
  get_actual_endpoint(): string {
    if (this.endpoint) return this.endpoint;
    if (this.hostName === '127.0.0.1' || this.hostName === 'localhost') return this.hostName;
    if (isValidStr(this.instanceId)) return `${this.instanceId}.mqtt.iothub.aliyuncs.com`;
    return `${this.productKey}.iot-as-mqtt.${this.hostName}.aliyuncs.com`;
  }

  /** Always throws `StateError("not supported any more")`. */
  get_actual_h2_endpoint(): never {
    throw new StateError('not supported any more');
  }

  /** Always throws `StateError("not supported any more")` (file upload was removed from the SDK). */
  upload_file_sync(_local_filename: string, _remote_filename: string | None = null, _over_write = true, _timeout: number | None = null): never {
    throw new StateError('not supported any more');
  }

  /** Always throws `StateError("not supported any more")` (file upload was removed from the SDK). */
  upload_file_async(_local_filename: string, _remote_filename: string | None = null, _over_write = true): never {
    throw new StateError('not supported any more');
  }

  /** Current {@link LinkKitState} member. */
  check_state(): LinkKitStateMember {
    return this.state;
  }

  /** Does nothing, as in linkkit.py (the worker starts with `connect_async`). */
  start_worker_loop(): void {
    /* linkkit.py 1.2.13: no-op */
  }

  // ------------------------------------------------------------------ lifecycle

  /** Always throws `StateError("not supported")`: use `connect_async()`. */
  connect(): never {
    throw new StateError('not supported');
  }

  /**
   * Starts connecting in the background (dynamic registration first when it applies), then keeps reconnecting.
   * @returns 0, or 1 when the worker is still running
   * @throws StateError when not INITIALIZED or DISCONNECTED
   */
  connect_async(): number {
    this.log.debug('connect_async');
    if (this.state !== LinkKitState.INITIALIZED && this.state !== LinkKitState.DISCONNECTED) {
      throw new StateError('not in INITIALIZED or DISCONNECTED state');
    }
    this.exitRequested = false;
    if (this.workerRunning) {
      this.log.info('LoopThread already ');
      return 1;
    }
    this.workerRunning = true;
    this.state = LinkKitState.CONNECTING;
    void this.worker().catch((e: unknown) => {
      this.log.error(`LoopThread thread Exception:${errorText(e)}`);
      this.workerEnded();
    });
    return 0;
  }

  private workerEnded(): void {
    this.workerRunning = false;
    if (this.cleanupTimer) {
      clearInterval(this.cleanupTimer);
      this.cleanupTimer = undefined;
    }
  }

  /** Runs `fn` on the handler queue and resolves with whether it returned normally. */
  private runOnHandler(label: string, fn: () => void): Promise<boolean> {
    return new Promise((resolve) => {
      const posted = this.handler.post(label, () => {
        try {
          fn();
          resolve(true);
        } catch (e) {
          this.log.error(errorText(e));
          resolve(false);
        }
      });
      if (!posted) resolve(false);
    });
  }

  private async worker(): Promise<void> {
    // legacy HTTPS one-type-one-secret pre-registration
    if (!isValidStr(this.deviceSecret) && isValidStr(this.productSecret)) {
      const lack = !isValidStr(this.username) || !isValidStr(this.clientId) || !isValidStr(this.password);
      if (!isValidStr(this.authType) && lack) {
        let result: [number, string] | null;
        try {
          result = await this.httpsRegister();
        } catch (e) {
          // linkkit.py leaves the object stuck in CONNECTING without a callback (Q8); surfaced as on_connect rc 7.
          this.log.error(`dynamic register device raise exception:${errorText(e)}`);
          this.failBeforeConnect(7);
          return;
        }
        if (this.exitRequested) return this.workerEnded();
        if (result === null) {
          this.log.error('dynamic register device: code 200 without data');
          this.failBeforeConnect(7);
          return;
        }
        const [rc, value] = result;
        const cb = this.cb('on_device_dynamic_register');
        if (!cb) {
          this.log.error("'NoneType' object is not callable (on_device_dynamic_register is not set)");
          this.state = LinkKitState.INITIALIZED;
          return this.workerEnded();
        }
        const ok = await this.runOnHandler('on_device_dynamic_register', () => cb(rc, value, this.userData));
        if (this.exitRequested) return this.workerEnded();
        if (!ok) {
          this.state = LinkKitState.INITIALIZED;
          return this.workerEnded();
        }
        if (rc !== 0) {
          this.log.error(`dynamic register device fail:${value}`);
          this.state = LinkKitState.INITIALIZED;
          return this.workerEnded();
        }
        this.deviceSecret = value;
      }
    }
    if (this.exitRequested) return this.workerEnded();
    let mode: AuthMode;
    try {
      mode = this.pickAuthMode();
    } catch (e) {
      // linkkit.py raises inside its worker and stays in CONNECTING (Q8); surfaced as on_connect rc 7.
      this.log.error(`config mqtt raise exception:${errorText(e)}`);
      this.failBeforeConnect(7);
      return;
    }
    if (mode.kind === 'dynreg') {
      if (mode.authType === 'regnwl') this.dynregNwlFlag = true;
      else this.dynregFlag = true;
    }
    if (!this.checkHostname && this.mqttSecure === 'TLS') {
      this.log.warn('check_hostname=False: host name verification stays on (not supported by this port yet)');
    }
    const secure = this.mqttSecure === 'TLS';
    const host = this.get_actual_endpoint();
    const session = new MqttSession({
      url: `${secure ? 'mqtts' : 'mqtt'}://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${this.mqttPort}`,
      credentials: () => this.credentialsFor(mode),
      protocolVersion: this.mqttProtocol === 'MQTTv31' ? 3 : 4,
      keepalive: this.mqttKeepAlive,
      clean: this.mqttCleanSession,
      connectTimeoutMs: this.ext.connect_timeout_ms ?? 30000,
      tls: secure ? { ca: this.caData, rejectUnauthorized: true } : undefined,
      reconnect: { enabled: true, strategy: this.backoff, stopOnAuthFailure: false, stableAfterMs: 2 ** 31 - 1 },
      offlineBuffer: { maxMessages: this.mqttMaxQueued === 0 ? 1_000_000 : this.mqttMaxQueued, qos0: false },
      restoreSubscriptions: false,
      maxInflight: this.mqttMaxInflight,
      logger: this.sessionLogger(),
    });
    this.session = session;
    session.on('connect', (info) => {
      if (this.session !== session) return;
      this.handler.post('on_connect', () => this.handleConnect(info.sessionPresent ? 1 : 0, 0));
    });
    session.on('disconnect', (info) => {
      if (this.session !== session) return;
      this.onSessionDown(session, info.cause, info.returnCode, info.error);
    });
    session.on('reconnecting', () => {
      if (this.session === session && this.state === LinkKitState.DISCONNECTED) this.state = LinkKitState.CONNECTING;
    });
    session.on('message', (topic, payload, packet) => {
      if (this.session !== session) return;
      this.handler.post('on_message', () => this.dispatch(topic, payload, packet.qos));
    });
    session.on('error', (err) => this.log.debug(`mqtt session: ${err.message}`));
    this.cleanupTimer = setInterval(() => this.cleanTimeouts(), this.secondMs);
    this.cleanupTimer.unref();
    this.state = LinkKitState.CONNECTING;
    session.connect().catch((e: unknown) => this.log.debug(`connect: ${errorText(e)}`));
  }

  private sessionLogger(): Logger {
    const log = this.log;
    return {
      debug: (m: string) => log.debug(`[mqtt] ${m}`),
      info: (m: string) => log.debug(`[mqtt] ${m}`),
      warn: (m: string) => log.info(`[mqtt] ${m}`),
      error: (m: string) => log.error(`[mqtt] ${m}`),
    };
  }

  private failBeforeConnect(rc: number): void {
    if (this.exitRequested) return this.workerEnded();
    this.state = LinkKitState.INITIALIZED;
    this.handler.post('on_connect', () => this.handleConnect(0, rc));
    this.workerEnded();
  }

  private pickAuthMode(): AuthMode {
    if (isValidStr(this.deviceSecret)) return { kind: 'device' };
    if (isValidStr(this.clientId) && isValidStr(this.username) && isValidStr(this.password)) return { kind: 'direct' };
    if (isValidStr(this.productSecret)) {
      if (this.authType === 'regnwl' || this.authType === 'register') return { kind: 'dynreg', authType: this.authType };
      throw new StateError('unknow dynreg param error');
    }
    throw new StateError('unknow auth error');
  }

  /** Credentials of one connect attempt: signed afresh every time (linkkit.py signs once per connect_async). */
  private credentialsFor(mode: AuthMode): MqttCredentials {
    let c: LinkKitCredentials;
    if (mode.kind === 'device') {
      c = deviceSecretCredentials({
        productKey: this.productKey,
        deviceName: this.deviceName,
        deviceSecret: this.deviceSecret ?? '',
        timestamp: String(Math.floor(this.now() / 1000)),
        tls: this.mqttSecure === 'TLS',
        interfaceInfo: this.interfaceInfo,
      });
    } else if (mode.kind === 'direct') {
      c = { clientId: this.clientId ?? '', username: this.username ?? '', password: this.password ?? '' };
    } else {
      c = dynregCredentials({
        productKey: this.productKey,
        deviceName: this.deviceName,
        productSecret: this.productSecret ?? '',
        authType: mode.authType,
        random: randomString(15, this.ext.random),
        instanceId: this.instanceId,
      });
    }
    this.lastPassword = c.password;
    return c;
  }

  private async httpsRegister(): Promise<[number, string] | null> {
    const random = randomString(15, this.ext.random);
    const fields = {
      productKey: this.productKey,
      deviceName: this.deviceName,
      random,
      sign: productSign(this.productSecret ?? '', this.productKey, this.deviceName, random),
      signMethod: 'hmacsha256',
    };
    const url = this.ext.register_url ?? `https://iot-auth.${this.hostName}.aliyuncs.com/auth/register/device`;
    const res = await postForm(url, fields, url.startsWith('https:') ? { tls: { ca: this.caData, rejectUnauthorized: true } } : {});
    if (res.status >= 400) throw new Error(`HTTP Error ${res.status}`);
    const reply = field(res.json ?? loadJson(Buffer.from(res.body)), 'code');
    const obj = (res.json ?? {}) as Record<string, unknown>;
    if (reply === 200) {
      const data = field(obj, 'data');
      if (data === null) return null;
      return [0, String(field(data, 'deviceSecret'))];
    }
    return [1, String(field(obj, 'message'))];
  }

  /** The session ended or an attempt failed. */
  private onSessionDown(session: MqttSession, cause: DisconnectCause, returnCode: number | undefined, error?: Error): void {
    if (cause === 'requested') return;
    if (cause === 'network' || cause === 'refused') {
      // TCP/TLS failure: on_connect(0, 9). CONNACK refusal: linkkit.py stays silent (Q3); surfaced as on_connect(0, rc).
      if (this.state === LinkKitState.CONNECTING) this.state = LinkKitState.DISCONNECTED;
      const rc = cause === 'network' ? 9 : (returnCode ?? 5);
      this.handler.post('on_connect', () => this.handleConnect(0, rc));
    } else if (cause === 'lost') {
      // paho's codes: 16 (MQTT_ERR_KEEPALIVE) when the keep-alive ran out, 7 (MQTT_ERR_CONN_LOST) otherwise
      const rc = error && /keepalive/i.test(error.message) ? MQTT_ERR_KEEPALIVE : MQTT_ERR_CONN_LOST;
      if (this.state === LinkKitState.CONNECTED || this.state === LinkKitState.DISCONNECTING) {
        this.internalDisconnect(rc);
      } else if (this.state === LinkKitState.CONNECTING) {
        // CONNACK seen but not yet processed by the handler queue: close the session after it.
        this.handler.post('on_disconnect', () => {
          if (this.state === LinkKitState.CONNECTED) this.internalDisconnect(rc);
        });
      }
    }
    if ((this.dynregFlag || this.dynregNwlFlag) && cause !== 'network') this.giveUpDynreg(session);
  }

  /** MQTT dynamic registration: the session ended; after one back-off report failure if no result came (4.4). */
  private giveUpDynreg(session: MqttSession): void {
    this.exitRequested = true;
    void session.disconnect().catch(() => undefined);
    const delay = this.backoff.next();
    this.setTimer(() => {
      if (this.session !== session) return;
      const nwl = this.dynregNwlFlag;
      const reg = this.dynregFlag;
      this.dynregNwlFlag = false;
      this.dynregFlag = false;
      if (nwl) {
        const cb = this.cb('on_device_dynamic_register_nwl_reply');
        if (cb) this.handler.post('on_device_dynamic_register_nwl_reply', () => cb(ErrorCode.DYNREG_AUTH_NWL_FAILED.value, null, null, null));
      } else if (reg) {
        const cb = this.cb('on_device_dynamic_register');
        if (cb) this.handler.post('on_device_dynamic_register', () => cb(ErrorCode.DYNREG_AUTH_FAILED.value, null, null));
      }
      if (this.state !== LinkKitState.DESTRUCTING && this.state !== LinkKitState.DESTRUCTED) this.state = LinkKitState.DISCONNECTED;
      this.session = undefined;
      void session.destroy().catch(() => undefined);
      this.workerEnded();
    }, delay);
  }

  /** Handler-side connect notification (linkkit.py `__handler_task_on_connect_callback`). */
  private handleConnect(sessionFlag: number, rc: number): void {
    if (rc === 0 && this.session?.connected === true && (this.state === LinkKitState.CONNECTING || this.state === LinkKitState.DISCONNECTED)) {
      this.state = LinkKitState.CONNECTED;
    }
    const onConnect = this.cb('on_connect');
    if (onConnect) this.tryCall('on_connect process', () => onConnect(sessionFlag, rc, this.userData));
    if (this.thingSetup) {
      this.thingEnabled = true;
      const onEnable = this.cb('on_thing_enable');
      if (onEnable) onEnable(this.userData);
    }
  }

  /** linkkit.py `__on_internal_disconnect`: state change, bookkeeping cleared, `on_disconnect` queued. */
  private internalDisconnect(rc: number): void {
    if (this.state === LinkKitState.DESTRUCTING) this.state = LinkKitState.DESTRUCTED;
    else if (this.state === LinkKitState.DISCONNECTING || this.state === LinkKitState.CONNECTED) this.state = LinkKitState.DISCONNECTED;
    else {
      this.log.error(`__on_internal_disconnect enter from wrong state:${String(this.state)}`);
      return;
    }
    for (const k of Object.keys(this.userTopics)) delete this.userTopics[k];
    this.userSubRequests.clear();
    this.userUnsubRequests.clear();
    this.rrpcTopics.clear();
    this.rrpcSubRequests.clear();
    this.rrpcUnsubRequests.clear();
    for (const m of [this.midPropPost, this.midEventPost, this.midAnswerService, this.midRawDownReply, this.midRawUp, this.midShadow, this.midUpdateInfo, this.midDeleteInfo]) m.clear();
    this.handler.post('on_disconnect', () => this.handleDisconnect(rc));
    if (this.state === LinkKitState.DESTRUCTED) this.handler.stop();
  }

  /** Handler-side disconnect notification. */
  private handleDisconnect(rc: number): void {
    if (this.thingSetup && this.thingEnabled) {
      this.thingEnabled = false;
      const onDisable = this.cb('on_thing_disable');
      if (onDisable) this.tryCall('on_thing_disable process', () => onDisable(this.userData));
    }
    const onDisconnect = this.cb('on_disconnect');
    if (onDisconnect) this.tryCall('on_disconnect process', () => onDisconnect(rc, this.userData));
  }

  /**
   * Disconnects (MQTT DISCONNECT) and stops reconnecting. Resolves when the state is DISCONNECTED;
   * `on_thing_disable`/`on_disconnect(0, userdata)` follow. Does nothing unless CONNECTED.
   */
  async disconnect(): Promise<void> {
    this.log.debug('disconnect');
    if (this.state !== LinkKitState.CONNECTED) {
      this.log.info('already disconnected, return');
      return;
    }
    this.state = LinkKitState.DISCONNECTING;
    this.exitRequested = true;
    const session = this.session;
    this.session = undefined;
    if (session) {
      try {
        await session.destroy();
      } catch (e) {
        this.log.debug(`disconnect: ${errorText(e)}`);
      }
    }
    if (this.state === LinkKitState.DISCONNECTING) this.internalDisconnect(0);
    this.workerEnded();
  }

  /**
   * Final shutdown: disconnects if needed, delivers the callbacks still queued, and leaves the object DESTRUCTED
   * (no handle stays open). Calling it again does nothing.
   */
  destruct(): Promise<void> {
    if (this.state === LinkKitState.DESTRUCTED) {
      this.log.info('LinkKit object has already destructed');
      return Promise.resolve();
    }
    if (this.destructing) return this.destructing;
    this.log.debug('destruct enter');
    this.destructing = (async () => {
      const wasConnected = this.state === LinkKitState.CONNECTED;
      this.state = LinkKitState.DESTRUCTING;
      this.exitRequested = true;
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      const session = this.session;
      this.session = undefined;
      if (session) {
        try {
          await session.destroy();
        } catch (e) {
          this.log.debug(`destruct: ${errorText(e)}`);
        }
      }
      if (wasConnected) this.internalDisconnect(0);
      this.handler.stop();
      await this.handler.idle();
      this.state = LinkKitState.DESTRUCTED;
      this.workerEnded();
    })();
    return this.destructing;
  }

  /** Alias of {@link LinkKit.destruct}. */
  destroy(): Promise<void> {
    return this.destruct();
  }

  /**
   * Drops the connection and reconnects after one back-off (`on_disconnect(1, userdata)`, then `on_connect`).
   * Only acts while connected.
   */
  force_reconnect(): void {
    this.log.error('force reconnecting');
    const session = this.session;
    if (!session || !session.connected) return;
    void (async () => {
      try {
        await session.disconnect();
      } catch (e) {
        this.log.debug(`force_reconnect: ${errorText(e)}`);
      }
      if (this.session !== session) return;
      if (this.state === LinkKitState.CONNECTED) this.internalDisconnect(1);
      await this.sleep(this.backoff.next());
      if (this.session !== session || this.exitRequested) return;
      this.state = LinkKitState.CONNECTING;
      session.connect().catch((e: unknown) => this.log.debug(`reconnect: ${errorText(e)}`));
    })();
  }

  // ------------------------------------------------------------------ publishing primitives

  /** paho-like publish: `[rc, mid]` with rc 0 when handed to a connected session, 4 when offline. */
  private pub(topic: string, payload: string | Buffer, qos: 0 | 1): [number, number | None] {
    const session = this.session;
    if (!session) return [MQTT_ERR_NO_CONN, null];
    const connected = session.connected;
    const op = session.publish(topic, payload, { qos, whenOffline: qos === 1 ? 'buffer' : 'reject' });
    op.done.then(
      () => {
        // SDK-tracked mids end silently (no queue round trip); everything else goes through the handler queue
        if (!this.untrack(op.mid)) this.handler.post('on_publish', () => this.handlePublished(op.mid));
      },
      () => undefined,
    );
    return [connected ? 0 : MQTT_ERR_NO_CONN, op.mid];
  }

  private track(map: MidMap, rc: number, mid: number | None): void {
    if (rc === 0 && mid !== null) map.set(mid, this.now());
  }

  /** Removes a mid from the first tracking map holding it (linkkit.py's lookup order). */
  private untrack(mid: number): boolean {
    for (const m of this.trackedMaps) if (m.delete(mid)) return true;
    return false;
  }

  private readonly trackedMaps: readonly MidMap[] = [
      this.midEventPost,
      this.midPropPost,
      this.midPropSetReply,
      this.midAnswerService,
      this.midRawUp,
      this.midRawDownReply,
      this.midShadow,
      this.midUpdateInfo,
      this.midDeleteInfo,
      this.midTopoAdd,
      this.midTopoDelete,
    ];

  private handlePublished(mid: number): void {
    if (this.untrack(mid)) return;
    const cb = this.cb('on_publish_topic');
    if (cb) cb(mid, this.userData);
  }

  private cleanTimeouts(): void {
    const timeoutMs = REQUEST_TIMEOUT_SEC * this.secondMs;
    const limit = this.now() - timeoutMs;
    for (const m of [this.midPropPost, this.midEventPost, this.midAnswerService, this.midRawUp, this.midRawDownReply, this.midPropSetReply]) {
      for (const [mid, t] of m) {
        if (t >= limit) break; // insertion order is publish order
        m.delete(mid);
      }
    }
    const expired = this.requestIds.expire(timeoutMs);
    if (expired.length > 0) this.log.error(`__clean_thing_timeout_request_id pop:${expired.length > 10 ? `${expired.length} ids` : expired.join(',')}`);
  }

  private get connected(): boolean {
    return this.state === LinkKitState.CONNECTED;
  }

  // ------------------------------------------------------------------ custom topics

  /**
   * Publishes to any topic.
   * @returns `[0, mid]`; `[-1, null]` not connected; `[-2, null]` empty topic; `[-3, null]` bad qos; `[-4, null]` publish failed
   * @throws ValueError when the topic is longer than 128 characters
   */
  publish_topic(topic: string, payload: string | Buffer | Uint8Array | number | None = null, qos = 1): RcTuple<number> {
    if (!this.connected) {
      this.log.error('disconnected, pub fail');
      return [ErrorCode.NETWORK_DISCONNECTED.value, null];
    }
    if (typeof topic !== 'string' || topic.length === 0) return [ErrorCode.INVALID_TOPIC.value, null];
    if (qos !== 0 && qos !== 1) return [ErrorCode.INVALID_QOS.value, null];
    checkTopicString(topic);
    if (topic.includes('+') || topic.includes('#')) throw new ValueError('Publish topic cannot contain wildcards.');
    const [rc, mid] = this.pub(topic, toPayload(payload), qos);
    return rc === 0 ? [ErrorCode.SUCCESS.value, mid] : [ErrorCode.PAHO_MQTT_ERROR.value, null];
  }

  /**
   * Subscribes a topic (`topic, qos`), a `[topic, qos]` pair, or a list of pairs (one SUBSCRIBE).
   * @returns `[0, mid]`; `[1, null]` already subscribed; `[-1|-2|-3, null]` state/topic/qos errors
   * @throws ValueError when a topic is longer than 128 characters
   */
  subscribe_topic(topic: string | [string, number] | Array<[string, number]>, qos = 1): RcTuple<number> {
    if (!this.connected) {
      this.log.error('disconnected, sub fail');
      return [ErrorCode.NETWORK_DISCONNECTED.value, null];
    }
    let t: unknown = topic;
    if (Array.isArray(t) && t.length === 2 && typeof t[0] === 'string' && typeof t[1] === 'number') {
      qos = t[1];
      t = t[0];
    }
    const session = this.session;
    if (typeof t === 'string') {
      if (qos < 0 || qos > 1) return [ErrorCode.INVALID_QOS.value, null];
      if (t.length === 0) return [ErrorCode.INVALID_TOPIC.value, null];
      checkTopicString(t);
      if (t in this.userTopics) return [1, null];
      if (!session) return [2, null];
      const op = session.subscribe(t, { qos: qos as 0 | 1 });
      this.userSubRequests.set(op.mid, [[t, qos]]);
      this.watchSubscribe(op.mid, op.done);
      return [0, op.mid];
    }
    if (Array.isArray(t)) {
      const pairs: Array<[string, number]> = [];
      for (const entry of t as unknown[]) {
        if (!Array.isArray(entry)) throw new ValueError('cannot unpack non-sequence');
        if (entry.length !== 2) throw new ValueError(entry.length > 2 ? 'too many values to unpack (expected 2)' : `not enough values to unpack (expected 2, got ${entry.length})`);
        const [et, eq] = entry as [unknown, unknown];
        if (typeof eq !== 'number' || eq < 0 || eq > 1) return [ErrorCode.INVALID_QOS.value, null];
        if (typeof et !== 'string' || et.length === 0) return [ErrorCode.INVALID_TOPIC.value, null];
        checkTopicString(et);
        pairs.push([et, eq]);
      }
      if (pairs.length === 0) throw new ValueError('Empty topic list');
      if (!session) return [MQTT_ERR_NO_CONN, null];
      const mid = this.subscribePairs(session, pairs);
      this.userSubRequests.set(mid.mid, pairs);
      this.watchSubscribe(mid.mid, mid.done);
      return [0, mid.mid];
    }
    this.log.error('Parameter type wrong');
    return [ErrorCode.INVALID_TOPIC.value, null];
  }

  /** One SUBSCRIBE per distinct QoS (core subscribes a list at one QoS); the first mid stands for the request. */
  private subscribePairs(session: MqttSession, pairs: Array<[string, number]>): { mid: number; done: Promise<number[]> } {
    const byQos = new Map<number, string[]>();
    for (const [t, q] of pairs) byQos.set(q, [...(byQos.get(q) ?? []), t]);
    const ops = [...byQos].map(([q, ts]) => ({ ts, op: session.subscribe(ts, { qos: q as 0 | 1 }) }));
    const first = ops[0]!;
    const done = Promise.all(ops.map((o) => o.op.done)).then((grants) => {
      const byTopic = new Map<string, number>();
      for (const g of grants.flat()) byTopic.set(g.topic, g.qos);
      return pairs.map(([t]) => byTopic.get(t) ?? 128);
    });
    return { mid: first.op.mid, done };
  }

  private watchSubscribe(mid: number, done: Promise<Array<{ qos: number }> | number[]>): void {
    done.then(
      (grants) => {
        const qos = grants.map((g) => (typeof g === 'number' ? g : g.qos));
        this.handler.post('on_subscribe', () => this.handleSubscribed(mid, qos));
      },
      () => undefined,
    );
  }

  private handleSubscribed(mid: number, granted: number[]): void {
    if (this.rrpcSubRequests.delete(mid)) return; // RRPC SUBACKs notify nobody (Q6)
    const req = this.userSubRequests.get(mid);
    if (req) {
      this.userSubRequests.delete(mid);
      req.forEach(([topic], i) => {
        const g = granted[i] ?? 128;
        if (g < 0 || g > 1) this.log.error(`topics:${topic}, granted wrong:${g}`);
        else this.userTopics[topic] = g;
      });
    }
    const cb = this.cb('on_subscribe_topic');
    if (cb) this.tryCall('Caught exception in on_subscribe_topic', () => cb(mid, granted, this.userData));
  }

  /**
   * Unsubscribes subscribed topic(s).
   * @returns `[0, mid]`; `[1, null]` not subscribed; `[2, null]` nothing to unsubscribe; `[-1|-2, null]`
   * @throws ValueError when a topic is longer than 128 characters
   */
  unsubscribe_topic(topic: string | string[]): RcTuple<number> {
    if (!this.connected) {
      this.log.error('disconnected, unsub fail');
      return [ErrorCode.NETWORK_DISCONNECTED.value, null];
    }
    if (topic === null || topic === undefined || topic === '') return [ErrorCode.INVALID_TOPIC.value, null];
    const list: string[] = [];
    if (typeof topic === 'string') {
      checkTopicString(topic);
      if (!(topic in this.userTopics)) return [1, null];
      list.push(topic);
    } else if (Array.isArray(topic)) {
      for (const t of topic) {
        checkTopicString(t);
        if (t in this.userTopics) list.push(t);
      }
    }
    if (list.length === 0) return [2, null];
    const session = this.session;
    if (!session) return [1, null];
    const op = session.unsubscribe(list);
    this.userUnsubRequests.set(op.mid, list);
    this.watchUnsubscribe(op.mid, op.done);
    return [0, op.mid];
  }

  private watchUnsubscribe(mid: number, done: Promise<void>): void {
    done.then(
      () => this.handler.post('on_unsubscribe', () => this.handleUnsubscribed(mid)),
      () => undefined,
    );
  }

  private handleUnsubscribed(mid: number): void {
    if (this.rrpcUnsubRequests.delete(mid)) return;
    const req = this.userUnsubRequests.get(mid);
    if (req) {
      this.userUnsubRequests.delete(mid);
      for (const t of req) {
        if (!(t in this.userTopics)) {
          this.log.error(`__on_internal_unsubscribe e:'${t}'`);
          return;
        }
        delete this.userTopics[t];
      }
    }
    const cb = this.cb('on_unsubscribe_topic');
    if (cb) this.tryCall('Caught exception in on_unsubscribe_topic', () => cb(mid, this.userData));
  }

  /** The live map of user topics granted by SUBACK (topic → granted QoS). */
  dump_user_topics(): Record<string, number> {
    return this.userTopics;
  }

  /**
   * `"/pk/dn/user/x"` → `"user/x"` (Python `topic.split("/", 3)[3]`).
   * @throws RangeError when the topic has fewer than three `/`
   */
  static to_user_topic(topic: string): string {
    const parts = pySplit(topic, '/', 3);
    if (parts.length < 4) throw new RangeError('list index out of range');
    return parts[3]!;
  }

  /** Instance alias of the static {@link LinkKit.to_user_topic} (Python lets both be called). */
  to_user_topic(topic: string): string {
    return LinkKit.to_user_topic(topic);
  }

  /** `"user/test"` → `"/{pk}/{dn}/user/test"`. */
  to_full_topic(topic: string): string {
    return `/${this.productKey}/${this.deviceName}/${topic}`;
  }

  // ------------------------------------------------------------------ RRPC

  private subscribeRrpcFilters(filters: string[]): number {
    const session = this.session;
    if (!session) return -1;
    let op;
    try {
      op = session.subscribe(filters, { qos: 0 });
    } catch (e) {
      throw new ValueError(errorText(e));
    }
    this.rrpcSubRequests.set(op.mid, filters);
    this.watchSubscribe(op.mid, op.done);
    return op.mid;
  }

  /**
   * Subscribes `/ext/rrpc/+{topic}` (QoS 0) for one topic or a list.
   * @returns `[0, mid]`; `[1, null]` already registered; `[-1|-2, null]`
   */
  subscribe_rrpc_topic(topic: string | string[]): RcTuple<number> {
    if (!this.connected) {
      this.log.error('disconnected, sub rrpc fail');
      return [ErrorCode.NETWORK_DISCONNECTED.value, null];
    }
    if (typeof topic === 'string') {
      if (topic.length === 0) return [ErrorCode.INVALID_TOPIC.value, null];
      checkTopicString(topic);
      const tidied = tidyTopic(topic) ?? 'None';
      if (this.rrpcTopics.has(tidied)) return [1, null];
      this.rrpcTopics.set(tidied, 0);
      const mid = this.subscribeRrpcFilters([rrpcFilter(tidied)]);
      return mid < 0 ? [2, null] : [0, mid];
    }
    if (Array.isArray(topic)) {
      const filters: string[] = [];
      for (const t of topic as unknown[]) {
        if (typeof t !== 'string' || t.length === 0) return [ErrorCode.INVALID_TOPIC.value, null];
        checkTopicString(t);
        const tidied = tidyTopic(t) ?? 'None';
        this.rrpcTopics.set(tidied, 0);
        filters.push(rrpcFilter(tidied));
      }
      if (filters.length === 0) throw new ValueError('Empty topic list');
      const mid = this.subscribeRrpcFilters(filters);
      return mid < 0 ? [MQTT_ERR_NO_CONN, null] : [0, mid];
    }
    this.log.debug('Parameter type wrong');
    return [ErrorCode.INVALID_TOPIC.value, null];
  }

  /**
   * Unsubscribes RRPC topic(s) registered with `subscribe_rrpc_topic`.
   * @returns `[0, mid]`; `[1, null]` not registered; `[2, null]` nothing to do; `[-1|-2, null]`
   */
  unsubscribe_rrpc_topic(topic: string | string[]): RcTuple<number> {
    if (!this.connected) {
      this.log.error('disconnected, unsub rrpc fail');
      return [ErrorCode.NETWORK_DISCONNECTED.value, null];
    }
    if (topic === null || topic === undefined || topic === '') return [ErrorCode.INVALID_TOPIC.value, null];
    const filters: string[] = [];
    if (typeof topic === 'string') {
      checkTopicString(topic);
      const tidied = tidyTopic(topic) ?? 'None';
      if (!this.rrpcTopics.has(tidied)) return [1, null];
      filters.push(rrpcFilter(tidied));
      this.rrpcTopics.delete(tidied);
    } else if (Array.isArray(topic)) {
      for (const t of topic) {
        checkTopicString(t);
        const tidied = tidyTopic(t) ?? 'None';
        if (this.rrpcTopics.has(tidied)) {
          filters.push(rrpcFilter(tidied));
          this.rrpcTopics.delete(tidied);
        }
      }
    }
    if (filters.length === 0) return [2, null];
    const session = this.session;
    if (!session) return [1, null];
    const op = session.unsubscribe(filters);
    this.rrpcUnsubRequests.set(op.mid, filters);
    this.watchUnsubscribe(op.mid, op.done);
    return [0, op.mid];
  }

  private pushRrpc(item: RrpcItem): void {
    if (this.rrpcPending.length > RRPC_PENDING_MAX) {
      const removed = this.rrpcPending.shift();
      if (removed) this.rrpcPendingIds.delete(removed.id);
    }
    this.rrpcPending.push(item);
    this.rrpcPendingIds.add(item.id);
  }

  private popRrpc(id: string): RrpcItem | null {
    if (!this.rrpcPendingIds.delete(id)) return null;
    const i = this.rrpcPending.findIndex((it) => it.id === id);
    if (i < 0) return null;
    return this.rrpcPending.splice(i, 1)[0] ?? null;
  }

  /**
   * Answers a user RRPC request by its id (publishes `response` to the request's topic, QoS 0).
   * @returns the publish `[rc, mid]`, or `[1, null]` for an unknown id
   */
  thing_answer_rrpc(id: string, response: string | Buffer | Uint8Array | number | None): RcTuple<number> {
    if (typeof id !== 'string') throw new TypeError('can only concatenate str (not "' + typeof id + '") to str');
    const item = this.popRrpc(`rrpc_${id}`);
    if (!item) {
      this.log.error(`answer_rrpc_topic, the id does not exist: ${id}`);
      return [1, null];
    }
    const [rc, mid] = this.pub(item.topic, toPayload(response), 0);
    this.log.debug(`reply topic:${item.topic}`);
    return [rc, mid];
  }

  // ------------------------------------------------------------------ thing model

  /**
   * Sets up the thing model: a TSL file path (or, as an extension, an already parsed TSL object), or nothing for
   * raw-only devices. Only in INITIALIZED.
   * @returns 0 ok, 1 already set up, 2 file unreadable/invalid
   * @throws StateError when not INITIALIZED
   */
  thing_setup(file: string | TslDocument | None = null): number {
    if (this.state !== LinkKitState.INITIALIZED) throw new StateError('not in INITIALIZED state');
    if (this.thingSetup) return 1;
    if (file === null || file === undefined) {
      this.thingSetup = true;
      return 0;
    }
    let doc: unknown;
    try {
      doc = typeof file === 'string' ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : file;
      this.tsl.addDocument(doc);
    } catch (e) {
      this.log.info(`file open error:${errorText(e)}`);
      return 2;
    }
    for (const ev of this.tsl.events) {
      const t = eventPostTopic(this.productKey, this.deviceName, ev);
      this.eventPostTopics.set(ev, t);
      this.eventPostReplyTopics.add(`${t}_reply`);
    }
    for (const sv of this.tsl.services) this.serviceTopics.add(serviceTopic(this.productKey, this.deviceName, sv));
    this.buildValidators(doc as TslDocument);
    this.thingSetup = true;
    return 0;
  }

  private buildValidators(doc: TslDocument): void {
    if ((this.ext.tsl_validation ?? 'warn') === 'off' || typeof doc !== 'object' || doc === null || Array.isArray(doc)) return;
    try {
      this.propertyValidator = compileValidator(propertyPostSchema(doc));
      for (const [ev, schema] of eventSchemas(doc)) this.eventValidators.set(ev, compileValidator(schema));
    } catch (e) {
      this.tslLogger().warn(`thing model: cannot build validators: ${errorText(e)}`);
    }
  }

  private tslLogger(): Logger {
    return this.ext.tsl_logger ?? this.ext.logger ?? consoleLogger('warn');
  }

  /** Validates a payload against the TSL; throws in strict mode, warns otherwise. */
  private validate(what: string, validator: ((d: unknown) => { valid: boolean; errors: string[] }) | undefined, data: unknown): void {
    if (!validator) return;
    let result;
    try {
      result = validator(data);
    } catch (e) {
      result = { valid: false, errors: [errorText(e)] };
    }
    if (result.valid) return;
    const message = `${what} does not match the thing model: ${result.errors.join('; ')}`;
    if (this.ext.tsl_validation === 'strict') throw new TslValidationError(message, result.errors);
    this.tslLogger().warn(message);
  }

  private get thingReady(): boolean {
    return this.thingSetup && this.thingEnabled;
  }

  /**
   * Posts properties (`thing.event.property.post`, QoS 1).
   * @returns `[0, request_id]`; `[-1, null]` not connected; `[1, null]` not set up/enabled, no request id, or publish failed
   * @throws TslValidationError in strict validation mode when the payload breaks the TSL
   */
  thing_post_property(property_data: unknown): RcTuple<string> {
    if (!this.connected) {
      this.log.error('disconnected, post property fail');
      return [ErrorCode.NETWORK_DISCONNECTED.value, null];
    }
    if (!this.thingReady) return [1, null];
    this.validate('property payload', this.propertyValidator, property_data);
    const requestId = this.requestIds.allocate();
    if (requestId === null) return [1, null];
    const [rc, mid] = this.pub(this.topics.propPost, alinkRequest(requestId, 'thing.event.property.post', property_data), 1);
    if (rc !== 0) return [1, null];
    this.track(this.midPropPost, rc, mid);
    return [0, requestId];
  }

  /**
   * Posts a TSL event: `thing_trigger_event([event, params])` (Python's `(event, params)` tuple), QoS 0.
   * @returns `[0, request_id]`; `[-1, null]`; `[1, null]` not ready / not a pair / unknown event / publish failed;
   *   bare `1` when no request id is free (as in linkkit.py)
   * @throws TslValidationError in strict validation mode
   */
  thing_trigger_event(event_tuple: readonly [string, unknown]): RcTuple<string> | number {
    if (!this.connected) {
      this.log.error('disconnected, trigger event fail');
      return [ErrorCode.NETWORK_DISCONNECTED.value, null];
    }
    if (!this.thingReady) return [1, null];
    if (!Array.isArray(event_tuple)) return [1, null];
    if (event_tuple.length !== 2) {
      throw new ValueError(event_tuple.length > 2 ? 'too many values to unpack (expected 2)' : `not enough values to unpack (expected 2, got ${event_tuple.length})`);
    }
    const [event, params] = event_tuple;
    const topic = this.eventPostTopics.get(event);
    if (topic === undefined) return [1, null];
    this.validate(`event "${event}" payload`, this.eventValidators.get(event), params);
    const requestId = this.requestIds.allocate();
    if (requestId === null) return 1;
    const [rc, mid] = this.pub(topic, eventPostRequest(requestId, event, params), 0);
    if (rc !== 0) return [1, null];
    this.track(this.midEventPost, rc, mid);
    return [0, requestId];
  }

  /**
   * Answers a service call (async: `.../service/{id}_reply`; sync RRPC: the request's `/ext/rrpc/...` topic), QoS 0.
   * @returns 0; -1 not connected; 1 not ready or publish failed
   */
  thing_answer_service(identifier: string, request_id: unknown, code: unknown, data: unknown = null): number {
    if (!this.connected) {
      this.log.error('disconnected, answer service fail');
      return ErrorCode.NETWORK_DISCONNECTED.value;
    }
    if (!this.thingReady) return 1;
    const body = codeReply(request_id, code, data === null || data === undefined ? {} : data);
    const item = this.popRrpc(`alink_${pyStr(request_id)}`);
    const topic = item ? item.topic : serviceTopic(this.productKey, this.deviceName, `${identifier}_reply`);
    const [rc, mid] = this.pub(topic, body, 0);
    if (rc !== 0) return 1;
    this.track(this.midAnswerService, rc, mid);
    return 0;
  }

  /**
   * Publishes raw (pass-through) bytes on `up_raw`, QoS 0.
   * @returns 0; -1 not connected; 1 publish failed
   */
  thing_raw_post_data(payload: string | Buffer | Uint8Array): number {
    if (!this.connected) {
      this.log.error('disconnected, post raw fail');
      return ErrorCode.NETWORK_DISCONNECTED.value;
    }
    const [rc, mid] = this.pub(this.topics.rawUp, toPayload(payload), 0);
    if (rc !== 0) return 1;
    this.track(this.midRawUp, rc, mid);
    return 0;
  }

  /**
   * Publishes raw bytes on `down_raw_reply`, QoS 0.
   * @returns 0; -1 not connected; 1 publish failed
   */
  thing_raw_data_reply(payload: string | Buffer | Uint8Array): number {
    if (!this.connected) {
      this.log.error('disconnected, raw data reply fail');
      return ErrorCode.NETWORK_DISCONNECTED.value;
    }
    const [rc, mid] = this.pub(this.topics.rawDownReply, toPayload(payload), 0);
    if (rc !== 0) return 1;
    this.track(this.midRawDownReply, rc, mid);
    return 0;
  }

  /**
   * Publishes `thing.deviceinfo.update` with `payload` as params, QoS 0.
   * @returns `[0, request_id]` (request_id may be null when the pool is exhausted); `[-1, null]`; `[1, null]`
   * @throws StateError("not in SETUP & ENABLE state") when the thing model is not set up and enabled
   */
  thing_update_device_info(payload: unknown): RcTuple<string> {
    if (!this.connected) {
      this.log.error('disconnected, update device info fail');
      return [ErrorCode.NETWORK_DISCONNECTED.value, null];
    }
    if (!this.thingReady) throw new StateError('not in SETUP & ENABLE state');
    const requestId = this.requestIds.allocate();
    const [rc, mid] = this.pub(this.topics.deviceInfoUpdate, alinkRequest(requestId, 'thing.deviceinfo.update', payload), 0);
    if (rc !== 0) return [1, null];
    this.track(this.midUpdateInfo, rc, mid);
    return [rc, requestId];
  }

  /**
   * Publishes `thing.deviceinfo.delete` with `payload` as params, QoS 0.
   * @returns `[0, request_id]`; `[-1, null]`; `[1, null]`; bare `1` when not set up/enabled (as in linkkit.py)
   */
  thing_delete_device_info(payload: unknown): RcTuple<string> | number {
    if (!this.connected) {
      this.log.error('disconnected, delete device info fail');
      return [ErrorCode.NETWORK_DISCONNECTED.value, null];
    }
    if (!this.thingReady) return 1;
    const requestId = this.requestIds.allocate();
    const [rc, mid] = this.pub(this.topics.deviceInfoDelete, alinkRequest(requestId, 'thing.deviceinfo.delete', payload), 0);
    if (rc !== 0) return [1, null];
    this.track(this.midDeleteInfo, rc, mid);
    return [rc, requestId];
  }

  /**
   * Adds or updates device tags: `{"floor": "2f"}` → params `[{"attrKey": "floor", "attrValue": "2f"}]`.
   * @throws ValueError("tagMap must be a dictionary")
   */
  thing_update_tags(tagMap: Record<string, unknown> | Map<string, unknown>): RcTuple<string> {
    const entries = tagMap instanceof Map ? [...tagMap] : isPlainObject(tagMap) ? Object.entries(tagMap) : null;
    if (!entries) throw new ValueError('tagMap must be a dictionary');
    return this.thing_update_device_info(entries.map(([k, v]) => ({ [LinkKit.TAG_KEY]: k, [LinkKit.TAG_VALUE]: v })));
  }

  /**
   * Removes device tags: `["floor"]` → params `[{"attrKey": "floor"}]`.
   * @throws ValueError("tagKeys must be a list or tuple")
   */
  thing_remove_tags(tagKeys: readonly string[]): RcTuple<string> | number {
    if (!Array.isArray(tagKeys)) throw new ValueError('tagKeys must be a list or tuple');
    return this.thing_delete_device_info(tagKeys.map((k: unknown) => ({ [LinkKit.TAG_KEY]: k })));
  }

  private shadowRequest(body: string): RcTuple<number> {
    if (!this.connected) {
      this.log.error('disconnected, update shadow fail');
      return [ErrorCode.NETWORK_DISCONNECTED.value, null];
    }
    if (!this.thingReady) return [1, null];
    const [rc, mid] = this.pub(this.topics.shadowUpdate, body, 1);
    if (rc !== 0) return [1, null];
    this.track(this.midShadow, rc, mid);
    return [0, mid];
  }

  /**
   * Reports shadow state: `{"state": {"reported": ...}, "method": "update", "version": ...}` on `/shadow/update/{pk}/{dn}`, QoS 1.
   * @returns `[0, mid]`; `[-1, null]`; `[1, null]`
   */
  thing_update_shadow(reported: unknown, version: unknown): RcTuple<number> {
    return this.shadowRequest(shadowUpdateRequest(reported, version));
  }

  /**
   * Asks for the shadow (`{"method": "get"}`), answered on `on_thing_shadow_get`.
   * @returns `[0, mid]`; `[-1, null]`; `[1, null]`
   */
  thing_get_shadow(): RcTuple<number> {
    return this.shadowRequest(shadowGetRequest());
  }

  /** The local shadow cache, updated by every `/shadow/get` message. */
  local_get_latest_shadow(): Shadow {
    return this.latestShadow;
  }

  // ------------------------------------------------------------------ gateway

  private validateSubdevs(subdev_array: unknown, expectedLen: number): number {
    if (!Array.isArray(subdev_array)) throw new TypeError(`'${subdev_array === null ? 'NoneType' : typeof subdev_array}' object is not iterable`);
    for (const subdev of subdev_array as unknown[]) {
      if (subdev === null || subdev === undefined) return ErrorCode.NULL_SUBDEV_ERR.value;
      if (!Array.isArray(subdev)) return ErrorCode.SUBDEV_NOT_ARRAY_ERR.value;
      if (subdev.length < expectedLen) {
        this.log.error('input subdev length mismatch');
        return ErrorCode.ARRAY_LENGTH_ERR.value;
      }
      for (let i = 0; i < expectedLen; i++) {
        if (typeof subdev[i] !== 'string') throw new TypeError(`can only concatenate str (not "${typeof subdev[i]}") to str`);
      }
    }
    return 0;
  }

  private gatewayPublish(topic: string, params: unknown, qos: 0 | 1, midMap?: MidMap): RcTuple<string> {
    const requestId = this.requestIds.allocate();
    if (requestId === null) return [1, null];
    const [rc, mid] = this.pub(topic, gatewayRequest(requestId, params), qos);
    if (rc !== 0) return [1, null];
    if (midMap) this.track(midMap, rc, mid);
    return [0, requestId];
  }

  /**
   * Adds sub-devices to the gateway topology: entries `[pk, dn, ds]`, signed per entry, QoS 1.
   * @returns `[0, request_id]`; `[-257|-258|-259, null]` for a bad entry; `[1, null]`
   */
  gateway_add_subdev_topo(subdev_array: ReadonlyArray<readonly string[] | None>): RcTuple<string> {
    const bad = this.validateSubdevs(subdev_array, 3);
    if (bad !== 0) return [bad, null];
    const params = (subdev_array as string[][]).map(([pk, dn, ds]) => {
      const millis = String(this.now());
      const clientId = subdevTopoClientId(pk!, dn!);
      return {
        productKey: pk,
        deviceName: dn,
        clientId,
        timestamp: millis,
        signmethod: 'hmacSha256',
        sign: subdevSign(ds!, clientId, pk!, dn!, millis),
      };
    });
    return this.gatewayPublish(this.topics.topoAdd, params, 1, this.midTopoAdd);
  }

  /**
   * Deletes sub-devices from the topology: entries `[pk, dn]`, QoS 1.
   * @returns `[0, request_id]`; `[-257|-258|-259, null]`; `[1, null]`
   */
  gateway_delete_subdev_topo(subdev_array: ReadonlyArray<readonly string[] | None>): RcTuple<string> {
    const bad = this.validateSubdevs(subdev_array, 2);
    if (bad !== 0) return [bad, null];
    const params = (subdev_array as string[][]).map(([pk, dn]) => ({ productKey: pk, deviceName: dn }));
    return this.gatewayPublish(this.topics.topoDelete, params, 1, this.midTopoDelete);
  }

  /**
   * Logs sub-devices in (`/ext/session/.../combine/batch_login`): entries `[pk, dn, ds]`, QoS 0.
   * @returns `[0, request_id]`; `[-257|-258|-259, null]`; `[1, null]`
   */
  gateway_login_subdev(subdev_array: ReadonlyArray<readonly string[] | None>): RcTuple<string> {
    const bad = this.validateSubdevs(subdev_array, 3);
    if (bad !== 0) return [bad, null];
    const deviceList = (subdev_array as string[][]).map(([pk, dn, ds]) => {
      const millis = String(this.now());
      const clientId = subdevLoginClientId(pk!, dn!);
      return {
        productKey: pk,
        deviceName: dn,
        clientId,
        timestamp: millis,
        cleanSession: 'false',
        sign: subdevSign(ds!, clientId, pk!, dn!, millis),
      };
    });
    return this.gatewayPublish(this.topics.batchLogin, { signMethod: 'hmacSha256', deviceList }, 0);
  }

  /**
   * Logs sub-devices out: entries `[pk, dn]`, QoS 0.
   * @returns `[0, request_id]`; `[-257|-258|-259, null]`; `[1, null]`
   */
  gateway_logout_subdev(subdev_array: ReadonlyArray<readonly string[] | None>): RcTuple<string> {
    const bad = this.validateSubdevs(subdev_array, 2);
    if (bad !== 0) return [bad, null];
    const params = (subdev_array as string[][]).map(([pk, dn]) => ({ productKey: pk, deviceName: dn }));
    return this.gatewayPublish(this.topics.batchLogout, params, 0);
  }

  /**
   * Registers sub-devices (`thing/sub/register`): entries `[pk, dn]`, QoS 0.
   * @returns `[0, request_id]`; `[-257|-258|-259, null]`; `[1, null]`
   */
  gateway_register_subdev(subdev_array: ReadonlyArray<readonly string[] | None>): RcTuple<string> {
    const bad = this.validateSubdevs(subdev_array, 2);
    if (bad !== 0) return [bad, null];
    const params = (subdev_array as string[][]).map(([pk, dn]) => ({ productKey: pk, deviceName: dn }));
    return this.gatewayPublish(this.topics.subRegister, params, 0);
  }

  /**
   * Registers sub-devices with their product secret (`proxy/provisioning/product_register`): entries `[pk, dn, ps]`, QoS 0.
   * @returns `[0, request_id]`; `[-257|-258|-259, null]`; `[1, null]`
   */
  gateway_product_register_subdev(subdev_array: ReadonlyArray<readonly string[] | None>): RcTuple<string> {
    const bad = this.validateSubdevs(subdev_array, 3);
    if (bad !== 0) return [bad, null];
    const proxieds = (subdev_array as string[][]).map(([pk, dn, ps]) => {
      const random = randomString(15, this.ext.random);
      return { productKey: pk, deviceName: dn, random, signMethod: 'hmacSha256', sign: productSign(ps!, pk!, dn!, random) };
    });
    return this.gatewayPublish(this.topics.productRegister, { proxieds }, 0);
  }

  // ------------------------------------------------------------------ OTA

  /**
   * Asks for the firmware to install (`thing/ota/firmware/get`), answered on `on_ota_message_arrived(2, ...)`.
   * @returns 0 when published, `ErrorCode.OTA_PUB_FAILED` otherwise (linkkit.py always returned OTA_PUB_FAILED, Q13: fixed)
   */
  query_ota_firmware(module: string | None = null): number | ErrorCodeMember {
    const requestId = this.requestIds.allocate() ?? '1';
    const [rc] = this.pub(this.topics.otaFirmwareGet, otaFirmwareGetPayload(requestId, isValidStr(module) ? module : null), 0);
    return rc === 0 ? 0 : ErrorCode.OTA_PUB_FAILED;
  }

  /**
   * Reports the installed firmware version (`/ota/device/inform/{pk}/{dn}`).
   * @returns `ErrorCode.SUCCESS`, `ErrorCode.OTA_INVALID_PARAM` (empty version) or `ErrorCode.OTA_PUB_FAILED`
   */
  ota_report_version(module: string | None, version: string): ErrorCodeMember {
    if (!isValidStr(version)) return ErrorCode.OTA_INVALID_PARAM;
    const [rc] = this.pub(this.topics.otaInform, otaInformPayload(isValidStr(module) ? module : null, version), 0);
    return rc === 0 ? ErrorCode.SUCCESS : ErrorCode.OTA_PUB_FAILED;
  }

  /**
   * Downloads firmware to `local_path` and checks its digest (`sign_method` `"Md5"` or `"SHA256"`, lower-case hex `sign`).
   * Extension: `extras.report_progress` publishes progress on `/ota/device/progress/{pk}/{dn}`.
   * @returns a Promise of `ErrorCode.SUCCESS`, `OTA_INVALID_PARAM`, `OTA_INVALID_SIGN_METHOD`, `OTA_INVALID_URL`,
   *   `OTA_INVALID_PATH`, `OTA_DOWNLOAD_FAIL` or `OTA_DIGEST_MISMATCH` (a failed or mismatching file is removed)
   */
  async download_ota_firmware(
    url: string,
    local_path: string,
    sign_method: string,
    sign: string,
    download_step: number = 10 * 1024,
    extras: OtaDownloadExtras = {},
  ): Promise<ErrorCodeMember> {
    if (!isValidStr(url) || !isValidStr(local_path) || !isValidStr(sign_method) || !isValidStr(sign)) return ErrorCode.OTA_INVALID_PARAM;
    if (sign_method !== 'Md5' && sign_method !== 'SHA256') return ErrorCode.OTA_INVALID_SIGN_METHOD;
    const report = (step: number, desc: string): void => {
      if (!extras.report_progress) return;
      this.otaProgressCounter += 1;
      this.pub(this.topics.otaProgress, otaProgressPayload(String(this.otaProgressCounter), step, desc, extras.module), 0);
    };
    let stream: HttpStream;
    try {
      stream = await openDownloadStream({
        url,
        signal: extras.signal,
        tls: url.startsWith('https:') ? { ca: this.caData, rejectUnauthorized: true } : undefined,
      });
      if (stream.status >= 400) {
        stream.close();
        throw new Error(`HTTP Error ${stream.status}`);
      }
    } catch (e) {
      this.log.error(`HTTPError: ${errorText(e)}`);
      report(-2, 'download failed: url cannot be opened');
      return ErrorCode.OTA_INVALID_URL;
    }
    this.log.info('https return 200');
    let file;
    try {
      file = await open(local_path, 'w');
    } catch (e) {
      stream.close();
      this.log.error(`open file error: ${errorText(e)}`);
      report(-2, 'download failed: local file cannot be written');
      return ErrorCode.OTA_INVALID_PATH;
    }
    const digest = createHash(sign_method === 'Md5' ? 'md5' : 'sha256');
    let bytes = 0;
    let lastStep = 0;
    const step = Math.max(1, Math.floor(download_step));
    try {
      try {
        for await (const chunk of stream.body) {
          for (let off = 0; off < chunk.length; off += step) {
            const piece = chunk.subarray(off, off + step);
            await file.write(piece);
            digest.update(piece);
            bytes += piece.length;
            const percent = stream.total ? Math.min(100, Math.floor((bytes * 100) / stream.total)) : undefined;
            extras.on_progress?.(percent, bytes);
            if (percent !== undefined && percent >= lastStep + 10 && percent < 100) {
              lastStep = percent - (percent % 10);
              report(lastStep, 'downloading');
            }
          }
        }
        if (stream.total !== undefined && bytes < stream.total) throw new Error(`IncompleteRead(${bytes} bytes read, ${stream.total - bytes} more expected)`);
      } finally {
        await file.close();
        stream.close();
      }
    } catch (e) {
      this.log.error(`download exception ${errorText(e)}`);
      await rm(local_path, { force: true }).catch(() => undefined);
      report(-2, 'download failed');
      return ErrorCode.OTA_DOWNLOAD_FAIL;
    }
    const actual = digest.digest('hex');
    if (actual === sign) {
      this.log.info('sign match');
      report(100, 'download verified');
      return ErrorCode.SUCCESS;
    }
    this.log.error(`sign mismatch, expect:${sign}, actually:${actual}`);
    await rm(local_path, { force: true }).catch(() => undefined);
    report(-3, 'verification failed');
    return ErrorCode.OTA_DIGEST_MISMATCH;
  }

  /**
   * Extension (not in linkkit.py): publishes one OTA progress report on `/ota/device/progress/{pk}/{dn}`.
   * @param step - 1..100 percent, or -1 upgrade failed, -2 download failed, -3 verification failed, -4 flash failed
   * @returns `[rc, mid]` like `publish_topic`
   */
  ota_report_progress(step: number, desc: string, module: string | None = null): RcTuple<number> {
    if (!this.connected) return [ErrorCode.NETWORK_DISCONNECTED.value, null];
    this.otaProgressCounter += 1;
    const [rc, mid] = this.pub(this.topics.otaProgress, otaProgressPayload(String(this.otaProgressCounter), step, desc, module), 0);
    return rc === 0 ? [0, mid] : [ErrorCode.PAHO_MQTT_ERROR.value, null];
  }

  // ------------------------------------------------------------------ inbound dispatch (spec 3.9)

  /** Handles one inbound message on the handler queue. Never throws into user code. */
  private dispatch(topic: string, payload: Buffer, qos: number): void {
    let consumed: boolean;
    try {
      const r = this.route(topic, payload, qos);
      if (r === 'stop') return;
      consumed = r;
    } catch (e) {
      // linkkit.py parses several replies outside its try blocks: the message is dropped (logged), no fallback.
      this.log.error(`thread runnable raise exception:${errorText(e)}`);
      return;
    }
    if (consumed) return;
    const cb = this.cb('on_topic_message');
    if (cb) this.tryCall('on_topic_message process', () => cb(topic, payload, qos, this.userData));
    else this.log.error(`receive unscubscibe topic : ${topic}`);
  }

  /** Returns true when a dedicated callback consumed the message, 'stop' to end without fallback. */
  private route(topic: string, payload: Buffer, qos: number): boolean | 'stop' {
    const t = this.topics;
    const ud = this.userData;
    const gatewayReply = this.gatewayReplyCallback(topic);
    let triggered = false;
    const guarded = (label: string, fn: () => void): void => {
      try {
        fn();
      } catch (e) {
        this.log.error(`${label} raise exception:${errorText(e)}`);
      }
    };
    if (topic === t.propSet) {
      const msg = loadJson(payload);
      const params = field(msg, 'params');
      guarded('on_thing_prop_changed', () => {
        const [rc, mid] = this.pub(t.propSetReply, codeReply(field(msg, 'id'), 200, {}), 1);
        if (rc === 0) this.track(this.midPropSetReply, rc, mid);
        else this.log.info('prop changed reply fail');
        const cb = this.cb('on_thing_prop_changed');
        if (cb) {
          triggered = true;
          cb(params, ud);
        }
      });
    } else if (topic === t.deviceInfoUpdateReply) {
      const msg = loadJson(payload);
      const id = field(msg, 'id');
      const code = field(msg, 'code');
      const message = field(msg, 'message');
      const data = field(msg, 'data');
      this.requestIds.release(id);
      if (code !== 200) this.log.error(`upload device info reply error:${pyStr(message)}`);
      guarded('__on_thing_device_info_update process', () => {
        const cb = this.cb('on_thing_device_info_update');
        if (cb) {
          triggered = true;
          cb(id, code, data, message, ud);
        }
      });
    } else if (topic === t.propPostReply) {
      const msg = loadJson(payload);
      const id = field(msg, 'id');
      const code = field(msg, 'code');
      const data = field(msg, 'data');
      const message = field(msg, 'message');
      guarded('on_thing_prop_post', () => {
        const cb = this.cb('on_thing_prop_post');
        if (cb) {
          triggered = true;
          cb(id, code, data, message, ud);
        }
      });
      this.requestIds.release(id);
    } else if (topic === t.propGet) {
      // received but ignored by linkkit.py: falls through to on_topic_message
    } else if (this.eventPostReplyTopics.has(topic)) {
      const event = pySplit(topic, '/', 7)[6] ?? '';
      const msg = loadJson(payload);
      const id = field(msg, 'id');
      const code = field(msg, 'code');
      const data = field(msg, 'data');
      const message = field(msg, 'message');
      guarded('on_thing_event_post', () => {
        const cb = this.cb('on_thing_event_post');
        if (cb) {
          triggered = true;
          cb(event, id, code, data, message, ud);
        }
      });
      this.requestIds.release(id);
    } else if (this.serviceTopics.has(topic)) {
      const identifier = pySplit(topic, '/', 6)[6] ?? '';
      const msg = loadJson(payload);
      guarded('on_thing_call_service', () => {
        const id = field(msg, 'id');
        const params = field(msg, 'params');
        const cb = this.cb('on_thing_call_service');
        if (cb) {
          triggered = true;
          cb(identifier, id, params, ud);
        }
      });
    } else if (topic === t.rawDown) {
      guarded('on_thing_raw_data_arrived process', () => {
        const cb = this.cb('on_thing_raw_data_arrived');
        if (cb) {
          triggered = true;
          cb(payload, ud);
        }
      });
    } else if (topic === t.rawUpReply) {
      guarded('on_thing_raw_post_data process', () => {
        const cb = this.cb('on_thing_raw_data_post');
        if (cb) {
          triggered = true;
          cb(payload, ud);
        }
      });
    } else if (topic === t.deviceInfoDeleteReply) {
      guarded('__on_thing_device_info_delete process', () => {
        const cb = this.cb('on_thing_device_info_delete');
        if (cb) {
          triggered = true;
          const msg = loadJson(payload);
          cb(field(msg, 'id'), field(msg, 'code'), field(msg, 'data'), field(msg, 'message'), ud);
        }
      });
    } else if (topic === t.shadowGet) {
      this.latestShadow.applyMessage(payload, this.now());
      guarded('__on_thing_shadow_get process', () => {
        const cb = this.cb('on_thing_shadow_get');
        if (cb) {
          triggered = true;
          cb(loadJson(payload), ud);
        }
      });
    } else if (topic.startsWith('/ext/rrpc/')) {
      triggered = this.routeRrpc(topic, payload, qos);
    } else if (topic === t.topoChange) {
      guarded('__on_gateway_topo_change process', () => {
        const msg = loadJson(payload);
        const id = field(msg, 'id');
        const params = field(msg, 'params');
        const cb = this.cb('on_gateway_topo_change');
        if (cb) {
          triggered = true;
          cb(id, params, ud);
        }
      });
    } else if (gatewayReply !== undefined) {
      const name = gatewayReply;
      guarded(`__${name} process`, () => {
        const msg = loadJson(payload);
        const id = field(msg, 'id');
        const code = field(msg, 'code');
        const data = field(msg, 'data');
        const message = field(msg, 'message');
        this.requestIds.release(id);
        const cb = this.cb(name);
        if (cb) {
          triggered = true;
          cb(id, code, data, message, ud);
        }
      });
    } else if (topic === t.dynamicRegister) {
      guarded('__on_device_dynamic_register process', () => {
        const msg = loadJson(payload);
        const deviceSecret = field(msg, 'deviceSecret');
        void this.disconnect();
        this.dynregFlag = false;
        const cb = this.cb('on_device_dynamic_register');
        if (cb) {
          triggered = true;
          cb(ErrorCode.SUCCESS.value, deviceSecret as string, null);
        }
      });
    } else if (topic === t.dynamicRegisterNwl) {
      guarded('__on_device_dynamic_register_nwl_reply process', () => {
        const msg = loadJson(payload);
        const rawClientId = field(msg, 'clientId');
        const pk = field(msg, 'productKey');
        const dn = field(msg, 'deviceName');
        const token = field(msg, 'deviceToken');
        if (typeof rawClientId !== 'string' || typeof pk !== 'string' || typeof dn !== 'string') {
          throw new TypeError('can only concatenate str to str');
        }
        const creds = nwlCredentials(rawClientId, pk, dn, token as string);
        void this.disconnect();
        this.dynregNwlFlag = false;
        const cb = this.cb('on_device_dynamic_register_nwl_reply');
        if (cb) {
          triggered = true;
          cb(ErrorCode.SUCCESS.value, creds.clientId, creds.username, creds.password);
        }
      });
    } else if (topic === t.otaUpgrade || topic === t.otaFirmwareGetReply) {
      let stop = false;
      guarded('__on_ota_message_arrived process', () => {
        const msg = JSON.parse(payload.toString('utf8')) as unknown;
        if (!isPlainObject(msg)) throw new TypeError("'list' object has no attribute 'setdefault'");
        const data = 'data' in msg ? msg['data'] : '';
        if (!isPlainObject(data)) throw new TypeError("'str' object has no attribute 'setdefault'");
        const get = (k: string, d: unknown): unknown => (k in data ? data[k] : d);
        const url = get('url', '');
        const version = get('version', '');
        const size = get('size', '');
        const signMethod = get('signMethod', '');
        const sign = get('sign', '');
        const extra = get('extData', '');
        const module = get('module', 'default');
        if (![url, version, size, signMethod, sign].every((v) => isValidStr(v))) {
          this.log.error('invalid download params');
          stop = true;
          return;
        }
        const cb = this.cb('on_ota_message_arrived');
        if (cb) {
          triggered = true;
          cb(topic === t.otaUpgrade ? 1 : 2, version, size, url, signMethod, sign, module, pyStr(extra));
        }
      });
      if (stop) return 'stop';
    }
    return triggered;
  }

  private gatewayReplyCallback(topic: string): CallbackName & `on_gateway_${string}_reply` | undefined {
    const t = this.topics;
    switch (topic) {
      case t.topoAddReply:
        return 'on_gateway_add_subdev_topo_reply';
      case t.topoDeleteReply:
        return 'on_gateway_delete_subdev_topo_reply';
      case t.batchLoginReply:
        return 'on_gateway_login_subdev_reply';
      case t.batchLogoutReply:
        return 'on_gateway_logout_subdev_reply';
      case t.subRegisterReply:
        return 'on_gateway_register_subdev_reply';
      case t.productRegisterReply:
        return 'on_gateway_product_register_subdev_reply';
      default:
        return undefined;
    }
  }

  /** `/ext/rrpc/...`: sync service calls (consumed when the callback ran) or user RRPC (never consumed, Q5). */
  private routeRrpc(topic: string, payload: Buffer, qos: number): boolean {
    const m = /\/ext\/rrpc\/.*?(\/.*)/.exec(topic);
    if (!m) throw new TypeError("'NoneType' object has no attribute 'group'");
    const raw = m[1]!;
    if (raw.startsWith('/sys') && this.serviceTopics.has(raw)) {
      const identifier = pySplit(raw, '/', 6)[6] ?? '';
      const msg = loadJson(payload);
      let triggered = false;
      try {
        const id = field(msg, 'id');
        const params = field(msg, 'params');
        if (typeof id !== 'string') throw new TypeError('can only concatenate str (not "int") to str');
        this.pushRrpc({ id: `alink_${id}`, request_id: id, payload: msg, identifier, topic });
        const cb = this.cb('on_thing_call_service');
        if (cb) {
          triggered = true;
          cb(identifier, id, params, this.userData);
        }
      } catch (e) {
        this.log.error(`on_thing_call_service raise exception: ${errorText(e)}`);
      }
      return triggered;
    }
    if (!this.rrpcTopics.has(raw)) {
      this.log.error(`${raw} is not in the rrpc-subscribed list`);
      return false;
    }
    const cb = this.cb('on_topic_rrpc_message');
    if (!cb) return false;
    try {
      const rrpcId = pySplit(topic, '/', 4)[3] ?? '';
      this.pushRrpc({ id: `rrpc_${rrpcId}`, payload, topic });
      cb(rrpcId, topic, payload, qos, this.userData);
    } catch (e) {
      this.log.error(`on_topic_rrpc_message process raise exception:${errorText(e)}`);
    }
    return false;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
