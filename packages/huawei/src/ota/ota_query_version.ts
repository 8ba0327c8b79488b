/**
 * {@link OTAQueryVersion}.
 * @module
 */
import { assignKeys, type JsonDict } from '../client/request/json_dict.js';

/** Parameters of a `version_query` event. */
export class OTAQueryVersion {
  /** Task id. */
  task_id: string | null = null;
  /** Task extension info. */
  task_ext_info: unknown = null;
  /** Number of child devices (gateway OTA). */
  sub_device_count: number | null = null;
  /** Only the non-null keys, in order `task_id`, `task_ext_info`, `sub_device_count`. */
  to_dict(): JsonDict {
    const d: JsonDict = {};
    if (this.task_id != null) d['task_id'] = this.task_id;
    if (this.task_ext_info != null) d['task_ext_info'] = this.task_ext_info;
    if (this.sub_device_count != null) d['sub_device_count'] = this.sub_device_count;
    return d;
  }
  /**
   * Reads the three keys.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['task_id', 'task_ext_info', 'sub_device_count']);
  }
}
