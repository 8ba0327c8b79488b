/**
 * {@link ShadowData}: the shadow of one service.
 * @module
 */
import { isDict, type JsonDict } from './json_dict.js';
import { PropertiesData } from './properties_data.js';

/** Desired and reported properties of one service. */
export class ShadowData {
  /** Service id. */
  service_id = '';
  /** Desired side. */
  desired: PropertiesData | null = null;
  /** Reported side. */
  reported: PropertiesData | null = null;
  /** Shadow version. */
  version: number | null = null;
  /**
   * Reads `service_id`, `desired`, `reported`, `version`.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    if ('service_id' in json_dict) this.service_id = json_dict['service_id'] as string;
    if (isDict(json_dict['desired'])) {
      this.desired = new PropertiesData();
      this.desired.convert_from_dict(json_dict['desired']);
    }
    if (isDict(json_dict['reported'])) {
      this.reported = new PropertiesData();
      this.reported.convert_from_dict(json_dict['reported']);
    }
    if ('version' in json_dict) this.version = json_dict['version'] as number;
  }
}
