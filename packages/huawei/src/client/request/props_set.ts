/**
 * {@link PropSet}: a property write request.
 * @module
 */
import type { ServiceProperty } from './service_property.js';

/** A platform request to write properties. */
export class PropSet {
  /** Target device id (filled from `object_device_id` in this port, quirk Q16 fixed). */
  device_id = '';
  /** The services and their new values. */
  services: ServiceProperty[] = [];
}
