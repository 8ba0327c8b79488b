/**
 * {@link DefaultPublishActionListener}.
 * @module
 */
import { ActionListener } from '../../transport/action_listener.js';

/** Prints the outcome of a publish to stdout (as the Python class does). */
export class DefaultPublishActionListener extends ActionListener {
  /**
   * Prints the success message.
   * @param message - e.g. "publish message success, mid = 3"
   */
  on_success(message: string): void {
    console.log(message);
  }
  /**
   * Prints the failure message.
   * @param message - what failed
   * @param _e - the error (not printed, as in Python)
   */
  on_failure(message: string, _e: Error | null): void {
    console.log(message);
  }
}
