/**
 * {@link DeviceProperty}.
 * @module
 */
import type { JsonDict } from '../../client/request/json_dict.js';
import type { ServiceProperty } from '../../client/request/service_property.js';

/** Properties of one child device (batch report). */
export class DeviceProperty {
  /** Child device id. */
  device_id: string;
  /** Its services. */
  services: ServiceProperty[];
  /**
   * @param device_id - child device id
   * @param services - its services
   */
  constructor(device_id = '', services: ServiceProperty[] = []) {
    this.device_id = device_id;
    this.services = services;
  }
  /** `{"device_id", "services": [...]}`. */
  to_dict(): JsonDict {
    return { device_id: this.device_id, services: this.services.map((s) => s.to_dict()) };
  }
}
