/**
 * {@link AddedSubDeviceInfoRsp}.
 * @module
 */
import { assignKeys, type JsonDict } from '../../client/request/json_dict.js';
import { DeviceInfo } from './device_info.js';

/** A child device the platform created (device info + extension info). */
export class AddedSubDeviceInfoRsp extends DeviceInfo {
  /** Extension info. */
  extension_info: unknown = '';

  /** DeviceInfo keys + `extension_info`. */
  override to_dict(): JsonDict {
    return { ...super.to_dict(), extension_info: this.extension_info };
  }

  /**
   * Reads the DeviceInfo keys and `extension_info`.
   * @param json_dict - parsed JSON
   */
  override convert_from_dict(json_dict: JsonDict): void {
    super.convert_from_dict(json_dict);
    assignKeys(this, json_dict, ['extension_info']);
  }
}
