/**
 * {@link DeviceClient}: uplink API and inbound dispatcher of a device.
 * @module
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { redactingLogger, silentLogger, type Logger } from '@iot/core';
import { ActionHandler } from '../rule/model/action_handler.js';
import type { Action } from '../rule/model/actions.js';
import type { AbstractDevice } from '../service/abstract_device.js';
import type { ActionListener } from '../transport/action_listener.js';
import type { ConnectActionListener } from '../transport/connect_action_listener.js';
import type { ConnectListener } from '../transport/connect_listener.js';
import { MqttConnection } from '../transport/mqtt/mqtt_connection.js';
import { RawMessage } from '../transport/raw_message.js';
import { RawMessageListener } from '../transport/raw_message_listener.js';
import { CallbackQueue } from '../utils/callback_queue.js';
import { takeKwargs } from '../utils/kwargs.js';
import { get_event_time, get_request_id_from_msg, str_is_empty } from '../utils/iot_util.js';
import { dumps } from '../utils/dumps.js';
import type { HuaweiClientOptions } from './client_conf.js';
import { ConnectAuthInfo } from './connect_auth_info.js';
import { IotResult } from './iot_result.js';
import { CommandListener } from './listener/command_listener.js';
import { DeviceMessageListener } from './listener/device_message_listener.js';
import { DeviceShadowListener } from './listener/device_shadow_listener.js';
import { PropertyListener } from './listener/property_listener.js';
import { RawDeviceMessageListener } from './listener/raw_device_message_listener.js';
import { MqttConnectConf } from './mqtt_connect_conf.js';
import { Command } from './request/command.js';
import type { CommandRsp } from './request/command_response.js';
import { DeviceBaseInfo } from './request/device_base_info.js';
import { DeviceEvent } from './request/device_event.js';
import { DeviceEvents } from './request/device_events.js';
import type { DeviceMessage } from './request/device_message.js';
import { isDict, type JsonDict } from './request/json_dict.js';
import { PropSet } from './request/props_set.js';
import { PropsGet } from './request/props_get.js';
import { RawDeviceMessage } from './request/raw_device_message.js';
import { ServiceProperty } from './request/service_property.js';
import { ShadowData } from './request/shadow_data.js';

/** SDK version reported in `$sdk_info`. */
export const SDK_VERSION = 'Python_v1.2.0';

function parseJson(msg: RawMessage): JsonDict {
  const text = Buffer.isBuffer(msg.payload) ? msg.payload.toString('utf8') : String(msg.payload ?? '');
  const v: unknown = JSON.parse(text);
  if (!isDict(v)) throw new TypeError('payload is not a JSON object');
  return v;
}

/** The default bootstrap cache path: `server_info.json` next to the main script. */
function defaultServerInfoPath(): string {
  const main = process.argv[1];
  return path.join(main ? path.dirname(path.resolve(main)) : process.cwd(), 'server_info.json');
}

/**
 * The device's client (Python `DeviceClient`), obtained with `IotDevice.get_client()`. Uplinks are synchronous
 * and non-blocking; inbound messages are parsed and dispatched to the listeners in order.
 */
export class DeviceClient extends RawMessageListener {
  private readonly _connect_auth_info: ConnectAuthInfo;
  private readonly _mqtt_connect_conf: MqttConnectConf;
  private readonly _device: AbstractDevice;
  private readonly _options: HuaweiClientOptions;
  private readonly _log: Logger;
  private readonly _callbacks: CallbackQueue;
  private _connection: MqttConnection;
  private readonly _enable_rule_manage: boolean;
  private _raw_device_msg_listener: RawDeviceMessageListener | null = null;
  private _device_msg_listener: DeviceMessageListener | null = null;
  private _property_listener: PropertyListener | null = null;
  private _command_listener: CommandListener | null = null;
  private _device_shadow_listener: DeviceShadowListener | null = null;
  private _rule_action_handler: ActionHandler | null = null;
  private readonly _raw_msg_listener_map = new Map<string, RawMessageListener>();
  private readonly _connect_listeners: ConnectListener[] = [];
  private _connect_action_listener: ConnectActionListener | null = null;
  private _bs_waiter: ((ok: boolean) => void) | null = null;

