/**
 * {@link TimeSyncService} (`$time_sync`).
 * @module
 */
import { DeviceEvent } from '../client/request/device_event.js';
import { isDict } from '../client/request/json_dict.js';
import { AbstractService } from '../service/abstract_service.js';
import type { ActionListener } from '../transport/action_listener.js';
import { get_event_time } from '../utils/iot_util.js';
import { TimeSyncListener } from './time_sync_listener.js';

function toInt(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new TypeError(`invalid literal for int(): ${String(v)}`);
  return Math.trunc(n);
}

/** NTP-style time synchronisation with the platform. */
export class TimeSyncService extends AbstractService {
  private _listener: TimeSyncListener | null = null;

  /** The listener. */
  get_listener(): TimeSyncListener | null {
    return this._listener;
  }
  /**
   * Sets the listener.
   * @param listener - a TimeSyncListener
   */
  set_listener(listener: TimeSyncListener): void {
    this._listener = listener;
  }

  /**
   * Sends `time_sync_request` with the current epoch ms as a string.
   * @param listener - optional outcome listener
   */
  request_time_sync(listener: ActionListener | null = null): void {
    const dev = this.get_iot_device();
    if (!dev) return;
    const ev = new DeviceEvent({ service_id: '$time_sync', event_type: 'time_sync_request', event_time: get_event_time(), paras: { device_send_time: String(Date.now()) } });
    dev.get_client().report_event(ev, listener);
  }

  /**
   * Handles `time_sync_response`.
   * @param device_event - the event
   */
  override on_event(device_event: DeviceEvent): void {
    const l = this._listener;
    if (!(l instanceof TimeSyncListener)) {
      this._iot_device?.get_client()._get_logger().warn('time sync listener is not set');
      return;
    }
    if (device_event.event_type !== 'time_sync_response') return;
    const p = isDict(device_event.paras) ? device_event.paras : {};
    l.on_time_sync_response(toInt(p['device_send_time']), toInt(p['server_recv_time']), toInt(p['server_send_time']));
  }
}
