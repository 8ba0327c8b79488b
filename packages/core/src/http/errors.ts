/**
 * Errors of the HTTP transfer helpers.
 * @packageDocumentation
 */

/** A response with a status the operation cannot use (for example 404 for a download). */
export class HttpStatusError extends Error {
  /** The HTTP status code. */
  readonly status: number;
  /** The start of the response body as text (at most 64 KiB), for diagnostics. */
  readonly body: string;
  /** The response headers, names in lower case. */
  readonly headers: Record<string, string>;

  /**
   * @param status - The HTTP status code.
   * @param body - The (start of the) response body.
   * @param headers - The response headers.
   * @param where - What was requested, without the query string (which may hold a signature).
   */
  constructor(status: number, body: string, headers: Record<string, string> = {}, where = '') {
    super(`HTTP ${status}${where ? ` from ${where}` : ''}`);
    this.name = 'HttpStatusError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** Downloaded bytes whose digest differs from the expected one: the file was corrupted or tampered with. */
export class IntegrityError extends Error {
  /** The expected digest (lower-case hex). */
  readonly expected: string;
  /** The digest of the received bytes (lower-case hex). */
  readonly actual: string;
  /** Which digest failed. */
  readonly algorithm: 'md5' | 'sha256';

  /**
   * @param algorithm - Which digest failed.
   * @param expected - The expected digest.
   * @param actual - The digest of what arrived.
   */
  constructor(algorithm: 'md5' | 'sha256', expected: string, actual: string) {
    super(`${algorithm} mismatch: expected ${expected}, got ${actual}`);
    this.name = 'IntegrityError';
    this.algorithm = algorithm;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * A download that ended before all its bytes arrived (the server closed the connection, or sent
 * less than its Content-Length). What did arrive is kept in the `.part` file, so calling
 * `download` again resumes from there.
 */
export class IncompleteDownloadError extends Error {
  /** Bytes of the file that are on disk (including a resumed prefix). */
  readonly received: number;
  /** Size of the whole file, when the server announced it. */
  readonly expected: number | undefined;

  /**
   * @param received - Bytes on disk.
   * @param expected - Announced size.
   * @param options - The underlying network error as `cause`.
   */
  constructor(received: number, expected: number | undefined, options?: { cause?: unknown }) {
    super(`download incomplete: ${received} of ${expected === undefined ? 'unknown' : expected} bytes received`, options);
    this.name = 'IncompleteDownloadError';
    this.received = received;
    this.expected = expected;
  }
}

/** Nothing happened on the connection for `timeoutMs` (connecting, waiting for headers, or between body chunks). */
export class HttpTimeoutError extends Error {
  /** Which wait ran out. */
  readonly phase: 'connect' | 'headers' | 'body';
  /** The configured timeout in milliseconds. */
  readonly timeoutMs: number;

  /**
   * @param phase - Which wait ran out.
   * @param timeoutMs - The configured timeout.
   * @param options - The undici error as `cause`.
   */
  constructor(phase: 'connect' | 'headers' | 'body', timeoutMs: number, options?: { cause?: unknown }) {
    super(`HTTP ${phase} timeout after ${timeoutMs} ms`, options);
    this.name = 'HttpTimeoutError';
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}