  /**
   * @param connect_auth_info - settings (validated, see {@link DeviceClient.check_connect_auth_info})
   * @param mqtt_connect_conf - MQTT settings (validated)
   * @param device - the owning device
   * @param options - TypeScript-only options
   * @throws TypeError / RangeError with the Python ValueError messages
   */
  constructor(connect_auth_info: ConnectAuthInfo, mqtt_connect_conf: MqttConnectConf, device: AbstractDevice, options: HuaweiClientOptions = {}) {
    super();
    DeviceClient.check_connect_auth_info(connect_auth_info);
    DeviceClient.check_mqtt_connect_conf(mqtt_connect_conf);
    this._connect_auth_info = connect_auth_info;
    this._mqtt_connect_conf = mqtt_connect_conf;
    this._device = device;
    this._options = options;
    const inner = options.logger ?? silentLogger;
    this._log = inner === silentLogger ? silentLogger : redactingLogger(inner, () => [connect_auth_info.secret ?? ''].filter((s) => s.length > 0));
    this._callbacks = new CallbackQueue(this._log);
    this._enable_rule_manage = connect_auth_info.enable_rule_manage === true;
    this._connection = this.newConnection();
  }

  private newConnection(): MqttConnection {
    const c = new MqttConnection(this._connect_auth_info, this._mqtt_connect_conf, this, { options: this._options, callbacks: this._callbacks, log: this._log });
    for (const l of this._connect_listeners) c.add_connect_listener(l);
    if (this._connect_action_listener) c.set_connect_action_listener(this._connect_action_listener);
    return c;
  }

  /**
   * Validates a ConnectAuthInfo (Python `check_connect_auth_info`).
   * @param info - the settings
   * @throws TypeError / RangeError with the Python messages, in the Python order
   */
  static check_connect_auth_info(info: ConnectAuthInfo | null): void {
    if (info == null) throw new TypeError('ConnectAuthInfo is null');
    if (str_is_empty(info.id)) throw new TypeError('ConnectAuthInfo id is invalid');
    if (info.protocol !== ConnectAuthInfo.PROTOCOL_MQTT) throw new RangeError('ConnectAuthInfo protocol is invalid, currently protocol only support MQTT');
    if (str_is_empty(info.server_uri)) throw new TypeError('ConnectAuthInfo server_uri is invalid');
    if (info.auth_type !== ConnectAuthInfo.SECRET_AUTH && info.auth_type !== ConnectAuthInfo.X509_AUTH) throw new RangeError('ConnectAuthInfo auth_type is invalid');
    if (info.port !== 1883 && info.port !== 8883) throw new RangeError('ConnectAuthInfo port is invalid');
    if (info.port === 8883 && str_is_empty(info.iot_cert_path)) throw new TypeError('ConnectAuthInfo iot_cert_path is invalid');
    if (info.bs_mode !== 0 && info.bs_mode !== 1 && info.bs_mode !== 2) throw new RangeError('ConnectAuthInfo bs_mode is invalid');
    if (info.bs_mode === 2 && str_is_empty(info.scope_id)) throw new TypeError('ConnectAuthInfo scope_id is invalid');
    if (info.check_timestamp !== '0' && info.check_timestamp !== '1') throw new RangeError('ConnectAuthInfo check_timestamp is invalid');
  }

  /**
   * Validates an MqttConnectConf (Python `check_mqtt_connect_conf`). `timeout` accepts any number (quirk Q34).
   * @param conf - the settings
   * @throws TypeError / RangeError with the Python messages
   */
  static check_mqtt_connect_conf(conf: MqttConnectConf | null): void {
    if (conf == null) throw new TypeError('MqttConnectConf is null');
    const k = conf.keep_alive_time;
    if (!Number.isInteger(k) || k < 30 || k > 1200) throw new RangeError('MqttConnectConf keep_alive_time is invalid');
    if (conf.qos !== 0 && conf.qos !== 1) throw new RangeError('MqttConnectConf qos is invalid');
    if (typeof conf.timeout !== 'number' || !Number.isFinite(conf.timeout)) throw new TypeError('MqttConnectConf timeout is invalid');
  }

  private get qos(): number {
    return this._mqtt_connect_conf.qos;
  }

  private get id(): string {
    return this._connect_auth_info.id ?? '';
  }

  private topic(suffix: string, deviceId: string = this.id): string {
    return `$oc/devices/${deviceId}/sys/${suffix}`;
  }

  // ------------------------------------------------------------------ connect

