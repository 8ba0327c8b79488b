/**
 * {@link DefaultConnActionLogListener}.
 * @module
 */
import { ConnectActionListener } from '../../transport/connect_action_listener.js';
import type { DeviceLogService } from '../device_log_service.js';

/** Records failed connection attempts and reports the last one after the next success. */
export class DefaultConnActionLogListener extends ConnectActionListener {
  /**
   * @param device_log_service - the log service
   */
  constructor(private readonly device_log_service: DeviceLogService) {
    super();
  }
  /**
   * Reports the recorded failure (kept and re-sent after later successes, as in Python: quirk Q28).
   * @param _token - 0
   */
  on_success(_token: number): void {
    const s = this.device_log_service;
    const failed = s.connect_failed_dict;
    if (!failed) return;
    for (const [ts, text] of Object.entries(failed)) s.report_device_log(ts, 'DEVICE_STATUS', text);
  }
  /**
   * Records the failure.
   * @param _token - -1
   * @param err - the error
   */
  on_failure(_token: number, err: Error | null): void {
    this.device_log_service.connect_failed_dict = { [String(Date.now())]: `connect failed, the reason is ${err ? err.message : 'None'}` };
  }
}
