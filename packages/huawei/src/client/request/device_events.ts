/**
 * {@link DeviceEvents}: the event envelope.
 * @module
 */
import { DeviceEvent } from './device_event.js';
import { assignKeys, isDict, type JsonDict } from './json_dict.js';

/** A device id and its events. */
export class DeviceEvents {
  /** Target device id (`object_device_id`). */
  device_id = '';
  /** The events. */
  services: DeviceEvent[] = [];

  /** `{"object_device_id", "services": [...]}`. */
  to_dict(): JsonDict {
    return { object_device_id: this.device_id, services: this.services.map((s) => s.to_dict()) };
  }

  /**
   * Reads `object_device_id` and appends every entry of `services`.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, [['object_device_id', 'device_id']]);
    const list = json_dict['services'];
    if (Array.isArray(list)) {
      for (const item of list) {
        const ev = new DeviceEvent();
        if (isDict(item)) ev.convert_from_dict(item);
        this.services.push(ev);
      }
    }
  }
}
