/**
 * {@link ActionHandler}.
 * @module
 */
import type { Action } from './actions.js';

/** A custom handler for fired rules (`DeviceClient.set_rule_action_handler`). */
export abstract class ActionHandler {
  /**
   * A rule fired.
   * @param action - all of its actions
   */
  abstract handle_rule_action(action: Action[]): void;
}
