/**
 * Byte-exact emulation of the two Python formatters whose output linkkit.py puts on the wire or hands to callbacks:
 * `json.dumps(obj)` with default settings (`", "` / `": "` separators, `ensure_ascii=True`, insertion key order)
 * and `str(obj)` / `repr(obj)` of values decoded by `json.loads` (the OTA `extra` argument).
 *
 * Known limits of a JavaScript value model: JSON numbers are IEEE doubles, so an integral float (`1.0`) is printed
 * as the integer `1`, and integer-like object keys are enumerated first by JavaScript.
 * @module
 */

/** A JSON-compatible value as decoded by `JSON.parse`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Python `float.__repr__` of a finite, non-integral number (shortest round-trip digits; scientific notation when the
 * decimal exponent is below -4 or at least 16, with a signed two-digit exponent).
 */
function pythonFloatRepr(x: number): string {
  const abs = Math.abs(x);
  // In this range JavaScript's shortest round-trip text has no exponent and equals Python's repr.
  if (abs >= 1e-4 && abs < 1e16) return String(x);
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  const sign = x < 0 ? '-' : '';
  const [mantissa = '0', expText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const frac = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${frac}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fracPart = digits.slice(exp + 1);
  return `${sign}${intPart}.${fracPart.length > 0 ? fracPart : '0'}`;
}

/** Python's text of a JSON number: `int` digits for integral values, `float` repr otherwise. */
function pythonNumber(x: number): string {
  if (Number.isInteger(x)) {
    if (Object.is(x, -0)) return '0';
    return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
  }
  return pythonFloatRepr(x);
}

/** Printable ASCII without `"` and `\`: such strings need no escaping. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** `json.dumps` string literal with `ensure_ascii=True`. */
export function pyJsonString(s: string): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return `${out}"`;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Python `json.dumps(value)` with default arguments. Objects keep insertion order; `undefined` members are left
 * out (arrays: `null`), a `toJSON()` method is honoured, bigint prints as a Python int.
 * @param value - any JSON-serialisable value
 * @returns the exact text Python would produce
 * @throws TypeError for circular structures or values JSON cannot represent (functions, symbols)
 */
export function pyJsonDumps(value: unknown): string {
  const out = encodeJson(value, 0);
  if (out === undefined) throw new TypeError('Object of type undefined is not JSON serializable');
  return out;
}

/** Nesting deeper than this is treated as a circular structure (Python raises "Circular reference detected"). */
const MAX_DEPTH = 1000;

function encodeJson(v: unknown, depth: number): string | undefined {
  switch (typeof v) {
    case 'string':
      return pyJsonString(v);
    case 'number':
      return pythonNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'bigint':
      return v.toString();
    case 'object': {
      if (v === null) return 'null';
      if (depth > MAX_DEPTH) throw new TypeError('Circular reference detected');
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return encodeJson((toJSON as () => unknown).call(v), depth + 1);
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) s += (i > 0 ? ', ' : '') + (encodeJson(v[i], depth + 1) ?? 'null');
        return s + ']';
      }
      let s = '{';
      let first = true;
      const add = (k: string, item: unknown): void => {
        const e = encodeJson(item, depth + 1);
        if (e === undefined) return;
        s += (first ? '' : ', ') + pyJsonString(k) + ': ' + e;
        first = false;
      };
      if (v instanceof Map) for (const [k, item] of v) add(String(k), item);
      else for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) add(k, (v as Record<string, unknown>)[k]);
      return s + '}';
    }
    default:
      throw new TypeError(`Object of type ${typeof v} is not JSON serializable`);
  }
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python `repr(str)`. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp === 0x20) out += ' ';
    else if (cp < 0x20 || cp === 0x7f || NON_PRINTABLE.test(ch)) {
      if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/**
 * Python `repr(value)` of a value as `json.loads` returns it (dict, list, str, int, float, bool, None).
 * @param value - a JSON-decoded value
 * @returns Python's text, e.g. `{'k': 'v', 'ok': True, 'n': None}`
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value).replace(/^NaN$/, 'nan').replace(/Infinity$/, 'inf');
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return pyStrRepr(value);
  if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v)).join(', ')}]`;
  if (isPlainRecord(value)) {
    return `{${Object.keys(value)
      .map((k) => `${pyStrRepr(k)}: ${pyRepr(value[k])}`)
      .join(', ')}}`;
  }
  return pyStrRepr(String(value));
}

/**
 * Python `str(value)`: a string is itself, anything else is its {@link pyRepr}.
 * @param value - a JSON-decoded value
 * @returns Python's text
 */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}
