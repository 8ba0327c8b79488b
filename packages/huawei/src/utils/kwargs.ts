/**
 * Python keyword arguments in TypeScript: a trailing options object with the same snake_case keys.
 * @module
 */

/**
 * Returns `arg` as keyword arguments when it is a plain object whose keys are all among `names` (and not empty);
 * otherwise undefined (then `arg` is the first optional positional argument).
 * @param arg - the first optional argument as passed
 * @param names - the keyword names the method accepts
 * @returns the keyword object or undefined
 */
export function takeKwargs<K extends string>(arg: unknown, names: readonly K[]): Partial<Record<K, unknown>> | undefined {
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) return undefined;
  if (Object.getPrototypeOf(arg) !== Object.prototype) return undefined;
  const keys = Object.keys(arg);
  if (keys.length === 0 || !keys.every((k) => (names as readonly string[]).includes(k))) return undefined;
  return arg as Partial<Record<K, unknown>>;
}
