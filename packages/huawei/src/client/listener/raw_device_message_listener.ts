/**
 * {@link RawDeviceMessageListener}.
 * @module
 */
import type { RawDeviceMessage } from '../request/raw_device_message.js';

/** Receives every `messages/down` payload as bytes (system format or not). */
export abstract class RawDeviceMessageListener {
  /**
   * A message arrived.
   * @param message - the raw message
   */
  abstract on_raw_device_message(message: RawDeviceMessage): void;
}
