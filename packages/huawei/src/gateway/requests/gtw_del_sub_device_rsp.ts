/**
 * {@link GtwDelSubDeviceRsp}.
 * @module
 */
import type { JsonDict } from '../../client/request/json_dict.js';
import type { DelSubDeviceFailedReason } from './del_sub_device_failed_reason.js';

/** Answer to `gtw_del_sub_device`. */
export class GtwDelSubDeviceRsp {
  /** Deleted device ids. */
  successful_devices: string[] = [];
  /** Failures. */
  failed_devices: DelSubDeviceFailedReason[] = [];
  /** `{"successful_devices", "failed_devices"}` as JSON. */
  to_dict(): JsonDict {
    return { successful_devices: [...this.successful_devices], failed_devices: this.failed_devices.map((d) => d.to_dict()) };
  }
}
