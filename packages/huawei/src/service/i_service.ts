/**
 * {@link IService}: what a thing-model service implements.
 * @module
 */
import type { IotResult } from '../client/iot_result.js';
import type { Command } from '../client/request/command.js';
import type { CommandRsp } from '../client/request/command_response.js';
import type { DeviceEvent } from '../client/request/device_event.js';
import type { JsonDict } from '../client/request/json_dict.js';

/** A device service: property read/write, commands and events. */
export abstract class IService {
  /**
   * Reads properties.
   * @param properties - names, empty for all
   * @returns name → value
   */
  abstract on_read(properties: string[]): JsonDict;
  /**
   * Writes properties.
   * @param properties - name → new value
   * @returns the result
   */
  abstract on_write(properties: JsonDict): IotResult;
  /**
   * Executes a command.
   * @param command - the command
   * @returns the answer
   */
  abstract on_command(command: Command): CommandRsp;
  /**
   * Handles an event.
   * @param device_event - the event
   */
  abstract on_event(device_event: DeviceEvent): void;
}
