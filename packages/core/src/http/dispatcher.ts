/**
 * Per-operation undici dispatchers and the small conversions every HTTP helper shares.
 * Internal to `http/`: not exported from the package.
 * @packageDocumentation
 */
import { Agent, interceptors, type Dispatcher } from 'undici';
import { HttpTimeoutError } from './errors.js';
import type { HttpTlsOptions } from './options.js';
import { acceptAnyHostname } from '../tls/verify-hostname.js';

/** Default inactivity timeout of every HTTP helper, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Redirects followed before giving up (like browsers and Python's urllib). */
const MAX_REDIRECTIONS = 5;

/** A dispatcher owned by one operation; `release` must be called exactly when the operation ends. */
export interface OwnedDispatcher {
  /** What to pass to undici's `request`. */
  readonly dispatcher: Dispatcher;
  /** Closes the connections: gracefully when the operation succeeded, at once otherwise. */
  release(graceful: boolean): Promise<void>;
}

/**
 * Creates the dispatcher of one operation: its own connection pool (so nothing stays open once
 * the operation is over), the TLS settings, the inactivity timeouts and redirect following.
 * @param tls - TLS settings.
 * @param timeoutMs - Inactivity timeout.
 */
export function createDispatcher(tls: HttpTlsOptions | undefined, timeoutMs: number): OwnedDispatcher {
  const agent = new Agent({
    connect: {
      timeout: timeoutMs,
      ...(tls?.ca !== undefined ? { ca: tls.ca } : {}),
      ...(tls?.cert !== undefined ? { cert: tls.cert } : {}),
      ...(tls?.key !== undefined ? { key: tls.key } : {}),
      ...(tls?.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
      ...(tls?.verifyHostname === false ? { checkServerIdentity: acceptAnyHostname } : {}),
      ...(tls?.minVersion !== undefined ? { minVersion: tls.minVersion } : {}),
      ...(tls?.maxVersion !== undefined ? { maxVersion: tls.maxVersion } : {}),
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const dispatcher = agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }));
  let released: Promise<void> | undefined;
  return {
    dispatcher,
    release(graceful: boolean): Promise<void> {
      released ??= (graceful ? agent.close() : agent.destroy()).catch(() => undefined);
      return released;
    },
  };
}

/**
 * Checks a timeout option.
 * @param ms - The option value.
 * @returns The timeout to use.
 */
export function checkTimeout(ms: number | undefined): number {
  if (ms === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof ms !== 'number' || !(ms > 0) || !Number.isFinite(ms)) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${String(ms)}`);
  }
  return ms;
}

/**
 * Parses and checks a URL (http or https only).
 * @param url - The URL text.
 */
export function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('invalid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`unsupported URL scheme ${parsed.protocol} (expected http: or https:)`);
  }
  return parsed;
}

/**
 * A URL for messages: without query string and credentials, which may carry signatures.
 * @param url - The parsed URL.
 */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * Normalises undici's response headers to lower-case names and single string values.
 * @param headers - As undici reports them.
 */
export function headersToRecord(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Merges request headers case-insensitively: later sources win, the caller's spelling is kept.
 * @param sources - Header sets, lowest priority first.
 */
export function mergeHeaders(...sources: Array<Record<string, string> | undefined>): Record<string, string> {
  const byLower = new Map<string, [string, string]>();
  for (const source of sources) {
    if (!source) continue;
    for (const [name, value] of Object.entries(source)) {
      byLower.set(name.toLowerCase(), [name, value]);
    }
  }
  return Object.fromEntries(byLower.values());
}

/**
 * Turns undici's timeout errors into {@link HttpTimeoutError}; everything else is returned as is.
 * @param err - What undici threw.
 * @param timeoutMs - The configured timeout, for the message.
 */
export function translateError(err: unknown, timeoutMs: number): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new HttpTimeoutError('connect', timeoutMs, { cause: err });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new HttpTimeoutError('headers', timeoutMs, { cause: err });
    case 'UND_ERR_BODY_TIMEOUT':
      return new HttpTimeoutError('body', timeoutMs, { cause: err });
    default:
      return err;
  }
}

/**
 * Reads a body into memory up to a limit.
 * @param body - The response body stream.
 * @param limit - Most bytes accepted.
 * @returns The bytes, or `undefined` when the limit was exceeded (the stream is then destroyed).
 */
export async function readLimited(body: AsyncIterable<unknown> & { destroy(): unknown }, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Builds a progress event.
 * @param transferred - Bytes done.
 * @param total - Total bytes, when known.
 */
export function progress(transferred: number, total: number | undefined): { transferred: number; total: number | undefined; percent: number | undefined } {
  return { transferred, total, percent: total === undefined ? undefined : total === 0 ? 100 : Math.min(100, (transferred / total) * 100) };
}

/**
 * Calls a user progress callback; an exception in it must not break the transfer, so it is dropped.
 * @param cb - The callback.
 * @param p - The event.
 */
export function report<T>(cb: ((p: T) => void) | undefined, p: T): void {
  if (!cb) return;
  try {
    cb(p);
  } catch {
    // A faulty progress listener is the caller's bug; the transfer itself goes on.
  }
}
