/**
 * Python `json.dumps`, byte for byte.
 * @module
 */
import { PyFloat, pyFloatRepr, pyNumber } from './py-float.js';
import { pyQuote } from './quote.js';

/**
 * The options of Python's `json.dumps` that device SDKs use, with Python's names and defaults.
 */
export interface PyJsonDumpsOptions {
  /** Escape every non-ASCII character as `\uXXXX` (Python default `true`). */
  ensure_ascii?: boolean;
  /** `[item separator, key separator]` (Python default `[', ', ': ']`; compact form `[',', ':']`). */
  separators?: readonly [string, string];
  /** Sort object keys (Python default `false`: insertion order). Keys are compared by code point like Python's `str`. */
  sort_keys?: boolean;
  /** Write `NaN`, `Infinity`, `-Infinity` (Python default `true`); `false` throws a `RangeError` for them instead. */
  allow_nan?: boolean;
  /**
   * Python's `default=`: called for a value that is not plain JSON data (a class instance without `toJSON`,
   * bytes, a `Set`, a function, a symbol); its result is encoded in its place (returning the value itself means
   * "not handled" and throws the `TypeError`). Without it, class instances are
   * encoded by their own enumerable properties (like `JSON.stringify`) and the rest throws a `TypeError`.
   */
  default?: (value: unknown) => unknown;
}

/**
 * What {@link pyJsonDumps} encodes: JSON data as a Python program builds it. `null` and `undefined` are `None`
 * (`undefined` object members are left out, like `JSON.stringify`); an integral `number` or a `bigint` is an `int`,
 * a {@link PyFloat} a `float`; a `Map` is a `dict` whose key order is kept exactly (a plain object lists
 * integer-like keys first, Python does not) and whose keys may be strings, numbers, bigints, booleans or `null`.
 */
export type PyJsonValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | PyFloat
  | readonly PyJsonValue[]
  | ReadonlyMap<PyJsonKey, PyJsonValue>
  | { readonly [key: string]: PyJsonValue };

/** A `dict` key Python's `json.dumps` accepts (`str`, `int`, `float`, `bool`, `None`). */
export type PyJsonKey = string | number | bigint | boolean | null | PyFloat;

/**
 * Builds a `Map` (a Python `dict` with exact key order) from `[key, value]` pairs, for payloads whose keys look
 * like integers (`{"10": .., "2": ..}`), which a plain JavaScript object would reorder.
 * @param entries - the pairs in the order Python inserted them
 * @returns a Map for {@link pyJsonDumps}
 */
export function pyDict(entries: Iterable<readonly [PyJsonKey, PyJsonValue]>): Map<PyJsonKey, PyJsonValue> {
  return new Map(entries);
}

interface Settings {
  ascii: boolean;
  itemSep: string;
  keySep: string;
  sort: boolean;
  allowNan: boolean;
  fallback: ((value: unknown) => unknown) | undefined;
  /** Containers being encoded, outermost first (a stack: a cycle is a container already on it). */
  seen: object[];
}

/**
 * Serialises a value exactly like Python's `json.dumps(value, ...)`: same separators, escapes, number texts
 * (`int` digits, float `repr` via {@link PyFloat}, `NaN`/`Infinity`), key order and errors.
 * @param value - the value ({@link PyJsonValue}); objects with a `toJSON()` method are encoded through it
 * @param opts - Python's keyword arguments
 * @returns the JSON text Python would produce
 * @throws TypeError `Circular reference detected` for a cycle (Python's `ValueError`), `Object of type X is not
 *   JSON serializable` for a value JSON cannot hold, `keys must be str, int, float, bool or None, not X` for a bad
 *   Map key, `'<' not supported between ...` when `sort_keys` meets keys of types Python cannot compare
 * @throws RangeError `Out of range float values are not JSON compliant` for NaN/Infinity with `allow_nan: false`
 */
export function pyJsonDumps(value: unknown, opts: PyJsonDumpsOptions = {}): string {
  const [itemSep, keySep] = opts.separators ?? [', ', ': '];
  return encode(value, {
    ascii: opts.ensure_ascii ?? true,
    itemSep,
    keySep,
    sort: opts.sort_keys ?? false,
    allowNan: opts.allow_nan ?? true,
    fallback: opts.default,
    seen: [],
  });
}

function floatText(n: number, s: Settings, integralIsInt: boolean): string {
  if (!Number.isFinite(n) && !s.allowNan) throw new RangeError('Out of range float values are not JSON compliant');
  return integralIsInt ? pyNumber(n) : pyFloatRepr(n);
}

/** Python's type name of a value, for error messages. */
function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof Set) return 'set';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Map) return 'dict';
  if (typeof v === 'object') return (v as { constructor?: { name?: string } }).constructor?.name ?? 'object';
  return typeof v;
}

