/**
 * Python `json.dumps` with its default settings (`", "` / `": "` separators, `ensure_ascii=True`, insertion key
 * order), so the payloads this package publishes are byte-identical to the Python SDK's.
 * @module
 */

/** A JSON-like value as the Python SDK builds it (`None` = `null`). */
export type PyJsonValue = string | number | boolean | null | undefined | PyJsonValue[] | { [key: string]: PyJsonValue } | PyFloat;

/** Wraps a number that Python holds as a `float`, so integral values print as `32.0` like Python does. */
export class PyFloat {
  /**
   * @param value - the number
   */
  constructor(readonly value: number) {}
  /** JSON.stringify support: the plain number. */
  toJSON(): number {
    return this.value;
  }
}

/**
 * Python `repr(float)` of a number (shortest round-trip digits, exponent when it is < -4 or >= 16).
 * @param n - the number
 * @returns the text Python prints
 */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mant, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = mant.includes('.') ? mant : mant;
    const sign = exp < 0 ? '-' : '+';
    const abs = Math.abs(exp);
    return `${m}e${sign}${abs < 10 ? '0' : ''}${abs}`;
  }
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let text: string;
  if (exp >= 0) {
    const intLen = exp + 1;
    text = digits.length <= intLen ? `${digits.padEnd(intLen, '0')}.0` : `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  } else {
    text = `0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return neg ? `-${text}` : text;
}

function pyNumber(n: number): string {
  if (Number.isInteger(n) && !Object.is(n, -0)) return Math.abs(n) < 1e16 ? String(n) : BigInt(n).toString();
  return pyFloatRepr(n);
}

/**
 * Python `json.dumps(s)` of a string: escapes quotes, backslashes, control and non-ASCII characters as `\uXXXX`.
 * @param s - the string
 * @returns the quoted JSON string
 */
export function pyQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) {
      if (c === 0x22) out += '\\"';
      else if (c === 0x5c) out += '\\\\';
      else out += s[i];
      continue;
    }
    switch (c) {
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      default:
        out += `\\u${c.toString(16).padStart(4, '0')}`;
    }
  }
  return `${out}"`;
}

/**
 * Serialises like Python's `json.dumps(value)` with default arguments.
 * Objects keep insertion order; `undefined` object members are left out (like JSON.stringify), `undefined` array
 * items become `null`. Objects with a `to_dict()` method are serialised through it.
 * @param value - what to serialise
 * @returns the JSON text
 * @throws TypeError for values JSON cannot hold (functions, symbols, bigint) and for cycles
 */
export function dumps(value: unknown): string {
  return write(value, new Set());
}

function write(v: unknown, seen: Set<object>): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return pyQuote(v);
    case 'number':
      return pyNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new TypeError(`Object of type ${typeof v} is not JSON serializable`);
  }
  const obj = v as object;
  if (obj instanceof PyFloat) return pyFloatRepr(obj.value);
  if (seen.has(obj)) throw new TypeError('Circular reference detected');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((x) => write(x, seen)).join(', ')}]`;
    if (Buffer.isBuffer(obj)) throw new TypeError('Object of type bytes is not JSON serializable');
    const toDict = (obj as { to_dict?: unknown }).to_dict;
    if (typeof toDict === 'function') return write((toDict as () => unknown).call(obj), seen);
    const parts: string[] = [];
    for (const [k, x] of Object.entries(obj)) {
      if (x === undefined) continue;
      parts.push(`${pyQuote(k)}: ${write(x, seen)}`);
    }
    return `{${parts.join(', ')}}`;
  } finally {
    seen.delete(obj);
  }
}
