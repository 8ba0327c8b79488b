/**
 * {@link AbstractDevice}: a device with services.
 * @module
 */
import type { ClientConf } from '../client/client_conf.js';
import { DeviceClient } from '../client/device_client.js';
import { SUCCESS } from '../client/iot_result.js';
import { MqttConnectConf } from '../client/mqtt_connect_conf.js';
import type { Command } from '../client/request/command.js';
import type { DeviceEvents } from '../client/request/device_events.js';
import type { DeviceMessage } from '../client/request/device_message.js';
import type { PropSet } from '../client/request/props_set.js';
import type { PropsGet } from '../client/request/props_get.js';
import { ServiceProperty } from '../client/request/service_property.js';
import { DeviceLogService } from '../devicelog/device_log_service.js';
import { DefaultConnActionLogListener } from '../devicelog/listener/default_conn_action_log_listener.js';
import { DefaultConnLogListener } from '../devicelog/listener/default_conn_log_listener.js';
import { FileManagerService } from '../filemanager/file_manager_service.js';
import { OTAService } from '../ota/ota_service.js';
import type { Action } from '../rule/model/actions.js';
import { RuleManageService } from '../rule/rule_manage_service.js';
import { TimeSyncService } from '../timesync/time_sync_service.js';
import { get_event_time } from '../utils/iot_util.js';
import type { AbstractService } from './abstract_service.js';

/** A device: its client, its services and the SDK callbacks that route requests to them. */
export class AbstractDevice {
  /** The client. */
  protected _client: DeviceClient;
  /** Device id. */
  protected _device_id: string;
  /** service id → service, in registration order. */
  protected _services = new Map<string, AbstractService>();
  private _logListenersAdded = false;

  /**
   * Builds the client (validating the configuration) and registers `$ota`, `$time_sync`, `$file_manager`, `$log`,
   * `$device_rule`.
   * @param client_conf - configuration
   * @throws TypeError / RangeError with the Python ValueError messages
   */
  constructor(client_conf: ClientConf) {
    const info = client_conf.connect_auth_info;
    const mqtt = client_conf.mqtt_connect_conf ?? new MqttConnectConf();
    this._client = new DeviceClient(info, mqtt, this, client_conf.options ?? {});
    this._device_id = info.id ?? '';
    this._init_sys_services();
  }

  private _init_sys_services(): void {
    this.add_service('$ota', new OTAService());
    this.add_service('$time_sync', new TimeSyncService());
    this.add_service('$file_manager', new FileManagerService());
    this.add_service('$log', new DeviceLogService());
    this.add_service('$device_rule', new RuleManageService(this._client));
  }

  /**
   * Connects (bootstrap first when configured). Registers the automatic device-log listeners once when the log
   * service allows it.
   * @returns 0 connected, -1 error, or the CONNACK code
   */
  async connect(): Promise<number> {
    const log = this.get_device_log_service();
    if (log.can_report_log() && !this._logListenersAdded) {
      this._logListenersAdded = true;
      this._client.add_connect_listener(new DefaultConnLogListener(log));
      this._client.set_connect_action_listener(new DefaultConnActionLogListener(log));
    }
    return this._client.connect();
  }

  /** The client. */
  get_client(): DeviceClient {
    return this._client;
  }

  /**
   * Adds (or replaces) a service.
   * @param service_id - service id
   * @param device_service - the service
   */
  add_service(service_id: string, device_service: AbstractService): void {
    device_service.service_id = service_id;
    device_service.set_iot_device(this);
    this._services.set(service_id, device_service);
  }

  /**
   * A service by id.
   * @param service_id - service id
   * @returns the service or null
   */
  get_service(service_id: string): AbstractService | null {
    return this._services.get(service_id) ?? null;
  }

  /**
   * Reports properties of one service (`on_read`).
   * @param service_id - service id
   * @param properties - names, empty for all
   */
  fire_properties_changed(service_id: string, properties: string[]): void {
    const service = this.get_service(service_id);
    if (!service) {
      this._client._get_logger().warn(`service not found: ${service_id}`);
      return;
    }
    const props = service.on_read(properties);
    this._client.report_properties([new ServiceProperty(service_id, props, null)]);
  }

  /**
   * Reports every property of several services in one message (with event_time).
   * @param service_ids - service ids
   */
  fire_services_changed(service_ids: string[]): void {
    const list: ServiceProperty[] = [];
    for (const id of service_ids) {
      const service = this.get_service(id);
      if (!service) {
        this._client._get_logger().warn(`service not found: ${id}`);
        continue;
      }
      list.push(new ServiceProperty(id, service.on_read([]), get_event_time()));
    }
    if (list.length > 0) this._client.report_properties(list);
  }

