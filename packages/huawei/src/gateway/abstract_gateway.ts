/**
 * {@link AbstractGateway}: a gateway device with child devices.
 * @module
 */
import type { ClientConf } from '../client/client_conf.js';
import type { Command } from '../client/request/command.js';
import { DeviceEvent } from '../client/request/device_event.js';
import type { DeviceEvents } from '../client/request/device_events.js';
import type { DeviceMessage } from '../client/request/device_message.js';
import { isDict, type JsonDict } from '../client/request/json_dict.js';
import type { PropSet } from '../client/request/props_set.js';
import type { PropsGet } from '../client/request/props_get.js';
import type { ServiceProperty } from '../client/request/service_property.js';
import { IotDevice } from '../iot_device.js';
import type { ActionListener } from '../transport/action_listener.js';
import { RawMessage } from '../transport/raw_message.js';
import { get_event_time, get_node_id_from_device_id } from '../utils/iot_util.js';
import { takeKwargs } from '../utils/kwargs.js';
import { dumps } from '../utils/dumps.js';
import type { GtwOperateSubDeviceListener } from './gtw_operate_sub_device_listener.js';
import { AddSubDeviceFailedReason } from './requests/add_sub_device_failed_reason.js';
import type { AddedSubDeviceInfo } from './requests/added_sub_device_info.js';
import { AddedSubDeviceInfoRsp } from './requests/added_sub_device_info_rsp.js';
import { DelSubDeviceFailedReason } from './requests/del_sub_device_failed_reason.js';
import { DeviceInfo } from './requests/device_info.js';
import { DeviceProperty } from './requests/device_property.js';
import { DeviceStatus } from './requests/device_status.js';
import { GtwAddSubDeviceRsp } from './requests/gtw_add_sub_device_rsp.js';
import { GtwDelSubDeviceRsp } from './requests/gtw_del_sub_device_rsp.js';
import { SubDevicesInfo } from './requests/sub_devices_info.js';
import type { SubDevicesPersistence } from './sub_devices_persistence.js';
import type { SubDevDiscoveryListener } from './sub_dev_discovery_listener.js';

function dictList(v: unknown): JsonDict[] {
  return Array.isArray(v) ? v.filter(isDict) : [];
}

/**
 * Base class of a gateway (Python `AbstractGateway`; note the argument order: persistence first). Subclasses
 * implement the `on_sub_dev_*` hooks to forward requests to their children.
 */
export class AbstractGateway extends IotDevice {
  /** Scan listener (stored, never used). */
  protected _sub_dev_discovery_listener: SubDevDiscoveryListener | null = null;
  /** Add/delete answer listener. */
  protected _gtw_operate_sub_device_listener: GtwOperateSubDeviceListener | null = null;
  /** Child persistence. */
  protected _sub_device_persistence: SubDevicesPersistence | null;

  /**
   * @param sub_devices_persistence - where children are kept
   * @param client_conf - configuration
   */
  constructor(sub_devices_persistence: SubDevicesPersistence | null, client_conf: ClientConf) {
    super(client_conf);
    this._sub_device_persistence = sub_devices_persistence;
  }

  /**
   * Sets the scan listener.
   * @param sub_dev_discovery_listener - listener
   */
  set_sub_dev_discovery_listener(sub_dev_discovery_listener: SubDevDiscoveryListener): void {
    this._sub_dev_discovery_listener = sub_dev_discovery_listener;
  }

  /**
   * Sets the add/delete answer listener.
   * @param gtw_operate_sub_device_listener - listener
   */
  set_gtw_operate_sub_device_listener(gtw_operate_sub_device_listener: GtwOperateSubDeviceListener): void {
    this._gtw_operate_sub_device_listener = gtw_operate_sub_device_listener;
  }

  /**
   * A child by node id.
   * @param node_id - node id
   * @returns the child or null
   */
  get_sub_device_by_node_id(node_id: string): DeviceInfo | null {
    return this._sub_device_persistence ? this._sub_device_persistence.get_sub_device(node_id) : null;
  }

  /**
   * A child by device id (node id = text after the first `_`).
   * @param device_id - device id
   * @returns the child or null
   */
  get_sub_device_by_device_id(device_id: string): DeviceInfo | null {
    const node = get_node_id_from_device_id(device_id);
    return node === null ? null : this.get_sub_device_by_node_id(node);
  }

  private gatewayEvent(service_id: string, event_type: string, paras: JsonDict, event_id = ''): DeviceEvent {
    return new DeviceEvent({ service_id, event_type, event_time: get_event_time(), event_id, paras });
  }

  /**
   * Reports scan results (`sub_device_discovery` / `scan_result`).
   * @param device_infos - found children
   * @param listener - optional outcome listener
   */
  report_sub_dev_list(device_infos: DeviceInfo[], listener: ActionListener | null = null): void {
    this.get_client().report_event(this.gatewayEvent('sub_device_discovery', 'scan_result', { devices: device_infos.map((d) => d.to_dict()) }), listener);
  }

