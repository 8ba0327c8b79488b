/**
 * Timestamps in the forms vendor signing schemes put into client ids, passwords and requests.
 * @packageDocumentation
 */

function checkDate(d: Date): number {
  const ms = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new RangeError('invalid date');
  }
  return ms;
}

/**
 * Whole seconds since the Unix epoch (truncated like Python's `int(time.time())`).
 * @param d - The instant; now when omitted.
 * @throws RangeError for an invalid Date.
 */
export function unixSeconds(d: Date = new Date()): number {
  return Math.floor(checkDate(d) / 1000);
}

/**
 * Milliseconds since the Unix epoch.
 * @param d - The instant; now when omitted.
 * @throws RangeError for an invalid Date.
 */
export function unixMillis(d: Date = new Date()): number {
  return checkDate(d);
}

/** Well-known patterns for {@link formatUtc}; any other pattern string made of the same tokens works too. */
export type UtcPattern = 'YYYYMMDDHH' | 'YYYYMMDDHHmmss' | 'YYYY-MM-DDTHH:mm:ssZ';

const TOKEN = /YYYY|MM|DD|HH|mm|ss|SSS|\[[^\]]*\]/g;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Formats the UTC fields of a date with a token pattern.
 *
 * Tokens (case-sensitive): `YYYY` year, `MM` month 01-12, `DD` day 01-31, `HH` hour 00-23,
 * `mm` minute, `ss` second, `SSS` millisecond. Text in square brackets is copied without the
 * brackets (`[at]`); every other character is copied as is, so `T` and `Z` in
 * `YYYY-MM-DDTHH:mm:ssZ` stay literal.
 *
 * @param d - The instant.
 * @param pattern - For example `YYYYMMDDHH` (Huawei IoTDA's password timestamp, `2024010203`).
 * @returns The formatted text.
 * @throws RangeError for an invalid Date.
 */
export function formatUtc(d: Date, pattern: UtcPattern | (string & Record<never, never>)): string {
  checkDate(d);
  return pattern.replace(TOKEN, (token) => {
    switch (token) {
      case 'YYYY':
        return pad(d.getUTCFullYear(), 4);
      case 'MM':
        return pad(d.getUTCMonth() + 1, 2);
      case 'DD':
        return pad(d.getUTCDate(), 2);
      case 'HH':
        return pad(d.getUTCHours(), 2);
      case 'mm':
        return pad(d.getUTCMinutes(), 2);
      case 'ss':
        return pad(d.getUTCSeconds(), 2);
      case 'SSS':
        return pad(d.getUTCMilliseconds(), 3);
      default:
        return token.slice(1, -1);
    }
  });
}
