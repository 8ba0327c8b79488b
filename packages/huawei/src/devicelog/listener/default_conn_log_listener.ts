/**
 * {@link DefaultConnLogListener}.
 * @module
 */
import { ConnectListener } from '../../transport/connect_listener.js';
import type { DeviceLogService } from '../device_log_service.js';

/** Reports "connect complete" (and the last "connect lost") on every connection; records losses. */
export class DefaultConnLogListener extends ConnectListener {
  /**
   * @param device_log_service - the log service
   */
  constructor(private readonly device_log_service: DeviceLogService) {
    super();
  }
  /**
   * Records the loss time.
   * @param _cause - why
   */
  connection_lost(_cause: string): void {
    this.device_log_service.connect_lost_dict = { [String(Date.now())]: 'connect lost' };
  }
  /**
   * Reports the connection and the recorded loss (kept and re-sent on later connections, as in Python: quirk Q28 is wire-visible).
   * @param _reconnect - always false
   * @param server_uri - broker host
   */
  connect_complete(_reconnect: boolean, server_uri: string): void {
    const s = this.device_log_service;
    s.report_device_log(String(Date.now()), 'DEVICE_STATUS', `connect complete, the uri is ${server_uri}`);
    const lost = s.connect_lost_dict;
    if (lost) {
      for (const [ts, text] of Object.entries(lost)) s.report_device_log(ts, 'DEVICE_STATUS', text);
    }
  }
}