  /** Device id. */
  get_device_id(): string {
    return this._device_id;
  }

  /**
   * SDK callback: a command without CommandListener goes to the service and its answer is published (no answer for
   * an unknown service, as in Python).
   * @param request_id - request id
   * @param command - the command
   */
  on_command(request_id: string, command: Command): void {
    const service = this.get_service(command.service_id);
    if (!service) {
      this._client._get_logger().warn(`service not found: ${command.service_id}`);
      return;
    }
    const rsp = service.on_command(command);
    this._client.respond_command(request_id, rsp);
  }

  /**
   * SDK callback: writes properties service by service; answers the first failure or SUCCESS.
   * @param request_id - request id
   * @param props_set - the request
   */
  on_properties_set(request_id: string, props_set: PropSet): void {
    for (const sp of props_set.services) {
      const service = this.get_service(sp.service_id);
      if (!service) continue;
      const result = service.on_write(sp.properties ?? {});
      if (result.result_code !== 0) {
        this._client.respond_properties_set(request_id, result);
        return;
      }
    }
    this._client.respond_properties_set(request_id, SUCCESS);
  }

  /**
   * SDK callback: reads one service, or every service (system services included) when `service_id` is "".
   * @param request_id - request id
   * @param props_get - the request
   */
  on_properties_get(request_id: string, props_get: PropsGet): void {
    const services: ServiceProperty[] = [];
    if (props_get.service_id === '' || props_get.service_id == null) {
      for (const [id, s] of this._services) services.push(new ServiceProperty(id, s.on_read([])));
    } else {
      const s = this.get_service(props_get.service_id);
      if (s) services.push(new ServiceProperty(props_get.service_id, s.on_read([])));
    }
    this._client.respond_properties_get(request_id, services);
  }

  /**
   * SDK callback: events of this device go to their service (`$sub_device_manager` is left to the gateway).
   * @param device_events - the envelope
   */
  on_event(device_events: DeviceEvents): void {
    const log = this._client._get_logger();
    if (device_events.device_id && device_events.device_id !== this.get_device_id()) {
      log.debug(`event for another device ignored: ${device_events.device_id}`);
      return;
    }
    for (const ev of device_events.services) {
      if (ev.service_id === '$sub_device_manager') continue;
      const service = this.get_service(ev.service_id);
      if (service) service.on_event(ev);
      else log.warn(`service not found: ${ev.service_id}`);
    }
  }

  /**
   * SDK callback when a rule fires and no ActionHandler is set: actions of this device become commands.
   * @param action_list - the actions
   */
  on_rule_action_handler(action_list: Action[]): void {
    const log = this._client._get_logger();
    if (!action_list || action_list.length === 0) {
      log.warn('action list is empty');
      return;
    }
    for (const action of action_list) {
      if (action.device_id !== this.get_device_id()) {
        log.warn(`action for another device skipped: ${action.device_id}`);
        continue;
      }
      this.get_rule_manage_service().handle_action(action);
    }
  }

  /**
   * SDK callback for messages not taken by a DeviceMessageListener; nothing here (gateways override).
   * @param _message - the message
   */
  on_device_message(_message: DeviceMessage): void {
    // intentionally empty, as in the Python SDK: a hook for subclasses
  }

  /** The `$ota` service. */
  get_ota_service(): OTAService {
    return this._services.get('$ota') as OTAService;
  }
  /** The `$time_sync` service. */
  get_time_sync_service(): TimeSyncService {
    return this._services.get('$time_sync') as TimeSyncService;
  }
  /** The `$log` service. */
  get_device_log_service(): DeviceLogService {
    return this._services.get('$log') as DeviceLogService;
  }
  /** The `$file_manager` service. */
  get_file_manager_service(): FileManagerService {
    return this._services.get('$file_manager') as FileManagerService;
  }
  /** The `$device_rule` service. */
  get_rule_manage_service(): RuleManageService {
    return this._services.get('$device_rule') as RuleManageService;
  }

  /** Stops everything for good: auto-report and rule timers, then the connection (no reconnect, quirk Q6 fixed). */
  async destroy(): Promise<void> {
    for (const s of this._services.values()) s.disable_auto_report();
    this.get_rule_manage_service().shutdown();
    await this._client.close();
    // let already queued callbacks finish, but never hang on a user callback whose promise does not settle
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this._client._get_callbacks().idle(), new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
  }
}