  /**
   * A child's message (set `device_message.device_id` to the child id).
   * @param device_message - the message
   * @param listener - optional outcome listener
   */
  report_sub_device_message(device_message: DeviceMessage, listener: ActionListener | null = null): void {
    this.get_client().report_device_message(device_message, listener);
  }

  /**
   * A child's properties.
   * @param device_id - child id
   * @param services - services
   * @param listener - optional outcome listener
   */
  report_sub_device_properties(device_id: string, services: ServiceProperty[], listener: ActionListener | null = null): void {
    this.report_batch_properties([new DeviceProperty(device_id, services)], listener);
  }

  /**
   * Properties of several children on `gateway/sub_devices/properties/report` (QoS 1 always).
   * @param device_properties - per child
   * @param listener - optional outcome listener
   */
  report_batch_properties(device_properties: DeviceProperty[], listener: ActionListener | null = null): void {
    const topic = `$oc/devices/${this.get_device_id()}/sys/gateway/sub_devices/properties/report`;
    this.get_client().publish_raw_message(new RawMessage(topic, dumps({ devices: device_properties.map((d) => d.to_dict()) })), listener);
  }

  /**
   * A child's status.
   * @param device_id - child id
   * @param status - "ONLINE" / "OFFLINE"
   * @param listener - optional outcome listener
   */
  report_sub_device_status(device_id: string, status: string, listener: ActionListener | null = null): void {
    this.report_batch_status([new DeviceStatus(device_id, status)], listener);
  }

  /**
   * Statuses of several children (`sub_device_update_status`).
   * @param statuses - statuses
   * @param listener - optional outcome listener
   */
  report_batch_status(statuses: DeviceStatus[], listener: ActionListener | null = null): void {
    this.get_client().report_event(this.gatewayEvent('$sub_device_manager', 'sub_device_update_status', { device_statuses: statuses.map((s) => s.to_dict()) }), listener);
  }

  /**
   * Asks the platform to create children (`add_sub_device_request`).
   * @param added_sub_device_infos - the children
   * @param event_id - your id, echoed in the answer (or `{ event_id, listener }`)
   * @param listener - optional outcome listener
   */
  gtw_add_sub_device(added_sub_device_infos: AddedSubDeviceInfo[], event_id: string | { event_id: string; listener?: ActionListener | null }, listener: ActionListener | null = null): void {
    const kw = takeKwargs(event_id, ['event_id', 'listener'] as const);
    if (kw) {
      event_id = String(kw.event_id ?? '');
      listener = (kw.listener as ActionListener | null | undefined) ?? null;
    }
    this.get_client().report_event(this.gatewayEvent('$sub_device_manager', 'add_sub_device_request', { devices: added_sub_device_infos.map((d) => d.to_dict()) }, event_id as string), listener);
  }

  /**
   * Asks the platform to delete children (`delete_sub_device_request`).
   * @param del_sub_devices - device ids
   * @param event_id - your id, echoed in the answer (or `{ event_id, listener }`)
   * @param listener - optional outcome listener
   */
  gtw_del_sub_device(del_sub_devices: string[], event_id: string | { event_id: string; listener?: ActionListener | null }, listener: ActionListener | null = null): void {
    const kw = takeKwargs(event_id, ['event_id', 'listener'] as const);
    if (kw) {
      event_id = String(kw.event_id ?? '');
      listener = (kw.listener as ActionListener | null | undefined) ?? null;
    }
    this.get_client().report_event(this.gatewayEvent('$sub_device_manager', 'delete_sub_device_request', { devices: [...del_sub_devices] }, event_id as string), listener);
  }

  /** Asks for the changes since the persisted version (`sub_device_sync_request`). */
  sync_sub_devices(): void {
    const version = this._sub_device_persistence ? this._sub_device_persistence.get_version() : 0;
    this.get_client().report_event(this.gatewayEvent('$sub_device_manager', 'sub_device_sync_request', { version }));
  }