  /**
   * Bootstraps when `bs_mode` is 1/2 (then sets it to 0), connects to IoTDA, and reports `$sdk_info` when
   * `auto_report_device_info`.
   * @returns 0 connected, -1 error (or bootstrap timeout), or the CONNACK code
   */
  async connect(): Promise<number> {
    const info = this._connect_auth_info;
    if (info.bs_mode === 1 || info.bs_mode === 2) {
      const rc = await this.bootstrap();
      if (rc !== 0) return rc;
    }
    info.bs_mode = ConnectAuthInfo.BS_MODE_DIRECT_CONNECT;
    const rc = await this._connection.connect();
    if (rc !== 0) return rc;
    // Python returns from connect() only after the CONNACK callbacks ran (connect_complete, the device-log
    // reports): let them run first, so the caller's next uplink follows them on the wire as it does in Python
    await this._callbacks.idle();
    if (info.auto_report_device_info) {
      this.report_device_info(new DeviceBaseInfo());
    }
    return 0;
  }

  private serverInfoPath(): string {
    return this._options.server_info_path ?? defaultServerInfoPath();
  }

  private async bootstrap(): Promise<number> {
    const info = this._connect_auth_info;
    const file = this.serverInfoPath();
    try {
      const cached: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (isDict(cached) && 'server_uri' in cached && 'port' in cached) {
        info.server_uri = String(cached['server_uri']);
        info.port = Number(cached['port']);
        if (cached['secret']) info.secret = String(cached['secret']);
        this._log.info('bootstrap skipped: using the cached server_info.json');
        return 0;
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this._log.error(`reading ${file} failed: ${(e as Error).message}`);
    }
    const rc = await this._connection.connect();
    if (rc !== 0) return rc;
    const ok = new Promise<boolean>((resolve) => {
      this._bs_waiter = resolve;
    });
    const timeoutMs = this._options.bootstrap_timeout_ms ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    this._connection.subscribe_topic(this.topic('bootstrap/down'), 0);
    this._connection.publish_message(new RawMessage(this.topic('bootstrap/up'), info.bs_message ?? '', 1));
    const success = await Promise.race([ok, timeout]);
    clearTimeout(timer);
    this._bs_waiter = null;
    if (!success) {
      this._log.error('bootstrap failed, timeout.');
      await this._connection.close();
      this._connection = this.newConnection();
      return -1;
    }
    await this._connection.close();
    info.bs_mode = ConnectAuthInfo.BS_MODE_DIRECT_CONNECT;
    this._connection = this.newConnection();
    return 0;
  }

  /**
   * Handles `bootstrap/down`: stores the IoTDA address (and secret) and writes `server_info.json`.
   * @param message - the message
   */
  on_bootstrap(message: RawMessage): void {
    const payload = parseJson(message);
    const address = payload['address'];
    if (typeof address !== 'string' || !address.includes(':')) throw new TypeError('bootstrap answer without a valid address');
    const info = this._connect_auth_info;
    const parts = address.split(':');
    info.server_uri = parts[0]!;
    info.port = Number(parts[parts.length - 1]);
    const secret = payload['deviceSecret'];
    if (typeof secret === 'string' && secret) info.secret = secret;
    const file = this.serverInfoPath();
    try {
      rmSync(file, { force: true });
      writeFileSync(file, dumps({ server_uri: info.server_uri, port: info.port, secret: typeof secret === 'string' && secret ? secret : null }), { flag: 'wx', mode: 0o600 });
    } catch (e) {
      this._log.error(`writing ${file} failed: ${(e as Error).message}`);
    }
    this._log.info(`bootstrap success, server ${info.server_uri}:${info.port}`);
    this._bs_waiter?.(true);
  }

  /** Closes the MQTT connection for good (no reconnect). */
  async close(): Promise<void> {
    await this._connection.close();
  }

  // ------------------------------------------------------------------ uplink

  private publishJson(topic: string, body: unknown, listener: ActionListener | null, qos: number = this.qos): void {
    this._connection.publish_message(new RawMessage(topic, dumps(body), qos), listener);
  }

  /**
   * Publishes a message on `messages/up`.
   * @param device_message - the message
   * @param listener - optional outcome listener
   */
  report_device_message(device_message: DeviceMessage, listener: ActionListener | null = null): void {
    this.publishJson(this.topic('messages/up'), device_message.to_dict(), listener);
  }

  /**
   * Publishes `{"services": [...]}` on `properties/report`; then evaluates the device rules when enabled.
   * @param services - the services
   * @param listener - optional outcome listener
   */
  report_properties(services: ServiceProperty[], listener: ActionListener | null = null): void {
    this.publishJson(this.topic('properties/report'), { services: services.map((s) => s.to_dict()) }, listener);
    if (this._enable_rule_manage) {
      const list = [...services];
      this._callbacks.enqueue('handle_rule', () => this._device.get_rule_manage_service().handle_rule(list));
    }
  }

  /**
   * Asks for the device shadow.
   * @param request_id - your request id (reused in the answer topic)
   * @param service_id - one service, or null for all; or the keyword arguments `{ service_id, object_device_id, listener }`
   * @param object_device_id - another device (gateway child), or null for this one
   * @param listener - optional outcome listener
   */
  get_device_shadow(
    request_id: string,
    service_id?: string | null | { service_id?: string | null; object_device_id?: string | null; listener?: ActionListener | null },
    object_device_id: string | null = null,
    listener: ActionListener | null = null,
  ): void {
    const kw = takeKwargs(service_id, ['service_id', 'object_device_id', 'listener'] as const);
    if (kw) {
      service_id = (kw.service_id as string | null | undefined) ?? null;
      object_device_id = (kw.object_device_id as string | null | undefined) ?? null;
      listener = (kw.listener as ActionListener | null | undefined) ?? null;
    }
    const body = service_id == null ? {} : { service_id };
    this.publishJson(this.topic(`shadow/get/request_id=${request_id}`, object_device_id ?? this.id), body, listener);
  }

  /**
   * Publishes one event of this device on `events/up`.
   * @param device_event - the event
   * @param listener - optional outcome listener
   */
  report_event(device_event: DeviceEvent, listener: ActionListener | null = null): void {
    this.report_sub_event(this.id, device_event, listener);
  }

  /**
   * Publishes one event on behalf of a child device (gateway topic, child id in `object_device_id`).
   * @param sub_device_id - child device id (null = this device)
   * @param device_event - the event
   * @param listener - optional outcome listener
   */
  report_sub_event(sub_device_id: string | null, device_event: DeviceEvent, listener: ActionListener | null = null): void {
    const events = new DeviceEvents();
    events.device_id = sub_device_id ?? this.id;
    events.services = [device_event];
    this.publishJson(this.topic('events/up'), events.to_dict(), listener);
  }

  /**
   * Answers a command.
   * @param request_id - the command's request id
   * @param command_response - the answer
   * @param listener - optional outcome listener
   */
  respond_command(request_id: string, command_response: CommandRsp, listener: ActionListener | null = null): void {
    this.publishJson(this.topic(`commands/response/request_id=${request_id}`), command_response.to_dict(), listener);
  }

  /**
   * Answers a property read.
   * @param request_id - the request id
   * @param services - the values
   * @param listener - optional outcome listener
   */
  respond_properties_get(request_id: string, services: ServiceProperty[], listener: ActionListener | null = null): void {
    this.publishJson(this.topic(`properties/get/response/request_id=${request_id}`), { services: services.map((s) => s.to_dict()) }, listener);
  }

  /**
   * Answers a property write.
   * @param request_id - the request id
   * @param iot_result - the result (e.g. `iot_result.SUCCESS`)
   * @param listener - optional outcome listener
   */
  respond_properties_set(request_id: string, iot_result: IotResult, listener: ActionListener | null = null): void {
    this.publishJson(this.topic(`properties/set/response/request_id=${request_id}`), iot_result.to_dict(), listener);
  }

  /**
   * Publishes a message as given (custom topics, binary payloads).
   * @param raw_message - topic, payload, QoS
   * @param listener - optional outcome listener
   */
  publish_raw_message(raw_message: RawMessage, listener: ActionListener | null = null): void {
    this._connection.publish_message(raw_message, listener);
  }

  /**
   * Reports SDK, software and firmware versions (`$sdk_info` / `sdk_info_report`).
   * @param device_info - versions
   * @param listener - optional outcome listener
   */
  report_device_info(device_info: DeviceBaseInfo, listener: ActionListener | null = null): void {
    const ev = new DeviceEvent({
      service_id: '$sdk_info',
      event_type: 'sdk_info_report',
      event_time: get_event_time(),
      paras: { device_sdk_version: SDK_VERSION, sw_version: device_info.sw_version, fw_version: device_info.fw_version },
    });
    this.report_event(ev, listener);
  }

  // ------------------------------------------------------------------ listeners

  /**
   * Sets the raw message listener (ignored with an error log unless it is a RawDeviceMessageListener).
   * @param raw_device_msg_listener - the listener
   */
  set_raw_device_msg_listener(raw_device_msg_listener: RawDeviceMessageListener): void {
    if (!(raw_device_msg_listener instanceof RawDeviceMessageListener)) {
      this._log.error('device_msg_listener should be RawDeviceMessageListener type');
      return;
    }
    this._raw_device_msg_listener = raw_device_msg_listener;
  }

  /**
   * Sets the message listener.
   * @param device_msg_listener - a DeviceMessageListener
   */
  set_device_msg_listener(device_msg_listener: DeviceMessageListener): void {
    if (!(device_msg_listener instanceof DeviceMessageListener)) {
      this._log.error('device_msg_listener should be DeviceMessageListener type');
      return;
    }
    this._device_msg_listener = device_msg_listener;
  }

  /**
   * Sets the property listener (note the plural name, as in Python).
   * @param property_listener - a PropertyListener
   */
  set_properties_listener(property_listener: PropertyListener): void {
    if (!(property_listener instanceof PropertyListener)) {
      this._log.error('property_listener should be PropertyListener');
      return;
    }
    this._property_listener = property_listener;
  }

  /**
   * Sets the command listener.
   * @param command_listener - a CommandListener
   */
  set_command_listener(command_listener: CommandListener): void {
    if (!(command_listener instanceof CommandListener)) {
      this._log.error('command_listener should be CommandListener');
      return;
    }
    this._command_listener = command_listener;
  }

  /**
   * Sets the shadow listener.
   * @param device_shadow_listener - a DeviceShadowListener
   */
  set_device_shadow_listener(device_shadow_listener: DeviceShadowListener): void {
    if (!(device_shadow_listener instanceof DeviceShadowListener)) {
      this._log.error('device_shadow_listener should be DeviceShadowListener');
      return;
    }
    this._device_shadow_listener = device_shadow_listener;
  }

  /**
   * Sets a custom handler for rule actions (instead of delivering them as commands).
   * @param rule_action_handler - an ActionHandler
   */
  set_rule_action_handler(rule_action_handler: ActionHandler): void {
    if (!(rule_action_handler instanceof ActionHandler)) {
      this._log.error('rule_action_handler should be ActionHandler');
      return;
    }
    this._rule_action_handler = rule_action_handler;
  }

  /**
   * Subscribes a custom topic and routes messages of exactly that topic to `message_listener`.
   * @param topic - the topic
   * @param qos - QoS
   * @param message_listener - any object with `on_message_received(RawMessage)`
   */
  subscribe_topic(topic: string, qos: number, message_listener: RawMessageListener): void {
    this._connection.subscribe_topic(topic, qos);
    this._raw_msg_listener_map.set(topic, message_listener);
  }

  /**
   * Adds a connection listener.
   * @param connect_listener - the listener
   */
  add_connect_listener(connect_listener: ConnectListener): void {
    this._connect_listeners.push(connect_listener);
    this._connection.add_connect_listener(connect_listener);
  }

  /**
   * Sets the connect action listener (single slot).
   * @param connect_action_listener - the listener
   */
  set_connect_action_listener(connect_action_listener: ConnectActionListener): void {
    this._connect_action_listener = connect_action_listener;
    this._connection.set_connect_action_listener(connect_action_listener);
  }

  /** Whether the rule engine is on (captured when the device was built). */
  enable_rule_manage(): boolean {
    return this._enable_rule_manage;
  }

  // ------------------------------------------------------------------ inbound

  /**
   * Inbound dispatcher: custom-topic listeners first (exact topic), then the system topics by substring. Never
   * throws: errors are logged and the message dropped.
   * @param message - the inbound message
   */
  on_message_received(message: RawMessage): void {
    try {
      const topic = message.topic;
      const custom = this._raw_msg_listener_map.get(topic);
      if (custom) {
        custom.on_message_received(message);
        return;
      }
      if (topic.includes('/messages/down')) this.on_device_msg(message);
      else if (topic.includes('sys/commands/request_id')) this.on_command(message);
      else if (topic.includes('/sys/properties/set/request_id')) this.on_properties_set(message);
      else if (topic.includes('/sys/properties/get/request_id')) this.on_properties_get(message);
      else if (topic.includes('/sys/shadow/get/response')) this.on_device_shadow(message);
      else if (topic.includes('/sys/events/down')) this.on_event(message);
      else if (topic.includes('/sys/bootstrap/down')) this.on_bootstrap(message);
      else this._log.warn(`unknown topic: ${topic}`);
    } catch (e) {
      this._log.error(`on_message_received dropped a message on ${message.topic}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Handles `messages/down`.
   * @param message - the message
   */
  on_device_msg(message: RawMessage): void {
    const payload = Buffer.isBuffer(message.payload) ? message.payload : Buffer.from(message.payload ?? '');
    const raw = new RawDeviceMessage(payload);
    const msg = raw.to_device_message();
    if (this._raw_device_msg_listener) this._raw_device_msg_listener.on_raw_device_message(raw);
    if (!msg) return;
    const forMe = msg.device_id == null || msg.device_id === '' || msg.device_id === this.id;
    if (this._device_msg_listener && forMe) this._device_msg_listener.on_device_message(msg);
    else this._device.on_device_message(msg);
  }

  /**
   * Handles `commands/request_id=...`.
   * @param message - the message
   */
  on_command(message: RawMessage): void {
    const request_id = get_request_id_from_msg(message);
    const cmd = new Command();
    cmd.convert_from_dict(parseJson(message));
    if (this._command_listener) this._command_listener.on_command(request_id, cmd.service_id, cmd.command_name, cmd.paras);
    else this._device.on_command(request_id, cmd);
  }

  /**
   * Handles `properties/set/request_id=...`.
   * @param message - the message
   */
  on_properties_set(message: RawMessage): void {
    const request_id = get_request_id_from_msg(message);
    const obj = parseJson(message);
    const list = obj['services'];
    if (!Array.isArray(list)) throw new TypeError('properties set without services');
    const services = list.map((s: unknown) => {
      if (!isDict(s) || !('service_id' in s) || !('properties' in s)) throw new TypeError('properties set entry without service_id/properties');
      return new ServiceProperty(s['service_id'] as string, s['properties'] as JsonDict);
    });
    const prop_set = new PropSet();
    prop_set.services = services;
    if (typeof obj['object_device_id'] === 'string') prop_set.device_id = obj['object_device_id'];
    if (this._property_listener) this._property_listener.on_property_set(request_id, services);
    else this._device.on_properties_set(request_id, prop_set);
  }

  /**
   * Handles `properties/get/request_id=...`.
   * @param message - the message
   */
  on_properties_get(message: RawMessage): void {
    const request_id = get_request_id_from_msg(message);
    const props_get = new PropsGet();
    props_get.convert_from_dict(parseJson(message));
    if (this._property_listener) this._property_listener.on_property_get(request_id, props_get.service_id);
    else this._device.on_properties_get(request_id, props_get);
  }

  /**
   * Handles `shadow/get/response/request_id=...`.
   * @param message - the message
   */
  on_device_shadow(message: RawMessage): void {
    const request_id = get_request_id_from_msg(message);
    const obj = parseJson(message);
    const list = Array.isArray(obj['shadow']) ? (obj['shadow'] as unknown[]) : [];
    const shadow = list.filter(isDict).map((d) => {
      const s = new ShadowData();
      s.convert_from_dict(d);
      return s;
    });
    const object_device_id = typeof obj['object_device_id'] === 'string' ? obj['object_device_id'] : '';
    if (this._device_shadow_listener) this._device_shadow_listener.on_shadow_get(request_id, object_device_id, shadow);
  }

  /**
   * Handles `events/down`.
   * @param message - the message
   */
  on_event(message: RawMessage): void {
    const events = new DeviceEvents();
    events.convert_from_dict(parseJson(message));
    this._device.on_event(events);
  }

  /**
   * A rule produced a command: delivered to the CommandListener (with a generated request id), else a warning.
   * @param request_id - synthetic request id
   * @param command - the command
   */
  on_rule_command(request_id: string, command: Command): void {
    if (this._command_listener) this._command_listener.on_command(request_id, command.service_id, command.command_name, command.paras);
    else this._log.warn('command listener was not config for rules.');
  }

  /**
   * A rule fired: to the custom ActionHandler when set, else to the device.
   * @param action - the rule's actions
   */
  on_rule_action_handler(action: Action[]): void {
    if (this._rule_action_handler) this._rule_action_handler.handle_rule_action(action);
    else this._device.on_rule_action_handler(action);
  }

  /** The MQTT connection (tests). */
  _get_connection(): MqttConnection {
    return this._connection;
  }

  /** The SDK's logger (secrets redacted). */
  _get_logger(): Logger {
    return this._log;
  }

  /** The callback queue (tests: `await client._get_callbacks().idle()`). */
  _get_callbacks(): CallbackQueue {
    return this._callbacks;
  }

  /** TypeScript-only options. */
  _get_options(): HuaweiClientOptions {
    return this._options;
  }
}
