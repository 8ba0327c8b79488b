/**
 * {@link SubDevDiscoveryListener}.
 * @module
 */
import type { ScanSubDeviceNotify } from './requests/scan_sub_device_notify.js';

/** Scan listener (stored by the gateway, never called, as in Python). */
export abstract class SubDevDiscoveryListener {
  /**
   * A scan request.
   * @param scan_sub_device_notify - request
   * @returns a result code
   */
  abstract on_scan(scan_sub_device_notify: ScanSubDeviceNotify): number;
}
