/**
 * {@link DeviceBaseInfo}: firmware and software version.
 * @module
 */

/** Versions sent by `report_device_info`. */
export class DeviceBaseInfo {
  /** Firmware version. */
  fw_version = '';
  /** Software version. */
  sw_version = '';
  /**
   * @param init - field values (TypeScript convenience)
   */
  constructor(init: Partial<Pick<DeviceBaseInfo, 'fw_version' | 'sw_version'>> = {}) {
    Object.assign(this, init);
  }
}
