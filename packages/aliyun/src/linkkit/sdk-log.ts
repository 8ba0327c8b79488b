/**
 * The SDK's own log channel, like linkkit.py's `"linkkit"` logger wrapper: silent until `enable_logger(level)`,
 * level-filtered, secrets redacted.
 * @module
 */
import { consoleLogger, redactingLogger, type Logger } from '@iot/core';

/** Python `logging` level numbers, so ported code can write `lk.enable_logger(logging.DEBUG)`. */
export const logging = Object.freeze({
  NOTSET: 0,
  DEBUG: 10,
  INFO: 20,
  WARNING: 30,
  WARN: 30,
  ERROR: 40,
  CRITICAL: 50,
  FATAL: 50,
});

/** A log level: a Python `logging` number or a name (`"debug"`, `"INFO"`, ...). */
export type PyLogLevel = number | string;

/**
 * Converts a level to a Python number.
 * @returns the number (unknown names → DEBUG)
 */
export function toLevelNumber(level: PyLogLevel): number {
  if (typeof level === 'number') return level;
  const key = level.toUpperCase() as keyof typeof logging;
  return logging[key] ?? logging.DEBUG;
}

/** The SDK log facade. */
export class SdkLog {
  private enabled = false;
  private level: number = logging.NOTSET;
  private readonly out: Logger;

  /**
   * @param inner - destination (console when not given)
   * @param secrets - current secrets to redact
   */
  constructor(inner: Logger | undefined, secrets: () => Iterable<string>) {
    this.out = redactingLogger(inner ?? consoleLogger('debug'), secrets);
  }

  /** Turns logging on. */
  enable(): void {
    this.enabled = true;
  }

  /** Turns logging off (the level is kept). */
  disable(): void {
    this.enabled = false;
  }

  /** True when on. */
  get isEnabled(): boolean {
    return this.enabled;
  }

  /** Sets the level (Python `Logger.setLevel`). */
  setLevel(level: PyLogLevel): void {
    this.level = toLevelNumber(level);
  }

  private on(n: number): boolean {
    return this.enabled && n >= (this.level === logging.NOTSET ? logging.WARNING : this.level);
  }

  /** Debug record. */
  debug(msg: string): void {
    if (this.on(logging.DEBUG)) this.out.debug(msg);
  }

  /** Info record. */
  info(msg: string): void {
    if (this.on(logging.INFO)) this.out.info(msg);
  }

  /** Warning record. */
  warn(msg: string): void {
    if (this.on(logging.WARNING)) this.out.warn(msg);
  }

  /** Error record. */
  error(msg: string): void {
    if (this.on(logging.ERROR)) this.out.error(msg);
  }
}
