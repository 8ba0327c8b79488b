/**
 * {@link Command}: a platform command.
 * @module
 */
import { assignKeys, type JsonDict } from './json_dict.js';

/** A command sent by the platform (`commands/request_id=...`). */
export class Command {
  /** Service id. */
  service_id = '';
  /** Command name. */
  command_name = '';
  /** Target device id (`object_device_id`). */
  device_id = '';
  /** Parameters. */
  paras: JsonDict = {};

  /**
   * @param init - field values (TypeScript convenience)
   */
  constructor(init: Partial<Pick<Command, 'service_id' | 'command_name' | 'device_id' | 'paras'>> = {}) {
    Object.assign(this, init);
  }

  /** `{"service_id", "command_name", "object_device_id", "paras"}`. */
  to_dict(): JsonDict {
    return { service_id: this.service_id, command_name: this.command_name, object_device_id: this.device_id, paras: this.paras };
  }

  /**
   * Reads `service_id`, `command_name`, `object_device_id`, `paras`.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['service_id', 'command_name', ['object_device_id', 'device_id'], 'paras']);
  }
}
