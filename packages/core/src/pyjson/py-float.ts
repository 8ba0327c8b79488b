/**
 * A marker for numbers that Python holds as `float`.
 * @module
 */

/**
 * Wraps a number that the Python program holds as a `float`, so that {@link pyJsonDumps} prints it with Python's
 * float `repr`: integral values keep their `.0` (`32.0`), large ones use an exponent (`1e+16`), `-0.0` keeps its sign.
 * A plain JavaScript number that is integral is printed as a Python `int`.
 */
export class PyFloat {
  /**
   * @param value - the number
   */
  constructor(readonly value: number) {}

  /**
   * `JSON.stringify` support: the plain number.
   * @returns the wrapped number
   */
  toJSON(): number {
    return this.value;
  }

  /**
   * Python `repr(float)`.
   * @returns the text Python prints for this float
   */
  toString(): string {
    return pyFloatRepr(this.value);
  }
}

/**
 * Python `repr(float)` of a number: the shortest digits that round-trip, in fixed notation when the decimal exponent
 * is in [-4, 16) (always with a fractional part: `32.0`), otherwise in exponent notation with a sign and at least two
 * exponent digits (`1e+16`, `1e-05`). `NaN`, `Infinity` and `-Infinity` are written as `json.dumps` writes them.
 * @param n - the number
 * @returns the text Python prints
 */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-4 && abs < 1e16) {
    // fast path: here JavaScript also writes the shortest round-trip digits in fixed notation; only an integral
    // value needs the work below (it lacks Python's ".0")
    const text = String(n);
    if (text.includes('.')) return text;
  }
  const neg = n < 0;
  // toExponential() without an argument gives the shortest round-trip digits, like Python's repr.
  const [mantissa, expText] = Math.abs(n).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  let body: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    body = `${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  } else if (exp < 0) {
    body = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    body = `${digits.padEnd(exp + 1, '0')}.0`;
  } else {
    body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${body}` : body;
}

/**
 * Python text of a JavaScript number as `json.dumps` writes it: an integral number is a Python `int` (all digits,
 * `-0` is `0`), any other number a `float` ({@link pyFloatRepr}).
 * @param n - the number
 * @returns the Python text
 */
export function pyNumber(n: number): string {
  if (Number.isInteger(n)) {
    if (n === 0) return '0';
    return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  }
  return pyFloatRepr(n);
}
