/**
 * Logging for the @iot SDKs: a minimal {@link Logger} interface that console and pino both satisfy,
 * a silent default, a console logger with a level filter, and redaction of secrets.
 * @module
 */

/** Severity threshold of a logger; `silent` drops everything. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * What every @iot component logs through. `console` and pino loggers fit as they are
 * (pino's `(obj | msg, ...args)` form is accepted because the extra arguments are `unknown[]`).
 */
export interface Logger {
  /** Detailed diagnostics (packets, state changes). */
  debug(msg: string, ...meta: unknown[]): void;
  /** Normal lifecycle events (connected, reconnecting). */
  info(msg: string, ...meta: unknown[]): void;
  /** Something unexpected that the SDK recovered from. */
  warn(msg: string, ...meta: unknown[]): void;
  /** A failure the user probably wants to know about. */
  error(msg: string, ...meta: unknown[]): void;
}

const noop = (): void => undefined;

/** A logger that discards everything: the default of every @iot component. */
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * A logger writing to the global `console`, dropping messages below `level`.
 * @param level - lowest level that is written, `info` by default
 * @returns the logger
 */
export function consoleLogger(level: LogLevel = 'info'): Logger {
  const min = LEVEL_RANK[level];
  const make =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (msg: string, ...meta: unknown[]): void => {
      if (LEVEL_RANK[lvl] < min) return;
      console[lvl](`[iot] ${lvl.toUpperCase()} ${msg}`, ...meta);
    };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') };
}

/** Placeholder that replaces every redacted value. */
export const REDACTED = '***';

/**
 * Key names whose values are secret: anything ending in password/passwd/secret/sign/signature/token/authorization
 * (`password`, `deviceSecret`, `device_secret`, `sign`, `x-signature`, `access_token`), case-insensitive.
 * A key continuing with more letters (`signmethod`, `tokenType`) is not secret.
 */
const SECRET_KEY_SOURCE = String.raw`[A-Za-z0-9_.\-]*?(?:password|passwd|pwd|secret|signature|sign|token|authorization)(?![A-Za-z0-9])`;
const SECRET_KEY = new RegExp(`^${SECRET_KEY_SOURCE}$`, 'i');

/** `"key": "value"` (JSON string value, escapes allowed) or `"key": 123` / `true` / `null`. */
const JSON_PAIR = new RegExp(
  String.raw`(["'])(${SECRET_KEY_SOURCE})\1(\s*:\s*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,}\]]+)`,
  'gi',
);
/** `key=value` (query strings, form bodies, MQTT usernames), value up to a separator. */
const EQ_PAIR = new RegExp(String.raw`(^|[^A-Za-z0-9_.\-])(${SECRET_KEY_SOURCE})(\s*=\s*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^&\s,;"'<>)\]}]+)`, 'gi');
/** `key: value` in free text (`password: abc`, `Authorization: Bearer x`). */
const COLON_PAIR = new RegExp(
  String.raw`(^|[^A-Za-z0-9_.\-"'])(${SECRET_KEY_SOURCE})(\s*:\s*)((?:Bearer|Basic)\s+)?(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;"'<>)\]}]+)`,
  'gi',
);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces secrets in a text by `***`: every occurrence of each given secret string, and the value of every
 * `password=`, `secret=`, `sign=`, `token=`, `signature=`-style pair in query, `key: value` and JSON form.
 * @param text - text to clean
 * @param secrets - literal secret strings (device secrets, passwords, signatures); empty strings are ignored
 * @returns the text with secrets replaced
 */
export function redact(text: string, secrets?: Iterable<string>): string {
  let out = text;
  if (secrets) {
    const list = [...secrets].filter((s) => typeof s === 'string' && s.length > 0).sort((a, b) => b.length - a.length);
    if (list.length > 0) out = out.replace(new RegExp(list.map(escapeRegExp).join('|'), 'g'), REDACTED);
  }
  if (!/pass|pwd|secret|sign|token|authorization/i.test(out)) return out;
  out = out.replace(JSON_PAIR, (m: string, q: string, key: string, sep: string) => {
    const vq = m.endsWith("'") ? "'" : '"';
    return `${q}${key}${q}${sep}${vq}${REDACTED}${vq}`;
  });
  out = out.replace(EQ_PAIR, (_m, pre: string, key: string, sep: string) => `${pre}${key}${sep}${REDACTED}`);
  out = out.replace(
    COLON_PAIR,
    (_m, pre: string, key: string, sep: string, scheme: string | undefined) => `${pre}${key}${sep}${scheme ?? ''}${REDACTED}`,
  );
  return out;
}

/**
 * Redacts a log argument: strings through {@link redact}; objects are copied with secret keys masked and
 * nested strings redacted (Errors keep their class name, message and stack, all redacted).
 */
function redactValue(value: unknown, secrets: string[], depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return secrets.length > 0 && secrets.some((s) => Buffer.from(value).includes(s)) ? REDACTED : value;
  }
  if (seen.has(value)) return '[Circular]';
  if (depth > 8) return '[Object]';
  seen.add(value);
  if (value instanceof Error) {
    const copy = new Error(redact(value.message, secrets));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redact(value.stack, secrets);
    for (const [k, v] of Object.entries(value)) {
      (copy as unknown as Record<string, unknown>)[k] = SECRET_KEY.test(k) ? REDACTED : redactValue(v, secrets, depth + 1, seen);
    }
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1, seen));
  if (value instanceof Map) {
    return new Map([...value].map(([k, v]) => [k, typeof k === 'string' && SECRET_KEY.test(k) ? REDACTED : redactValue(v, secrets, depth + 1, seen)]));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null ? REDACTED : redactValue(v, secrets, depth + 1, seen);
  }
  return out;
}

/**
 * Wraps a logger so that nothing secret reaches it: every message and every meta argument is passed through
 * {@link redact} (objects are copied with secret-named keys masked).
 * @param inner - the logger that receives the cleaned output
 * @param secrets - called on every log call, returns the secret strings known right now (so rotating passwords
 *   and fresh signatures are covered)
 * @returns the redacting logger
 */
export function redactingLogger(inner: Logger, secrets?: () => Iterable<string>): Logger {
  const make =
    (lvl: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, ...meta: unknown[]): void => {
      let list: string[] = [];
      if (secrets) {
        try {
          list = [...secrets()].filter((s) => typeof s === 'string' && s.length > 0);
        } catch {
          list = [];
        }
      }
      const seen = new WeakSet<object>();
      const cleanMsg = typeof msg === 'string' ? redact(msg, list) : (redactValue(msg, list, 0, seen) as string);
      inner[lvl](cleanMsg, ...meta.map((m) => redactValue(m, list, 0, seen)));
    };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') };
}
