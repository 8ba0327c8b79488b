/**
 * Python `json.dumps` string literals.
 * @module
 */

const HEX = '0123456789abcdef';

function u4(code: number): string {
  return `\\u${HEX[(code >> 12) & 15]!}${HEX[(code >> 8) & 15]!}${HEX[(code >> 4) & 15]!}${HEX[code & 15]!}`;
}

/** Printable ASCII without `"` and `\`: quoted as it is in both modes. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Quotes a string the way Python's `json.dumps` does.
 *
 * Both modes escape `"` and `\` and write `\n`, `\r`, `\t`, `\b`, `\f` short; other control characters below
 * U+0020 become `\u00XX` (lower-case hex). With `ensureAscii` (Python's default) every character outside
 * U+0020..U+007E is escaped too, DEL (U+007F) included, and characters beyond the BMP become their UTF-16
 * surrogate pair (`\ud83d\ude00`). Without it they are written as they are.
 * @param s - the string
 * @param ensureAscii - Python's `ensure_ascii` (default `true`)
 * @returns the quoted JSON string
 */
export function pyQuote(s: string, ensureAscii = true): string {
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
    else if (c < 0x20 || (ensureAscii && c > 0x7e)) out += u4(c);
    else out += s[i];
  }
  return `${out}"`;
}
