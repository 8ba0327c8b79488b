/**
 * {@link DeviceStatus}.
 * @module
 */
import { assignKeys, type JsonDict } from '../../client/request/json_dict.js';

/** Online status of a child device. */
export class DeviceStatus {
  /** Child device id. */
  device_id: string;
  /** "ONLINE" / "OFFLINE". */
  status: string;
  /**
   * @param device_id - child device id
   * @param status - status
   */
  constructor(device_id = '', status = '') {
    this.device_id = device_id;
    this.status = status;
  }
  /** `{"device_id", "status"}`. */
  to_dict(): JsonDict {
    return { device_id: this.device_id, status: this.status };
  }
  /**
   * Reads `device_id`, `status`.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['device_id', 'status']);
  }
}
