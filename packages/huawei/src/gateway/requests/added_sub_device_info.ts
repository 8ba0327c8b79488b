/**
 * {@link AddedSubDeviceInfo}.
 * @module
 */
import { assignKeys, type JsonDict } from '../../client/request/json_dict.js';

const KEYS = ['parent_device_id', 'node_id', 'device_id', 'name', 'description', 'product_id', 'extension_info'] as const;

/** A child device the gateway asks the platform to create. */
export class AddedSubDeviceInfo {
  /** Gateway id. */
  parent_device_id: string | null = '';
  /** Node id. */
  node_id: string | null = '';
  /** Device id (optional). */
  device_id: string | null = '';
  /** Name. */
  name: string | null = '';
  /** Description. */
  description: string | null = '';
  /** Product id. */
  product_id: string | null = '';
  /** Extension info. */
  extension_info: unknown = '';

  /**
   * @param init - field values (TypeScript convenience)
   */
  constructor(init: Partial<Pick<AddedSubDeviceInfo, (typeof KEYS)[number]>> = {}) {
    Object.assign(this, init);
  }

  /** The seven keys in order. */
  to_dict(): JsonDict {
    const d: JsonDict = {};
    for (const k of KEYS) d[k] = this[k];
    return d;
  }

  /**
   * Reads the seven keys.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, [...KEYS]);
  }
}