  /**
   * Child events go to `on_sub_dev_event`; the gateway's own to its services, then `$sub_device_manager` events are
   * applied (notifications → persistence, answers → listener).
   * @param device_events - the envelope
   */
  override on_event(device_events: DeviceEvents): void {
    if (device_events.device_id && device_events.device_id !== this.get_device_id()) {
      this.on_sub_dev_event(device_events);
      return;
    }
    super.on_event(device_events);
    for (const event of device_events.services) {
      if (event.service_id !== '$sub_device_manager') continue;
      const paras: JsonDict = isDict(event.paras) ? event.paras : {};
      switch (event.event_type) {
        case 'start_scan':
          break;
        case 'add_sub_device_notify':
        case 'delete_sub_device_notify': {
          const info = new SubDevicesInfo();
          info.version = paras['version'] as number;
          info.devices = dictList(paras['devices']).map((d) => {
            const di = new DeviceInfo();
            di.convert_from_dict(d);
            return di;
          });
          if (event.event_type === 'add_sub_device_notify') this.on_add_sub_devices(info);
          else this.on_delete_sub_devices(info);
          break;
        }
        case 'add_sub_device_response': {
          const rsp = new GtwAddSubDeviceRsp();
          rsp.successful_devices = dictList(paras['successful_devices']).map((d) => {
            const x = new AddedSubDeviceInfoRsp();
            x.convert_from_dict(d);
            return x;
          });
          rsp.add_sub_device_failed_reasons = dictList(paras['failed_devices']).map((d) => {
            const x = new AddSubDeviceFailedReason();
            x.convert_from_dict(d);
            return x;
          });
          this._gtw_operate_sub_device_listener?.on_add_sub_device_rsp(rsp, event.event_id);
          break;
        }
        case 'delete_sub_device_response': {
          const rsp = new GtwDelSubDeviceRsp();
          const ok = paras['successful_devices'];
          rsp.successful_devices = Array.isArray(ok) ? ok.map((x) => String(x)) : [];
          rsp.failed_devices = dictList(paras['failed_devices']).map((d) => {
            const x = new DelSubDeviceFailedReason();
            x.convert_from_dict(d);
            return x;
          });
          this._gtw_operate_sub_device_listener?.on_del_sub_device_rsp(rsp, event.event_id);
          break;
        }
        default:
          this.get_client()._get_logger().info(`gateway receive unknown event_type: ${event.event_type}`);
      }
    }
  }

  private isChild(id: string | null | undefined): boolean {
    return !!id && id !== this.get_device_id();
  }

  /**
   * Child messages go to `on_sub_dev_message`.
   * @param message - the message
   */
  override on_device_message(message: DeviceMessage): void {
    if (this.isChild(message.device_id)) this.on_sub_dev_message(message);
    else super.on_device_message(message);
  }

  /**
   * Child commands go to `on_sub_dev_command`.
   * @param request_id - request id
   * @param command - the command
   */
  override on_command(request_id: string, command: Command): void {
    if (this.isChild(command.device_id)) this.on_sub_dev_command(request_id, command);
    else super.on_command(request_id, command);
  }

  /**
   * Child property writes go to `on_sub_dev_properties_set` (works here: quirk Q16 fixed).
   * @param request_id - request id
   * @param props_set - the request
   */
  override on_properties_set(request_id: string, props_set: PropSet): void {
    if (this.isChild(props_set.device_id)) this.on_sub_dev_properties_set(request_id, props_set);
    else super.on_properties_set(request_id, props_set);
  }

  /**
   * Child property reads go to `on_sub_dev_properties_get`.
   * @param request_id - request id
   * @param props_get - the request
   */
  override on_properties_get(request_id: string, props_get: PropsGet): void {
    if (this.isChild(props_get.device_id)) this.on_sub_dev_properties_get(request_id, props_get);
    else super.on_properties_get(request_id, props_get);
  }

  /**
   * Applies an add notification.
   * @param sub_devices_info - children and version
   * @returns the persistence result, -1 without persistence
   */
  on_add_sub_devices(sub_devices_info: SubDevicesInfo): number {
    return this._sub_device_persistence ? this._sub_device_persistence.add_sub_devices(sub_devices_info) : -1;
  }

  /**
   * Applies a delete notification.
   * @param sub_devices_info - children and version
   * @returns the persistence result, -1 without persistence
   */
  on_delete_sub_devices(sub_devices_info: SubDevicesInfo): number {
    return this._sub_device_persistence ? this._sub_device_persistence.delete_sub_devices(sub_devices_info) : -1;
  }

  /**
   * Hook: a command for a child (forward it, then `respond_command`).
   * @param _request_id - request id
   * @param _command - the command
   */
  on_sub_dev_command(_request_id: string, _command: Command): void {
    // hook for subclasses
  }
  /**
   * Hook: a property write for a child.
   * @param _request_id - request id
   * @param _props_set - the request
   */
  on_sub_dev_properties_set(_request_id: string, _props_set: PropSet): void {
    // hook for subclasses
  }
  /**
   * Hook: a property read for a child.
   * @param _request_id - request id
   * @param _props_get - the request
   */
  on_sub_dev_properties_get(_request_id: string, _props_get: PropsGet): void {
    // hook for subclasses
  }
  /**
   * Hook: a message for a child.
   * @param _message - the message
   */
  on_sub_dev_message(_message: DeviceMessage): void {
    // hook for subclasses
  }
  /**
   * Hook: events for a child (e.g. child OTA).
   * @param _device_events - the envelope
   */
  on_sub_dev_event(_device_events: DeviceEvents): void {
    // hook for subclasses
  }
}
