/**
 * Low-level streaming GET with an optional start offset (HTTP Range), for callers that consume a
 * file chunk by chunk instead of saving it.
 * @packageDocumentation
 */
import { request } from 'undici';
import { HttpStatusError } from './errors.js';
import {
  checkTimeout,
  createDispatcher,
  describeUrl,
  headersToRecord,
  mergeHeaders,
  parseHttpUrl,
  readLimited,
  translateError,
} from './dispatcher.js';
import type { HttpTlsOptions } from './options.js';

/** Options of {@link openDownloadStream}. */
export interface StreamOptions {
  /** The http(s) URL. */
  url: string;
  /** First byte wanted; above 0 a `Range: bytes=<offset>-` header is sent. */
  offset?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Cancels the request and the body. */
  signal?: AbortSignal;
  /** Longest time without progress (connecting, headers, between chunks) in ms; 30000. */
  timeoutMs?: number;
  /** TLS settings for an https URL. */
  tls?: HttpTlsOptions;
}

/** An open response body, see {@link openDownloadStream}. */
export interface HttpStream {
  /** 200 (whole file) or 206 (the requested range). */
  status: number;
  /** Size of the whole file when the server announced it (Content-Range total, else Content-Length). */
  total: number | undefined;
  /**
   * Where in the file the body starts. Equals the requested offset for a 206; 0 when the server
   * ignored the Range header and sent the whole file (status 200).
   */
  offset: number;
  /** Size of this response body, when announced. */
  length: number | undefined;
  /** The body, chunk by chunk. It can be iterated once; the connection closes when it ends or fails. */
  body: AsyncIterable<Buffer>;
  /** Stops the transfer and closes the connection (needed when the body is not read to the end). Idempotent. */
  close(): void;
}

const ERROR_BODY_LIMIT = 64 * 1024;

/** Parses `bytes <start>-<end>/<total|*>` or `bytes *\/<total>`. */
export function parseContentRange(value: string | undefined): { start: number | undefined; end: number | undefined; total: number | undefined } | undefined {
  if (!value) return undefined;
  const m = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i.exec(value);
  if (!m) return undefined;
  const num = (s: string | undefined): number | undefined => (s === undefined || s === '*' ? undefined : Number(s));
  return { start: num(m[1]), end: num(m[2]), total: num(m[3]) };
}

function parseLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/**
 * Starts a GET and returns once the response headers are in, with the body still to be read.
 *
 * Redirects are followed (up to 5). Any status other than 200/206 rejects with
 * {@link HttpStatusError} (its `headers` tell a 416's `Content-Range`). The connection pool is
 * private to the stream: it is closed when the body has been read, fails, or `close()` is called,
 * so nothing keeps the process alive afterwards.
 *
 * @param opts - URL, offset, headers, abort signal, timeout, TLS.
 * @returns The open stream.
 *
 * @example
 * ```ts
 * const s = await openDownloadStream({ url, offset: 4096 });
 * for await (const chunk of s.body) sink.write(chunk);
 * ```
 */
export async function openDownloadStream(opts: StreamOptions): Promise<HttpStream> {
  const url = parseHttpUrl(opts.url);
  const timeoutMs = checkTimeout(opts.timeoutMs);
  const offset = opts.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`offset must be a non-negative integer, got ${String(offset)}`);
  }
  const owned = createDispatcher(opts.tls, timeoutMs);
  const headers = mergeHeaders(opts.headers, offset > 0 ? { Range: `bytes=${offset}-` } : undefined);
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(url, { method: 'GET', headers, dispatcher: owned.dispatcher, ...(opts.signal ? { signal: opts.signal } : {}) });
  } catch (err) {
    await owned.release(false);
    throw translateError(err, timeoutMs);
  }

  const responseHeaders = headersToRecord(res.headers);
  if (res.statusCode !== 200 && res.statusCode !== 206) {
    let text = '';
    try {
      const bytes = await readLimited(res.body, ERROR_BODY_LIMIT);
      text = bytes?.toString('utf8') ?? '';
    } catch {
      // The status is what matters; a broken error body is not worth reporting.
    }
    await owned.release(false);
    throw new HttpStatusError(res.statusCode, text, responseHeaders, describeUrl(url));
  }

  const length = parseLength(responseHeaders['content-length']);
  let start = 0;
  let total = length;
  if (res.statusCode === 206) {
    const range = parseContentRange(responseHeaders['content-range']);
    start = range?.start ?? offset;
    total = range?.total;
  }

  const body = res.body;
  let finished = false;
  const finish = (graceful: boolean): void => {
    if (finished) return;
    finished = true;
    if (!graceful) body.destroy();
    void owned.release(graceful);
  };
  let iterated = false;
  async function* iterate(): AsyncGenerator<Buffer> {
    if (iterated) throw new Error('the body of an HttpStream can only be read once');
    iterated = true;
    let complete = false;
    try {
      for await (const chunk of body) {
        yield chunk as Buffer;
      }
      complete = true;
    } catch (err) {
      throw translateError(err, timeoutMs);
    } finally {
      finish(complete);
    }
  }

  return {
    status: res.statusCode,
    total,
    offset: start,
    length,
    body: { [Symbol.asyncIterator]: iterate },
    close: () => finish(false),
  };
}
