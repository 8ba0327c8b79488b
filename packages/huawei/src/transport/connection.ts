/**
 * {@link Connection}: the transport interface of the SDK.
 * @module
 */
import type { ActionListener } from './action_listener.js';
import type { ConnectActionListener } from './connect_action_listener.js';
import type { ConnectListener } from './connect_listener.js';
import type { RawMessage } from './raw_message.js';

/** What DeviceClient needs from a transport. */
export abstract class Connection {
  /** Connects; resolves to 0 on success, -1 on an error, or the CONNACK return code. */
  abstract connect(): Promise<number>;
  /**
   * Publishes (or buffers while offline).
   * @param message - the message
   * @param listener - told about the outcome
   */
  abstract publish_message(message: RawMessage, listener?: ActionListener | null): void;
  /** Closes the connection for good (no reconnect). */
  abstract close(): Promise<void>;
  /** True while connected. */
  abstract is_connected(): boolean;
  /**
   * Adds a connection listener.
   * @param connect_listener - the listener
   */
  abstract add_connect_listener(connect_listener: ConnectListener): void;
  /**
   * Sets the connect action listener (single slot).
   * @param connect_action_listener - the listener
   */
  abstract set_connect_action_listener(connect_action_listener: ConnectActionListener): void;
  /**
   * Subscribes a topic.
   * @param topic - topic filter
   * @param qos - QoS
   */
  abstract subscribe_topic(topic: string, qos: number): void;
}
