/**
 * {@link PropertyListener}.
 * @module
 */
import type { ServiceProperty } from '../request/service_property.js';

/** Receives property set/get requests; must answer with `respond_properties_set` / `respond_properties_get`. */
export abstract class PropertyListener {
  /**
   * The platform writes properties.
   * @param request_id - request id
   * @param services - services and values
   */
  abstract on_property_set(request_id: string, services: ServiceProperty[]): void;
  /**
   * The platform reads properties.
   * @param request_id - request id
   * @param service_id - service id, "" for all services
   */
  abstract on_property_get(request_id: string, service_id: string): void;
}
