/**
 * {@link DeviceMessageListener}.
 * @module
 */
import type { DeviceMessage } from '../request/device_message.js';

/** Receives system-format messages addressed to this device. */
export abstract class DeviceMessageListener {
  /**
   * A message arrived.
   * @param message - the message
   */
  abstract on_device_message(message: DeviceMessage): void;
}
