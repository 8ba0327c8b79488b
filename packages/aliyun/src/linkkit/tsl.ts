/**
 * Thing model (TSL) handling: what `thing_setup(file)` extracts (event and service identifiers, as linkkit.py does)
 * and JSON Schemas of the property and event payloads, used to validate uplinks when a TSL is set up.
 * @module
 */

/** A TSL data type (`dataType`) as the console exports it. */
export interface TslDataType {
  /** `int`, `float`, `double`, `bool`, `enum`, `text`, `date`, `struct` or `array`. */
  type?: string;
  /** Type details: `min`/`max`, enum labels, `length`, struct members or array `item`/`size`. */
  specs?: unknown;
}

/** A TSL data item (`identifier`, `name`, `dataType`). */
export interface TslItem {
  /** Identifier used on the wire. */
  identifier?: string;
  /** Display name. */
  name?: string;
  /** Value type. */
  dataType?: TslDataType;
}

/** The parts of a TSL document the SDK reads (plus `properties` for validation). */
export interface TslDocument {
  /** Schema URL. */
  schema?: string;
  /** Product profile (`productKey`). */
  profile?: Record<string, unknown>;
  /** Properties (used for validation only; linkkit.py ignores them). */
  properties?: TslItem[];
  /** Events; `post` lists the reported properties in `outputData`. */
  events?: Array<TslItem & { type?: string; method?: string; outputData?: TslItem[] }>;
  /** Services; `set`/`get` are the property services. */
  services?: Array<TslItem & { callType?: string; method?: string; inputData?: unknown[]; outputData?: TslItem[] }>;
}

/** The sets `thing_setup` accumulates (they persist across calls, like the SDK's instance sets). */
export class TslIndex {
  /** Non-`post` event identifiers. */
  readonly events = new Set<string>();
  /** Service identifiers other than `set`/`get`. */
  readonly services = new Set<string>();
  /** Identifiers from the `post` event outputData (computed, unused by the SDK). */
  readonly propertiesPost = new Set<string>();
  /** Identifiers from the `set` service inputData (computed, unused by the SDK). */
  readonly propertiesSet = new Set<string>();
  /** Identifiers from the `get` service outputData (computed, unused by the SDK). */
  readonly propertiesGet = new Set<string>();

  /**
   * Reads a parsed TSL the way linkkit.py does: a missing `identifier`/`outputData`/`inputData` throws after the
   * entries before it were added (they stay, as in Python).
   * @throws Error on a malformed document
   */
  addDocument(tsl: unknown): void {
    // Python's `"events" in tsl` is false for a list or a string root (nothing registered) and raises otherwise.
    if (Array.isArray(tsl) || typeof tsl === 'string') return;
    if (!isRecord(tsl)) throw new TypeError('TSL root must be an object');
    const events = 'events' in tsl ? tsl['events'] : [];
    if (!Array.isArray(events)) throw new TypeError('TSL events must be a list');
    for (const ev of events) {
      const identifier = requireKey(ev, 'identifier');
      if (identifier === 'post') {
        for (const item of requireList(ev, 'outputData')) this.propertiesPost.add(String(requireKey(item, 'identifier')));
      } else {
        this.events.add(String(identifier));
      }
    }
    const services = 'services' in tsl ? tsl['services'] : [];
    if (!Array.isArray(services)) throw new TypeError('TSL services must be a list');
    for (const sv of services) {
      const identifier = requireKey(sv, 'identifier');
      if (identifier === 'set') {
        for (const item of requireList(sv, 'inputData')) this.propertiesSet.add(String(requireKey(item, 'identifier')));
      } else if (identifier === 'get') {
        for (const item of requireList(sv, 'outputData')) this.propertiesGet.add(String(requireKey(item, 'identifier')));
      } else {
        this.services.add(String(identifier));
      }
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requireKey(obj: unknown, key: string): unknown {
  if (!isRecord(obj) || !(key in obj)) throw new TypeError(`TSL entry without "${key}"`);
  return obj[key];
}

function requireList(obj: unknown, key: string): unknown[] {
  const v = requireKey(obj, key);
  if (!Array.isArray(v)) throw new TypeError(`TSL "${key}" must be a list`);
  return v;
}

/** A JSON Schema fragment (draft-07 subset used here). */
export type JsonSchema = Record<string, unknown>;

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/**
 * JSON Schema of one TSL `dataType` (int/float/double/bool/enum/text/date/struct/array; unknown types accept anything).
 * @returns the schema
 */
export function dataTypeSchema(dt: unknown): JsonSchema {
  if (!isRecord(dt)) return {};
  const specs = dt['specs'];
  const s = isRecord(specs) ? specs : {};
  const range = (base: JsonSchema): JsonSchema => {
    const min = num(s['min']);
    const max = num(s['max']);
    if (min !== undefined) base['minimum'] = min;
    if (max !== undefined) base['maximum'] = max;
    return base;
  };
  switch (dt['type']) {
    case 'int':
      return range({ type: 'integer' });
    case 'float':
    case 'double':
      return range({ type: 'number' });
    case 'bool':
    case 'enum': {
      const keys = Object.keys(s)
        .map((k) => num(k))
        .filter((k): k is number => k !== undefined);
      return keys.length > 0 ? { type: 'integer', enum: keys } : { type: 'integer' };
    }
    case 'text': {
      const len = num(s['length']);
      return len !== undefined ? { type: 'string', maxLength: len } : { type: 'string' };
    }
    case 'date':
      return { type: ['string', 'integer'] };
    case 'struct': {
      const members = Array.isArray(specs) ? specs : [];
      return objectSchema(members as TslItem[], false);
    }
    case 'array': {
      const size = num(s['size']);
      const out: JsonSchema = { type: 'array', items: dataTypeSchema(s['item']) };
      if (size !== undefined) out['maxItems'] = size;
      return out;
    }
    default:
      return {};
  }
}

function objectSchema(items: readonly TslItem[], allowTimed: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const item of items) {
    if (!isRecord(item) || typeof item.identifier !== 'string') continue;
    const value = dataTypeSchema(item.dataType);
    properties[item.identifier] = allowTimed
      ? {
          anyOf: [
            value,
            {
              type: 'object',
              required: ['value'],
              properties: { value, time: { type: 'integer' } },
              additionalProperties: false,
            },
          ],
        }
      : value;
  }
  return { type: 'object', properties, additionalProperties: false };
}

/**
 * Schema of `thing_post_property` params: every TSL property (and `post` event output item), each either a bare
 * value or Alink's `{value, time}` form; unknown identifiers are rejected.
 */
export function propertyPostSchema(tsl: TslDocument): JsonSchema {
  const items: TslItem[] = [...(tsl.properties ?? [])];
  for (const ev of tsl.events ?? []) {
    if (ev.identifier === 'post') for (const o of ev.outputData ?? []) if (!items.some((i) => i.identifier === o.identifier)) items.push(o);
  }
  return objectSchema(items, true);
}

/**
 * Schemas of the event params (`thing_trigger_event((event, params))`) by event identifier, from `outputData`.
 */
export function eventSchemas(tsl: TslDocument): Map<string, JsonSchema> {
  const out = new Map<string, JsonSchema>();
  for (const ev of tsl.events ?? []) {
    if (typeof ev.identifier !== 'string' || ev.identifier === 'post') continue;
    out.set(ev.identifier, objectSchema(ev.outputData ?? [], false));
  }
  return out;
}
