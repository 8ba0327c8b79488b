/**
 * Python `str()` of a value, for the few places where the vendor SDK formats a value with `%s`
 * (the `httpDevice` payload): dicts as `{'a': 1}`, `True`/`False`/`None`.
 * @module
 */

function reprString(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += '\\' + q;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return out + q;
}

/**
 * Python `repr()` of a JSON-like value.
 * @param v - value
 * @returns the text
 */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return reprString(v);
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    return String(v);
  }
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  if (typeof v === 'object') {
    return '{' + Object.entries(v as Record<string, unknown>).map(([k, x]) => `${reprString(k)}: ${pyRepr(x)}`).join(', ') + '}';
  }
  return String(v);
}

/**
 * Python `str()`: strings as they are, everything else as `repr()`.
 * @param v - value
 * @returns the text
 */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}
