/**
 * The SDK logger returned by `logInit` (the Python `Log` wrapper of logger `TecentQcloud`): disabled until
 * enabled, console output (stderr) with the vendor's record layout, optional size-rotated file, secrets redacted.
 * @module
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { inspect } from 'node:util';
import { redact } from '@iot/core';

/** Numeric levels (Python `logging`). */
export const LOG_LEVELS = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 } as const;

/** Where formatted records go besides the file (stderr by default). */
export type LogSink = (line: string) => void;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/**
 * Python `%`-style formatting of the common conversions (`%s %d %i %r %f %x %%`).
 * @param fmt - format string
 * @param args - values
 * @returns the text
 */
export function pyFormat(fmt: string, args: unknown[]): string {
  if (args.length === 0) return fmt;
  let i = 0;
  return fmt.replace(/%([-+ 0#]*\d*(?:\.\d+)?)([sdirfxX%])/g, (m, _flags: string, conv: string) => {
    if (conv === '%') return '%';
    if (i >= args.length) return m;
    const v = args[i++];
    switch (conv) {
      case 'd':
      case 'i':
        return String(Math.trunc(Number(v)));
      case 'f':
        return Number(v).toFixed(6);
      case 'x':
        return Math.trunc(Number(v)).toString(16);
      case 'X':
        return Math.trunc(Number(v)).toString(16).toUpperCase();
      case 'r':
        return typeof v === 'string' ? `'${v}'` : inspect(v, { depth: 4, breakLength: Infinity });
      default:
        return typeof v === 'string' ? v : inspect(v, { depth: 4, breakLength: Infinity });
    }
  });
}

/** The hub's logger object. */
export class Log {
  private enabled = false;
  private level: number = LOG_LEVELS.WARNING;
  private file: { path: string; maxBytes: number; backupCount: number } | undefined;

  /**
   * @param secrets - returns the secret strings to redact from every record
   * @param sink - console sink (stderr by default)
   */
  constructor(
    private readonly secrets: () => Iterable<string> = () => [],
    private readonly sink: LogSink = (line) => process.stderr.write(line + '\n'),
  ) {}

  /** @returns this logger (Python returns the underlying `logging.Logger`) */
  get_logger(): Log {
    return this;
  }
  /** Turns logging on. */
  enable_logger(): void {
    this.enabled = true;
  }
  /** Turns logging off (every call becomes a no-op). */
  disable_logger(): void {
    this.enabled = false;
  }
  /** @returns whether logging is on */
  is_enabled(): boolean {
    return this.enabled;
  }
  /** @param level - numeric level (10 debug … 50 critical) */
  set_level(level: number): void {
    this.level = level;
  }
  /**
   * Adds a size-rotated log file (Python `RotatingFileHandler`).
   * @param file_path - log file path (its directory is created)
   * @param max_bytes - rotate before a record would make the file reach this size
   * @param backup_count - number of rotated files kept (`path.1` … `path.N`)
   */
  create_file(file_path: string, max_bytes: number, backup_count: number): void {
    mkdirSync(dirname(file_path), { recursive: true });
    this.file = { path: file_path, maxBytes: max_bytes, backupCount: backup_count };
  }

  /** Debug record. @param fmt - `%` format @param args - values */
  debug(fmt: string, ...args: unknown[]): void {
    this.emit(LOG_LEVELS.DEBUG, 'DEBUG', fmt, args);
  }
  /** Info record. @param fmt - `%` format @param args - values */
  info(fmt: string, ...args: unknown[]): void {
    this.emit(LOG_LEVELS.INFO, 'INFO', fmt, args);
  }
  /** Warning record (name as in Python). @param fmt - `%` format @param args - values */
  warring(fmt: string, ...args: unknown[]): void {
    this.emit(LOG_LEVELS.WARNING, 'WARNING', fmt, args);
  }
  /** Error record. @param fmt - `%` format @param args - values */
  error(fmt: string, ...args: unknown[]): void {
    this.emit(LOG_LEVELS.ERROR, 'ERROR', fmt, args);
  }
  /** Critical record. @param fmt - `%` format @param args - values */
  critical(fmt: string, ...args: unknown[]): void {
    this.emit(LOG_LEVELS.CRITICAL, 'CRITICAL', fmt, args);
  }

  private emit(level: number, name: string, fmt: string, args: unknown[]): void {
    if (!this.enabled || level < this.level) return;
    let text: string;
    try {
      text = redact(pyFormat(fmt, args), this.secrets());
    } catch {
      text = fmt;
    }
    const d = new Date();
    const asctime = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`;
    const line = `${asctime}.${pad(d.getMilliseconds(), 3)} [hub] - ${name} - ${text}`;
    try {
      this.sink(line);
    } catch {
      // a broken sink must not break the SDK
    }
    if (this.file) this.writeFile(line + '\n');
  }

  private writeFile(record: string): void {
    const f = this.file!;
    try {
      if (f.maxBytes > 0 && existsSync(f.path) && statSync(f.path).size + Buffer.byteLength(record) >= f.maxBytes) {
        for (let i = f.backupCount - 1; i >= 1; i--) {
          const src = `${f.path}.${i}`;
          if (existsSync(src)) renameSync(src, `${f.path}.${i + 1}`);
        }
        if (f.backupCount > 0) renameSync(f.path, `${f.path}.1`);
        else unlinkSync(f.path);
      }
      appendFileSync(f.path, record);
    } catch {
      // logging must never throw into the SDK
    }
  }
}
