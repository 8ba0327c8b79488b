/**
 * {@link OTAPackageInfoV2}.
 * @module
 */
import { assignKeys, type JsonDict } from '../client/request/json_dict.js';

/** A v2 upgrade package (`*_upgrade_v2`): pre-signed URL, no token. */
export class OTAPackageInfoV2 {
  /** Download URL. */
  url = '';
  /** New version. */
  version = '';
  /** Size in bytes. */
  file_size: number | null = null;
  /** File name. */
  file_name: string | null = null;
  /** URL lifetime in seconds. */
  expires: number | null = null;
  /** Lowercase hex SHA-256 of the package. */
  sign: string | null = null;
  /** Custom info. */
  custom_info: string | null = null;
  /** Task id. */
  task_id: string | null = null;
  /** Number of child devices. */
  sub_device_count: number | null = null;
  /** Task extension info. */
  task_ext_info: unknown = null;

  /** `url, version, file_size, file_name, expires` then the non-null optional keys. */
  to_dict(): JsonDict {
    const d: JsonDict = { url: this.url, version: this.version, file_size: this.file_size, file_name: this.file_name, expires: this.expires };
    if (this.custom_info != null) d['custom_info'] = this.custom_info;
    if (this.sign != null) d['sign'] = this.sign;
    if (this.task_id != null) d['task_id'] = this.task_id;
    if (this.sub_device_count != null) d['sub_device_count'] = this.sub_device_count;
    if (this.task_ext_info != null) d['task_ext_info'] = this.task_ext_info;
    return d;
  }

  /**
   * Reads every key (Python reads only url, version, expires: quirk Q21 fixed).
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['url', 'version', 'file_size', 'file_name', 'expires', 'sign', 'custom_info', 'task_id', 'sub_device_count', 'task_ext_info']);
  }
}
