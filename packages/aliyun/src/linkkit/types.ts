/**
 * Public option and callback types of {@link LinkKit}.
 * @module
 */
import type { Logger } from '@iot/core';

/** Python `None` in API values. */
export type None = null;

/** A Python-style `(rc, value)` tuple. */
export type RcTuple<T> = [number, T | None];

/** Keyword arguments of the `LinkKit` constructor (Python keyword names). */
export interface LinkKitKeywordArgs<U = unknown> {
  /** Region id such as `"cn-shanghai"`; `"127.0.0.1"`/`"localhost"` connect to that host. Always required. */
  host_name?: string | None;
  /** Product key. */
  product_key?: string | None;
  /** Device name. */
  device_name?: string | None;
  /** Device secret (one device one secret). */
  device_secret?: string | None;
  /** `"register"` or `"regnwl"`: MQTT dynamic registration with `product_secret`. */
  auth_type?: string | None;
  /** Direct MQTT username (with client_id and password, and no device secret). */
  username?: string | None;
  /** Direct MQTT client id. */
  client_id?: string | None;
  /** Direct MQTT password. */
  password?: string | None;
  /** Enterprise instance id: endpoint `{instance_id}.mqtt.iothub.aliyuncs.com`. */
  instance_id?: string | None;
  /** Product secret (one type one secret). */
  product_secret?: string | None;
  /** Passed back as the last argument of most callbacks. */
  user_data?: U;
  /** TypeScript-only settings (not in linkkit.py). */
  extensions?: LinkKitExtensions;
}

/** Keyword arguments of the constructor with the three identity fields required. */
export interface LinkKitOptions<U = unknown> extends LinkKitKeywordArgs<U> {
  host_name: string;
  product_key: string;
  device_name: string;
}

/** TypeScript-only settings of a {@link LinkKit} (nothing here exists in linkkit.py 1.2.13). */
export interface LinkKitExtensions {
  /** Where the SDK logs once `enable_logger()` was called (secrets are redacted). Default: console. */
  logger?: Logger;
  /** Where thing-model validation warnings go (default: `logger`, else the console at warn level). */
  tsl_logger?: Logger;
  /**
   * Thing-model validation of `thing_post_property`/`thing_trigger_event` payloads when a TSL file was set up:
   * `"warn"` (default) logs a warning and sends anyway, `"strict"` throws {@link TslValidationError} and sends nothing,
   * `"off"` skips validation.
   */
  tsl_validation?: 'warn' | 'strict' | 'off';
  /** Length of one SDK "second" in ms (1000): back-off waits and the 10 s request timeout scale with it (tests). */
  second_ms?: number;
  /** Randomness in [0, 1) for back-off jitter and random strings (Math.random). */
  random?: () => number;
  /** Millisecond clock for signatures and timestamps (Date.now). */
  now?: () => number;
  /** URL of HTTPS dynamic registration (default `https://iot-auth.{host_name}.aliyuncs.com/auth/register/device`). */
  register_url?: string;
  /** Time allowed from opening the socket to CONNACK, in ms (30000). */
  connect_timeout_ms?: number;
}

/** Keyword arguments of `config_mqtt` (Python names and defaults). */
export interface ConfigMqttArgs {
  /** 8883. */
  port?: number;
  /** `"MQTTv311"` or `"MQTTv31"`. */
  protocol?: string;
  /** Only `"TCP"`. */
  transport?: string;
  /** `"TLS"` or `""` (plain TCP; pass `port: 1883` yourself). */
  secure?: string;
  /** 30..1200 s, 60. */
  keep_alive?: number;
  /** true. */
  clean_session?: boolean;
  /** 20. */
  max_inflight_message?: number;
  /** 40: also bounds outstanding request ids (+1). */
  max_queued_message?: number;
  /** 1..7200, 1. */
  auto_reconnect_min_sec?: number;
  /** 1..7200, 60. */
  auto_reconnect_max_sec?: number;
  /** PEM CA bundle replacing the built-in roots (MQTT, HTTPS registration, OTA). */
  cadata?: string | None;
  /** MQTT host override. */
  endpoint?: string | None;
  /** Verify the MQTT server host name, true. */
  check_hostname?: boolean;
}

