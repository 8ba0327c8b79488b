/**
 * {@link BufferMessage}: an offline-buffered publish and its listener.
 * @module
 */
import type { ActionListener } from './action_listener.js';
import type { RawMessage } from './raw_message.js';

/** A message held while offline, with the listener to notify once it is sent. */
export class BufferMessage {
  /** The message. */
  raw_message: RawMessage;
  /** Its listener. */
  listener: ActionListener | null;
  /**
   * @param raw_message - the message
   * @param listener - its listener
   */
  constructor(raw_message: RawMessage, listener: ActionListener | null = null) {
    this.raw_message = raw_message;
    this.listener = listener;
  }
}
