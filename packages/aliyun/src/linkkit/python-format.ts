/**
 * Python formatting that linkkit.py puts on the wire or hands to callbacks. `json.dumps(obj)` with default settings
 * (`", "` / `": "` separators, `ensure_ascii=True`, insertion key order) is @iot/core's `pyJsonDumps`, re-exported
 * here; this module adds `str(obj)` / `repr(obj)` of values decoded by `json.loads` (the OTA `extra` argument).
 *
 * Known limits of a JavaScript value model: JSON numbers are IEEE doubles, so an integral float (`1.0`) is printed
 * as the integer `1`, and integer-like object keys are enumerated first by JavaScript.
 * @module
 */
import { pyNumber, pyQuote } from '@iot/core';

export { pyJsonDumps } from '@iot/core';

/** A JSON-compatible value as decoded by `JSON.parse`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * `json.dumps` string literal with `ensure_ascii=True` (@iot/core's `pyQuote`).
 * @param s - the string
 * @returns the quoted JSON string, e.g. `"\u6e29"` for `温`
 */
export function pyJsonString(s: string): string {
  return pyQuote(s, true);
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
  if (typeof value === 'number') return pyNumber(value).replace(/^NaN$/, 'nan').replace(/Infinity$/, 'inf');
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
