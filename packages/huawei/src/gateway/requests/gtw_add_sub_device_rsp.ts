/**
 * {@link GtwAddSubDeviceRsp}.
 * @module
 */
import type { JsonDict } from '../../client/request/json_dict.js';
import type { AddSubDeviceFailedReason } from './add_sub_device_failed_reason.js';
import type { AddedSubDeviceInfoRsp } from './added_sub_device_info_rsp.js';

/** Answer to `gtw_add_sub_device`. */
export class GtwAddSubDeviceRsp {
  /** Created children. */
  successful_devices: AddedSubDeviceInfoRsp[] = [];
  /** Failures. */
  add_sub_device_failed_reasons: AddSubDeviceFailedReason[] = [];
  /** `{"successful_devices", "failed_devices"}` as JSON dicts (Python returns objects: quirk Q25 fixed). */
  to_dict(): JsonDict {
    return { successful_devices: this.successful_devices.map((d) => d.to_dict()), failed_devices: this.add_sub_device_failed_reasons.map((d) => d.to_dict()) };
  }
}
