/**
 * {@link Action}.
 * @module
 */
import type { Command } from '../../client/request/command.js';

/** What a rule does when it fires: a command to a device. */
export class Action {
  /** Action type (not interpreted). */
  type = '';
  /** Status (not interpreted). */
  status = '';
  /** Target device id. */
  device_id = '';
  /** The command. */
  command: Command | null = null;
}
