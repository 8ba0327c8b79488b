/**
 * {@link CommandListener}.
 * @module
 */
import type { JsonDict } from '../request/json_dict.js';

/** Receives platform commands; must answer with `DeviceClient.respond_command`. */
export abstract class CommandListener {
  /**
   * A command arrived.
   * @param request_id - request id (reuse it in the response)
   * @param service_id - service id
   * @param command_name - command name
   * @param paras - parameters
   */
  abstract on_command(request_id: string, service_id: string, command_name: string, paras: JsonDict): void;
}
