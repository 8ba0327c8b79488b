/**
 * {@link ServiceProperty}: the properties of one service.
 * @module
 */
import { takeKwargs } from '../../utils/kwargs.js';
import { assignKeys, type JsonDict } from './json_dict.js';

/** Properties of one service (property report, set, get). */
export class ServiceProperty {
  /** Service id. */
  service_id: string;
  /** Property name → value. */
  properties: JsonDict | null;
  /** Event time (sent as null when unset). */
  event_time: string | null;

  /**
   * @param service_id - service id, or the keyword arguments `{ service_id, properties, event_time }`
   * @param properties - property values
   * @param event_time - event time
   */
  constructor(service_id: string | { service_id?: string; properties?: JsonDict | null; event_time?: string | null } = '', properties: JsonDict | null = null, event_time: string | null = null) {
    const kw = takeKwargs(service_id, ['service_id', 'properties', 'event_time'] as const);
    if (kw) {
      service_id = (kw.service_id as string | undefined) ?? '';
      properties = (kw.properties as JsonDict | null | undefined) ?? null;
      event_time = (kw.event_time as string | null | undefined) ?? null;
    }
    this.service_id = service_id as string;
    this.properties = properties;
    this.event_time = event_time;
  }

  /** `{"service_id", "properties", "event_time"}`. */
  to_dict(): JsonDict {
    return { service_id: this.service_id, properties: this.properties, event_time: this.event_time };
  }

  /**
   * Reads `service_id`, `properties`, `event_time`.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['service_id', 'properties', 'event_time']);
  }
}
