/**
 * {@link DeviceEvent}: one event of a service.
 * @module
 */
import { assignKeys, type JsonDict } from './json_dict.js';

/** One event (`events/up` / `events/down`). */
export class DeviceEvent {
  /** Service id, e.g. `$ota`. */
  service_id = '';
  /** Event type, e.g. `version_report`. */
  event_type = '';
  /** Event time. */
  event_time = '';
  /** Event id. */
  event_id = '';
  /** Parameters. */
  paras: JsonDict = {};

  /**
   * @param init - field values (TypeScript convenience)
   */
  constructor(init: Partial<Pick<DeviceEvent, 'service_id' | 'event_type' | 'event_time' | 'event_id' | 'paras'>> = {}) {
    Object.assign(this, init);
  }

  /** `{"service_id", "event_type", "event_time", "event_id", "paras"}`. */
  to_dict(): JsonDict {
    return { service_id: this.service_id, event_type: this.event_type, event_time: this.event_time, event_id: this.event_id, paras: this.paras };
  }

  /**
   * Reads the five keys.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['service_id', 'event_type', 'event_time', 'event_id', 'paras']);
  }
}
