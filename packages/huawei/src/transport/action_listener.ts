/**
 * {@link ActionListener}: result of a publish.
 * @module
 */

/** Receives the outcome of one publish. */
export abstract class ActionListener {
  /**
   * The message was sent (QoS 0) or acknowledged (QoS 1).
   * @param message - e.g. "publish message success, mid = 3"
   */
  abstract on_success(message: string): void;
  /**
   * The message could not be sent.
   * @param message - what failed
   * @param e - the error, if any
   */
  abstract on_failure(message: string, e: Error | null): void;
}
