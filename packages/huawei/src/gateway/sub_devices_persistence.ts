/**
 * {@link SubDevicesPersistence}.
 * @module
 */
import type { DeviceInfo } from './requests/device_info.js';
import type { SubDevicesInfo } from './requests/sub_devices_info.js';

/** Where a gateway keeps its children and the list version. */
export abstract class SubDevicesPersistence {
  /**
   * A child by node id.
   * @param node_id - node id
   * @returns the child or null
   */
  abstract get_sub_device(node_id: string): DeviceInfo | null;
  /**
   * Applies an add notification.
   * @param sub_devices_info - children and version
   * @returns 0 on success, -1 when rejected
   */
  abstract add_sub_devices(sub_devices_info: SubDevicesInfo): number;
  /**
   * Applies a delete notification.
   * @param sub_devices_info - children and version
   * @returns 0 on success, -1 when rejected
   */
  abstract delete_sub_devices(sub_devices_info: SubDevicesInfo): number;
  /** The stored list version. */
  abstract get_version(): number;
}
