/**
 * {@link DelSubDeviceFailedReason}.
 * @module
 */
import { assignKeys, type JsonDict } from '../../client/request/json_dict.js';

/** Why a child device could not be deleted. */
export class DelSubDeviceFailedReason {
  /** Device id. */
  device_id = '';
  /** Error code. */
  error_code = '';
  /** Error message. */
  error_msg = '';
  /** `{"device_id", "error_code", "error_msg"}`. */
  to_dict(): JsonDict {
    return { device_id: this.device_id, error_code: this.error_code, error_msg: this.error_msg };
  }
  /**
   * Reads the three keys.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['device_id', 'error_code', 'error_msg']);
  }
}
