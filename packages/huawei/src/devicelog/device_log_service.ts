/**
 * {@link DeviceLogService} (`$log`).
 * @module
 */
import { formatUtc } from '@iot/core';
import { DeviceEvent } from '../client/request/device_event.js';
import { isDict } from '../client/request/json_dict.js';
import { AbstractService } from '../service/abstract_service.js';
import { get_event_time } from '../utils/iot_util.js';

/** Device log reporting; the platform switches it with `log_config`. */
export class DeviceLogService extends AbstractService {
  /** Logging on/off. */
  log_switch = true;
  /** Stop reporting after this time (`YYYYMMDDTHHmmssZ`), null = no limit. */
  end_time: string | null = null;
  /** Last recorded loss `{ts_ms: "connect lost"}`. */
  connect_lost_dict: Record<string, string> | null = null;
  /** Last recorded failure `{ts_ms: "connect failed, the reason is ..."}`. */
  connect_failed_dict: Record<string, string> | null = null;

  /**
   * Handles `log_config` (`switch` "on"/"off", optional `end_time`).
   * @param device_event - the event
   */
  override on_event(device_event: DeviceEvent): void {
    if (device_event.event_type !== 'log_config') return;
    const p = isDict(device_event.paras) ? device_event.paras : {};
    if (!('switch' in p)) {
      this._iot_device?.get_client()._get_logger().warn('log_config without switch');
      return;
    }
    if ('end_time' in p) this.end_time = p['end_time'] == null ? null : String(p['end_time']);
    if (p['switch'] === 'on') this.log_switch = true;
    else if (p['switch'] === 'off') this.log_switch = false;
  }

  /**
   * Reports one log line (`log_report`).
   * @param timestamp - epoch ms as a string
   * @param log_type - DEVICE_STATUS, DEVICE_PROPERTY, DEVICE_MESSAGE or DEVICE_COMMAND
   * @param content - text
   */
  report_device_log(timestamp: string, log_type: string, content: string): void {
    const dev = this.get_iot_device();
    if (!dev) return;
    const ev = new DeviceEvent({ service_id: '$log', event_type: 'log_report', event_time: get_event_time(), paras: { timestamp, type: log_type, content } });
    dev.get_client().report_event(ev);
  }

  /**
   * Whether logs may be reported: the switch is on and `end_time` (compared in UTC, as its `Z` says) is not passed.
   * @returns true to report
   */
  can_report_log(): boolean {
    if (!this.log_switch) return false;
    if (this.end_time == null) return true;
    const end = this.end_time.replace(/[TZ]/g, '');
    return formatUtc(new Date(), 'YYYYMMDDHHmmss') < end;
  }
}
