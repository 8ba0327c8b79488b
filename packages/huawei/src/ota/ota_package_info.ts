/**
 * {@link OTAPackageInfo}.
 * @module
 */
import { assignKeys, type JsonDict } from '../client/request/json_dict.js';

/** A v1 upgrade package (`firmware_upgrade` / `software_upgrade`): download with the access token. */
export class OTAPackageInfo {
  /** Download URL. */
  url = '';
  /** New version. */
  version = '';
  /** Bearer token for the download. */
  access_token = '';
  /** Task id. */
  task_id: string | null = null;
  /** Size in bytes. */
  file_size: number | null = null;
  /** File name. */
  file_name = '';
  /** Token lifetime in seconds. */
  expires: number | null = null;
  /** Lowercase hex SHA-256 of the package. */
  sign = '';
  /** Custom info. */
  custom_info: string | null = null;
  /** Number of child devices. */
  sub_device_count: number | null = null;
  /** Task extension info (string or object). */
  task_ext_info: unknown = null;

  /** `url, version, file_size, file_name, access_token, expires, sign` then the non-null optional keys. */
  to_dict(): JsonDict {
    const d: JsonDict = {
      url: this.url,
      version: this.version,
      file_size: this.file_size,
      file_name: this.file_name,
      access_token: this.access_token,
      expires: this.expires,
      sign: this.sign,
    };
    if (this.custom_info != null) d['custom_info'] = this.custom_info;
    if (this.task_id != null) d['task_id'] = this.task_id;
    if (this.sub_device_count != null) d['sub_device_count'] = this.sub_device_count;
    if (this.task_ext_info != null) d['task_ext_info'] = this.task_ext_info;
    return d;
  }

  /**
   * Reads all eleven keys.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['url', 'version', 'access_token', 'task_id', 'file_size', 'file_name', 'expires', 'sign', 'custom_info', 'sub_device_count', 'task_ext_info']);
  }
}
