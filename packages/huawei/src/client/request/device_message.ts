/**
 * {@link DeviceMessage}: a system-format device message.
 * @module
 */
import { assignKeys, type JsonDict } from './json_dict.js';

/** A message in the platform's system format (`messages/up` / `messages/down`). */
export class DeviceMessage {
  /** Target device id (`object_device_id` on the wire); "" = this device. */
  device_id: string | null = '';
  /** Message id. */
  id: string | null = '';
  /** Message name. */
  name: string | null = '';
  /** Content. */
  content: string | null = '';

  /**
   * @param init - field values (TypeScript convenience; Python sets the properties afterwards)
   */
  constructor(init: Partial<Pick<DeviceMessage, 'device_id' | 'id' | 'name' | 'content'>> = {}) {
    Object.assign(this, init);
  }

  /** `{"object_device_id", "id", "name", "content"}`, always all four. */
  to_dict(): JsonDict {
    return { object_device_id: this.device_id, id: this.id, name: this.name, content: this.content };
  }

  /**
   * Reads `object_device_id`, `id`, `name`, `content`.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, [['object_device_id', 'device_id'], 'id', 'name', 'content']);
  }
}
