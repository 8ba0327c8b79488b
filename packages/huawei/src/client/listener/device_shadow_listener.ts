/**
 * {@link DeviceShadowListener}.
 * @module
 */
import type { ShadowData } from '../request/shadow_data.js';

/** Receives shadow query answers. */
export abstract class DeviceShadowListener {
  /**
   * The platform answered `get_device_shadow`.
   * @param request_id - the request id used in the query
   * @param object_device_id - device id
   * @param shadow - one entry per service
   */
  abstract on_shadow_get(request_id: string, object_device_id: string, shadow: ShadowData[]): void;
}
