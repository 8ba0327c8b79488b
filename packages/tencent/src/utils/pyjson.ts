/**
 * Python `json.dumps` with default options, byte for byte: `", "` / `": "` separators, `ensure_ascii`
 * (`\uXXXX` lower-case escapes), Python float `repr`, `NaN`/`Infinity` literals. Every MQTT payload the
 * Tencent hub SDK sends goes through this encoder.
 * @module
 */

/** A value `dumps` can encode (JSON-like; `bigint` is a Python int). */
export type PyJsonValue = unknown;

const HEX = '0123456789abcdef';

function hex4(code: number): string {
  return HEX[(code >> 12) & 15]! + HEX[(code >> 8) & 15]! + HEX[(code >> 4) & 15]! + HEX[code & 15]!;
}

/** Printable ASCII without `"` and `\\`: such strings are quoted as they are. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Quotes a string the way Python's `json.dumps` does with `ensure_ascii=True`.
 * @param s - the string
 * @returns the quoted JSON string
 */
export function pyQuote(s: string): string {
  if (PLAIN_ASCII.test(s)) return '"' + s + '"';
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
    else if (c < 0x20 || c > 0x7e) out += c === 0x7f ? s[i] : '\\u' + hex4(c);
    else out += s[i];
  }
  return out + '"';
}

/**
 * Formats a number like Python: integers in full, floats with `repr` (shortest round-trip digits,
 * exponent form below 1e-4 and from 1e16 on, written `1e+16`).
 * @param n - the number
 * @returns its Python text
 */
export function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  // a JS integer is a Python int: all digits (String() writes them up to 1e21)
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return Object.is(n, -0) ? '0' : String(n);
  // a float in [1e-4, 1e16): JS and Python both write the shortest round-trip digits in fixed notation
  const abs = Math.abs(n);
  if (abs >= 1e-4 && abs < 1e16) return String(n);
  // otherwise: shortest round-trip digits and decimal exponent, laid out like Python repr
  const [mant, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let body: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) body = '0.' + '0'.repeat(-exp - 1) + digits;
    else if (digits.length <= exp + 1) body = digits + '0'.repeat(exp + 1 - digits.length) + '.0';
    else body = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  } else {
    body = formatExp(digits, exp);
  }
  return (neg ? '-' : '') + body;
}

function formatExp(digits: string, exp: number): string {
  const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  const sign = exp < 0 ? '-' : '+';
  const e = Math.abs(exp);
  return `${m}e${sign}${e < 10 ? '0' + e : e}`;
}

/**
 * Encodes a value exactly like Python `json.dumps(value)` with default arguments.
 * `undefined` object members are skipped (and become `null` in arrays), like `JSON.stringify`.
 * @param value - a JSON-like value (objects, arrays, strings, numbers, booleans, null, bigint)
 * @returns the Python JSON text
 * @throws TypeError for values Python cannot serialise (`Buffer`/bytes, functions, symbols, Map, Set)
 *   and for circular structures
 */
export function dumps(value: PyJsonValue): string {
  return encode(value, 0);
}

/** Nesting depth treated as a circular structure (Python detects cycles; JSON-like data never nests this deep). */
const MAX_DEPTH = 1000;

function typeName(v: unknown): string {
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return 'bytes';
  if (typeof v === 'function') return 'function';
  if (typeof v === 'symbol') return 'symbol';
  if (v instanceof Map) return 'Map';
  if (v instanceof Set) return 'set';
  return typeof v;
}

function encode(v: unknown, depth: number): string {
  switch (typeof v) {
    case 'string':
      return pyQuote(v);
    case 'number':
      return pyNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      throw new TypeError(`Object of type ${typeName(v)} is not JSON serializable`);
  }
  if (v === null) return 'null';
  if (Buffer.isBuffer(v) || v instanceof Uint8Array || v instanceof Map || v instanceof Set) {
    throw new TypeError(`Object of type ${typeName(v)} is not JSON serializable`);
  }
  const withJson = v as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return encode(withJson.toJSON(), depth);
  if (depth >= MAX_DEPTH) throw new TypeError('Circular reference detected');
  let out: string;
  if (Array.isArray(v)) {
    out = '[';
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (i > 0) out += ', ';
      out += item === undefined || typeof item === 'function' ? 'null' : encode(item, depth + 1);
    }
    out += ']';
  } else {
    out = '{';
    let first = true;
    const obj = v as Record<string, unknown>;
    for (const k in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
      const item = obj[k];
      if (item === undefined) continue;
      out += (first ? '' : ', ') + pyQuote(k) + ': ' + encode(item, depth + 1);
      first = false;
    }
    out += '}';
  }
  return out;
}

/**
 * Parses an inbound payload like Python `json.loads` (also accepting the `NaN`, `Infinity` and `-Infinity` literals).
 * @param text - UTF-8 text
 * @returns the parsed value
 * @throws SyntaxError when the text is not JSON
 */
export function loads(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    if (!/NaN|Infinity/.test(text)) throw err;
    // Python accepts these literals; replace them outside strings by markers, then restore.
    const marked = replaceOutsideStrings(text);
    return JSON.parse(marked, (_k, val: unknown) => {
      if (val === '\u0000NaN') return NaN;
      if (val === '\u0000Infinity') return Infinity;
      if (val === '\u0000-Infinity') return -Infinity;
      return val;
    }) as unknown;
  }
}

function replaceOutsideStrings(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (text.startsWith('-Infinity', i)) {
      out += '"\\u0000-Infinity"';
      i += 9;
    } else if (text.startsWith('Infinity', i)) {
      out += '"\\u0000Infinity"';
      i += 8;
    } else if (text.startsWith('NaN', i)) {
      out += '"\\u0000NaN"';
      i += 3;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
