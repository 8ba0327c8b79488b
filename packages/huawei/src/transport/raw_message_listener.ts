/**
 * {@link RawMessageListener}: receives raw MQTT messages (custom topics).
 * @module
 */
import type { RawMessage } from './raw_message.js';

/** Receives messages of a custom topic subscribed with `DeviceClient.subscribe_topic`. */
export abstract class RawMessageListener {
  /**
   * A message arrived.
   * @param message - topic, payload bytes and QoS
   */
  abstract on_message_received(message: RawMessage): void;
}
