/**
 * {@link AbstractService}: thing-model programming by field and method names.
 * @module
 */
import { silentLogger, type Logger } from '@iot/core';
import { IotResult, SUCCESS } from '../client/iot_result.js';
import type { Command } from '../client/request/command.js';
import { CommandRsp } from '../client/request/command_response.js';
import type { DeviceEvent } from '../client/request/device_event.js';
import type { JsonDict } from '../client/request/json_dict.js';
import type { AbstractDevice } from './abstract_device.js';
import { IService } from './i_service.js';

type Members = Record<string, unknown>;

/**
 * Base class of a thing-model service. A subclass fills `_readable_prop2field`, `_writeable_prop2field` (model
 * property → field name) and `_command2method` (model command → method name) in its constructor and provides
 * `get_<field>()` / `set_<field>(value)` methods and command methods taking `paras` and returning a CommandRsp.
 */
export class AbstractService extends IService {
  /** Model property name → field (attribute) name, for reads. */
  protected _readable_prop2field: Record<string, string> = {};
  /** Model property name → field name, for writes. */
  protected _writeable_prop2field: Record<string, string> = {};
  /** Model command name → method name. */
  protected _command2method: Record<string, string> = {};
  /** The device this service belongs to. */
  protected _iot_device: AbstractDevice | null = null;
  /** Service id (set by `add_service`). */
  protected _service_id = '';
  /** Whether auto-report is on. */
  protected _auto_report = false;
  /** The auto-report timer. */
  protected _timer: NodeJS.Timeout | null = null;

  /** Service id. */
  get service_id(): string {
    return this._service_id;
  }
  set service_id(v: string) {
    this._service_id = v;
  }

  private get log(): Logger {
    return this._iot_device?.get_client()._get_logger() ?? silentLogger;
  }

  private member(name: string): unknown {
    return (this as unknown as Members)[name];
  }

  /**
   * Reads properties through their getters; names without a mapping, field or getter (or whose getter throws) are
   * left out.
   * @param properties - names, empty for every readable property
   * @returns name → value
   */
  on_read(properties: string[]): JsonDict {
    const ret: JsonDict = {};
    const names = properties.length > 0 ? properties : Object.keys(this._readable_prop2field);
    for (const name of names) {
      if (!Object.prototype.hasOwnProperty.call(this._readable_prop2field, name)) {
        this.log.debug(`property not found: ${name}`);
        continue;
      }
      const field = this._readable_prop2field[name]!;
      const getter = this.member(`get_${field}`);
      if (!(field in this) || typeof getter !== 'function') {
        this.log.debug(`field or getter not found: ${field}`);
        continue;
      }
      try {
        ret[name] = (getter as () => unknown).call(this);
      } catch (e) {
        this.log.debug(`getter of ${field} threw: ${String(e)}`);
      }
    }
    return ret;
  }

  /**
   * Writes properties through their setters, in payload order; the first failure returns `IotResult(-1, ...)`
   * (earlier setters stay applied). On success a property report of the changed names is published.
   * @param properties - name → value
   * @returns SUCCESS or the failure
   */
  on_write(properties: JsonDict): IotResult {
    const changed: string[] = [];
    for (const [k, v] of Object.entries(properties)) {
      if (!Object.prototype.hasOwnProperty.call(this._writeable_prop2field, k)) return new IotResult(-1, `property not found or not writeable: ${k}`);
      const field = this._writeable_prop2field[k]!;
      if (!(field in this)) return new IotResult(-1, `field not found: ${k}`);
      const setter = this.member(`set_${field}`);
      if (typeof setter !== 'function') return new IotResult(-1, `setter method not found: set_${field}`);
      try {
        (setter as (x: unknown) => void).call(this, v);
      } catch (e) {
        return new IotResult(-1, e instanceof Error ? e.message : String(e));
      }
      changed.push(k);
    }
    if (changed.length > 0) this.fire_properties_changed(changed);
    return SUCCESS;
  }

  /**
   * Runs the method mapped to the command.
   * @param command - the command
   * @returns the method's CommandRsp, or `result_code -1` with `{"error": ...}`
   */
  on_command(command: Command): CommandRsp {
    const fail = (error: string): CommandRsp => new CommandRsp({ result_code: -1, paras: { error } });
    if (!Object.prototype.hasOwnProperty.call(this._command2method, command.command_name)) return fail(`command not found: ${command.command_name}`);
    const methodName = this._command2method[command.command_name]!;
    const method = this.member(methodName);
    if (typeof method !== 'function') return fail(`method not found: ${methodName}`);
    try {
      return (method as (p: JsonDict) => CommandRsp).call(this, command.paras);
    } catch (e) {
      return fail(`method execute failed, Exception: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Events for this service; nothing by default (system services override).
   * @param device_event - the event
   */
  on_event(device_event: DeviceEvent): void {
    this.log.debug(`on_event: ${device_event.event_type}`);
  }

  /**
   * Publishes a property report of this service.
   * @param properties - names, empty for all readable properties
   */
  fire_properties_changed(properties: string[]): void {
    const dev = this.get_iot_device();
    if (dev) dev.fire_properties_changed(this.service_id, properties);
  }

  /** The owning device (null with an error log when unset). */
  get_iot_device(): AbstractDevice | null {
    if (!this._iot_device) this.log.error('iot device is None');
    return this._iot_device;
  }

  /**
   * Sets the owning device.
   * @param iot_device - the device
   */
  set_iot_device(iot_device: AbstractDevice): void {
    this._iot_device = iot_device;
  }

  /**
   * Reports every readable property every `report_interval` seconds (first report after one interval). A
   * per-service timer (quirk Q20 fixed); stopped by `disable_auto_report()` and by `device.destroy()`.
   * @param report_interval - seconds
   */
  enable_auto_report(report_interval: number): void {
    if (this._auto_report) {
      this.log.warn('timer is already enable');
      return;
    }
    this._auto_report = true;
    this._timer = setInterval(() => this.fire_properties_changed([]), report_interval * 1000);
  }

  /** Stops the auto-report timer. */
  disable_auto_report(): void {
    this._auto_report = false;
    if (this._timer) clearInterval(this._timer);
    this._timer = null;
  }
}