/** Callback signatures (argument lists exactly as linkkit.py calls them); method syntax keeps `LinkKit<U>` assignable to `LinkKit<unknown>`. */
export interface LinkKitCallbacks<U> {
  /** After every accepted CONNACK (`rc` 0), and on connect failures (`rc` 9 network/TLS, 4/5 refused, 7 configuration). */
  on_connect(session_flag: number, rc: number, userdata: U): void;
  /** After the connection ended: `rc` 0 user disconnect, 7 connection lost, 16 keep-alive timeout, 1 forced reconnect. */
  on_disconnect(rc: number, userdata: U): void;
  /** A publish not tracked by the SDK was written (QoS 0) or acknowledged (QoS 1). */
  on_publish_topic(mid: number, userdata: U): void;
  /** SUBACK of a user subscription (`granted_qos` 0, 1 or 128). */
  on_subscribe_topic(mid: number, granted_qos: number[], userdata: U): void;
  /** UNSUBACK of a user unsubscription. */
  on_unsubscribe_topic(mid: number, userdata: U): void;
  /** Every inbound message no dedicated callback consumed (payload as bytes). */
  on_topic_message(topic: string, payload: Buffer, qos: number, userdata: U): void;
  /** A request on a topic registered with `subscribe_rrpc_topic`; answer with `thing_answer_rrpc`. */
  on_topic_rrpc_message(rrpc_id: string, topic: string, payload: Buffer, qos: number, userdata: U): void;
  /** Never called (kept from linkkit.py). */
  on_thing_create(userdata: U): void;
  /** The thing model became usable (after each connect notification when `thing_setup` was called). */
  on_thing_enable(userdata: U): void;
  /** The thing model became unusable (before `on_disconnect`). */
  on_thing_disable(userdata: U): void;
  /** Property set from the cloud; the 200 reply was already sent. */
  on_thing_prop_changed(params: unknown, userdata: U): void;
  /** Reply to `thing_post_property`. */
  on_thing_prop_post(request_id: unknown, code: unknown, data: unknown, message: unknown, userdata: U): void;
  /** Reply to `thing_trigger_event`. */
  on_thing_event_post(event: string, request_id: unknown, code: unknown, data: unknown, message: unknown, userdata: U): void;
  /** Service call (async or sync); answer with `thing_answer_service`. */
  on_thing_call_service(identifier: string, request_id: unknown, params: unknown, userdata: U): void;
  /** Raw downlink bytes. */
  on_thing_raw_data_arrived(payload: Buffer, userdata: U): void;
  /** Reply (bytes) to `thing_raw_post_data`. */
  on_thing_raw_data_post(payload: Buffer, userdata: U): void;
  /** Reply to `thing_update_device_info` / `thing_update_tags`. */
  on_thing_device_info_update(request_id: unknown, code: unknown, data: unknown, message: unknown, userdata: U): void;
  /** Reply to `thing_delete_device_info` / `thing_remove_tags`. */
  on_thing_device_info_delete(request_id: unknown, code: unknown, data: unknown, message: unknown, userdata: U): void;
  /** Any shadow message (reply to update/get, or a control). */
  on_thing_shadow_get(payload: unknown, userdata: U): void;
  /** Reply to `gateway_add_subdev_topo`. */
  on_gateway_add_subdev_topo_reply(request_id: unknown, code: unknown, data: unknown, message: unknown, userdata: U): void;
  /** Reply to `gateway_delete_subdev_topo`. */
  on_gateway_delete_subdev_topo_reply(request_id: unknown, code: unknown, data: unknown, message: unknown, userdata: U): void;
  /** Reply to `gateway_login_subdev`. */
  on_gateway_login_subdev_reply(request_id: unknown, code: unknown, data: unknown, message: unknown, userdata: U): void;
  /** Reply to `gateway_logout_subdev`. */
  on_gateway_logout_subdev_reply(request_id: unknown, code: unknown, data: unknown, message: unknown, userdata: U): void;
  /** Reply to `gateway_register_subdev`. */
  on_gateway_register_subdev_reply(request_id: unknown, code: unknown, data: unknown, message: unknown, userdata: U): void;
  /** Reply to `gateway_product_register_subdev`. */
  on_gateway_product_register_subdev_reply(request_id: unknown, code: unknown, data: unknown, message: unknown, userdata: U): void;
  /** Topology change notification (no reply is sent). */
  on_gateway_topo_change(request_id: unknown, params: unknown, userdata: U): void;
  /** HTTPS: `(0, deviceSecret, ud)` / `(1, message, ud)`; MQTT register: `(0, secret, null)` / `(-769, null, null)`. */
  on_device_dynamic_register(rc: number, value: string | None, userdata: U | None): void;
  /** MQTT regnwl: `(0, client_id, username, password)` / `(-770, null, null, null)`; no user data. */
  on_device_dynamic_register_nwl_reply(rc: number, client_id: string | None, username: string | None, password: string | None): void;
  /** OTA push (type 1) or firmware/get reply (type 2); `extra` is Python `str(extData)`; no user data. */
  on_ota_message_arrived(
    ota_notice_type: number,
    version: unknown,
    size: unknown,
    url: unknown,
    sign_method: unknown,
    sign: unknown,
    module: unknown,
    extra: string,
  ): void;
  /** Never called (file upload was removed from the SDK). */
  on_file_upload_begin(id: unknown, upload_file_info: unknown, userdata: U): void;
  /** Never called (file upload was removed from the SDK). */
  on_file_upload_end(id: unknown, upload_file_info: unknown, upload_file_result: unknown, userdata: U): void;
}

/** Name of a callback property. */
export type CallbackName = keyof LinkKitCallbacks<unknown>;

/** Options of the OTA progress extension of `download_ota_firmware` (not in linkkit.py 1.2.13). */
export interface OtaDownloadExtras {
  /** Publish progress on `/ota/device/progress/{pk}/{dn}` (`step` 1..100, -2 download failed, -3 verification failed). */
  report_progress?: boolean;
  /** Module name put into progress reports. */
  module?: string;
  /** Called with the percentage (or undefined when the size is unknown) and bytes written. */
  on_progress?: (percent: number | undefined, bytes: number) => void;
  /** Cancels the download (resolves OTA_DOWNLOAD_FAIL). */
  signal?: AbortSignal;
}
