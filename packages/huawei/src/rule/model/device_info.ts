/**
 * {@link DeviceInfo} of the rule engine (not the gateway one).
 * @module
 */

/** The property a rule condition watches. */
export class DeviceInfo {
  /** Device id. */
  device_id = '';
  /** "serviceId/propertyName". */
  path = '';
}
