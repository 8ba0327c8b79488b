/**
 * {@link AddSubDeviceFailedReason}.
 * @module
 */
import { assignKeys, type JsonDict } from '../../client/request/json_dict.js';

/** Why a child device could not be added. */
export class AddSubDeviceFailedReason {
  /** Node id. */
  node_id = '';
  /** Product id. */
  product_id = '';
  /** Error code. */
  error_code = '';
  /** Error message. */
  error_msg = '';
  /** `{"node_id", "product_id", "error_code", "error_msg"}`. */
  to_dict(): JsonDict {
    return { node_id: this.node_id, product_id: this.product_id, error_code: this.error_code, error_msg: this.error_msg };
  }
  /**
   * Reads the four keys.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['node_id', 'product_id', 'error_code', 'error_msg']);
  }
}
