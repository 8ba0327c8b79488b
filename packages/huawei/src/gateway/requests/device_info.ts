/**
 * {@link DeviceInfo} of the gateway (a child device record; not the rule one).
 * @module
 */
import { assignKeys, type JsonDict } from '../../client/request/json_dict.js';

const KEYS = ['parent_device_id', 'node_id', 'device_id', 'name', 'description', 'manufacturer_id', 'model', 'product_id', 'fw_version', 'sw_version', 'status'] as const;

/** A child device as the platform describes it. */
export class DeviceInfo {
  /** Gateway id. */
  parent_device_id: string | null = '';
  /** Node id. */
  node_id: string | null = '';
  /** Device id. */
  device_id: string | null = '';
  /** Name. */
  name: string | null = '';
  /** Description. */
  description: string | null = '';
  /** Manufacturer id. */
  manufacturer_id: string | null = '';
  /** Model. */
  model: string | null = '';
  /** Product id. */
  product_id: string | null = '';
  /** Firmware version. */
  fw_version: string | null = '';
  /** Software version. */
  sw_version: string | null = '';
  /** Status, e.g. ONLINE. */
  status: string | null = '';

  /**
   * @param init - field values (TypeScript convenience)
   */
  constructor(init: Partial<Record<(typeof KEYS)[number], string | null>> = {}) {
    Object.assign(this, init);
  }

  /** All eleven keys in order. */
  to_dict(): JsonDict {
    const d: JsonDict = {};
    for (const k of KEYS) d[k] = this[k];
    return d;
  }

  /**
   * Reads every key (Python skips `manufacturer_id` and `model`: quirk Q23 fixed).
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, [...KEYS]);
  }
}
