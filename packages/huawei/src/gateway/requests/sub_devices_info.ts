/**
 * {@link SubDevicesInfo}.
 * @module
 */
import type { DeviceInfo } from './device_info.js';

/** Children added or deleted by the platform, with the list version. */
export class SubDevicesInfo {
  /** The children. */
  devices: DeviceInfo[] = [];
  /** List version. */
  version = 0;
}
