/**
 * {@link PropsGet}: a property read request.
 * @module
 */
import { assignKeys, type JsonDict } from './json_dict.js';

/** A platform request to read properties (`service_id` "" = all services). */
export class PropsGet {
  /** Target device id. */
  device_id = '';
  /** Service id. */
  service_id = '';
  /**
   * Reads `object_device_id`, `service_id`.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, [['object_device_id', 'device_id'], 'service_id']);
  }
}