function notSerializable(v: unknown): TypeError {
  return new TypeError(`Object of type ${pyTypeName(v)} is not JSON serializable`);
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function encode(v: unknown, s: Settings): string {
  switch (typeof v) {
    case 'string':
      return pyQuote(v, s.ascii);
    case 'number':
      return floatText(v, s, true);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'undefined':
      return 'null';
    case 'object':
      if (v === null) return 'null';
      break;
    default:
      return encodeFallback(v, s);
  }
  // plain objects and arrays first: they are nearly every value a device program encodes
  const proto: unknown = Object.getPrototypeOf(v);
  if ((proto === Object.prototype || proto === Array.prototype) && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
    if (s.seen.includes(v)) throw new TypeError('Circular reference detected');
    return proto === Array.prototype ? encodeArrayValue(v as unknown[], s) : encodeObject(v as Record<string, unknown>, s);
  }
  if (v instanceof PyFloat) return floatText(v.value, s, false);
  if (v instanceof Uint8Array || v instanceof Set) return encodeFallback(v, s);
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return encode((toJSON as () => unknown).call(v), s);
  if (s.seen.includes(v)) throw new TypeError('Circular reference detected');
  if (Array.isArray(v)) return encodeArrayValue(v as unknown[], s);
  if (v instanceof Map) return guarded(v, s, () => encodeDict([...(v as Map<unknown, unknown>)], s));
  if (!isPlainObject(v) && s.fallback) return encodeFallback(v, s);
  return encodeObject(v as Record<string, unknown>, s);
}

function encodeArrayValue(v: unknown[], s: Settings): string {
  s.seen.push(v);
  try {
    return encodeList(v, s);
  } finally {
    s.seen.pop();
  }
}

/** A dict from an object's own enumerable properties (`undefined` members left out). */
function encodeObject(obj: Record<string, unknown>, s: Settings): string {
  const v = obj;
  if (s.sort) {
    const entries: [string, unknown][] = [];
    for (const k in obj) {
      if (Object.prototype.hasOwnProperty.call(obj, k) && obj[k] !== undefined) entries.push([k, obj[k]]);
    }
    return guarded(v, s, () => encodeDict(entries, s));
  }
  // the common case (insertion order): written straight from the object, no entry list, no closure
  s.seen.push(v);
  try {
    let out = '{';
    let first = true;
    for (const k in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
      const item = obj[k];
      if (item === undefined) continue;
      out += `${first ? '' : s.itemSep}${pyQuote(k, s.ascii)}${s.keySep}${encode(item, s)}`;
      first = false;
    }
    return `${out}}`;
  } finally {
    s.seen.pop();
  }
}

function guarded(v: object, s: Settings, body: () => string): string {
  s.seen.push(v);
  try {
    return body();
  } finally {
    s.seen.pop();
  }
}

function encodeFallback(v: unknown, s: Settings): string {
  if (!s.fallback) throw notSerializable(v);
  const replaced = s.fallback(v);
  // returning the value itself means "not handled": Python's own default then raises
  if (Object.is(replaced, v)) throw notSerializable(v);
  if (typeof v !== 'object' || v === null) return encode(replaced, s);
  if (s.seen.includes(v)) throw new TypeError('Circular reference detected');
  return guarded(v, s, () => encode(replaced, s));
}

function encodeList(list: unknown[], s: Settings): string {
  if (list.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out += s.itemSep;
    out += encode(list[i], s);
  }
  return `${out}]`;
}

function encodeKey(k: unknown, s: Settings): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'number') return floatText(k, s, true);
  if (k instanceof PyFloat) return floatText(k.value, s, false);
  if (typeof k === 'bigint') return k.toString();
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (k === null || k === undefined) return 'null';
  throw new TypeError(`keys must be str, int, float, bool or None, not ${pyTypeName(k)}`);
}

/** Python's ordering class of a key: numbers (int, float, bool) compare with each other, strings with strings. */
function keyClass(k: unknown): 'num' | 'str' | 'none' | 'other' {
  if (typeof k === 'string') return 'str';
  if (typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean' || k instanceof PyFloat) return 'num';
  if (k === null || k === undefined) return 'none';
  return 'other';
}

function numericKey(k: unknown): number {
  if (k instanceof PyFloat) return k.value;
  return Number(k);
}

function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

function sortEntries(entries: [unknown, unknown][]): void {
  entries.sort(([a], [b]) => {
    const ca = keyClass(a);
    const cb = keyClass(b);
    if (ca === 'str' && cb === 'str') return compareCodePoints(a as string, b as string);
    if (ca === 'num' && cb === 'num') {
      if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
      return numericKey(a) - numericKey(b);
    }
    throw new TypeError(`'<' not supported between instances of '${pyTypeName(b)}' and '${pyTypeName(a)}'`);
  });
}

function encodeDict(entries: [unknown, unknown][], s: Settings): string {
  if (s.sort && entries.length > 1) sortEntries(entries);
  let out = '{';
  let first = true;
  for (const [k, item] of entries) {
    const key = encodeKey(k, s);
    out += `${first ? '' : s.itemSep}${pyQuote(key, s.ascii)}${s.keySep}${encode(item, s)}`;
    first = false;
  }
  return `${out}}`;
}
