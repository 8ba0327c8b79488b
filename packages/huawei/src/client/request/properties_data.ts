/**
 * {@link PropertiesData}: one side of a shadow.
 * @module
 */
import { assignKeys, type JsonDict } from './json_dict.js';

/** Properties and their time (shadow `desired` / `reported`). */
export class PropertiesData {
  /** Properties. */
  properties: JsonDict = {};
  /** Event time. */
  event_time = '';
  /**
   * Reads `properties`, `event_time`.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['properties', 'event_time']);
  }
  /** `{"properties", "event_time"}` (TypeScript convenience). */
  to_dict(): JsonDict {
    return { properties: this.properties, event_time: this.event_time };
  }
}
