/**
 * Streaming upload of a file or a Buffer with PUT or POST (for example to a pre-signed object-storage URL).
 * @packageDocumentation
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { progress, report } from './dispatcher.js';
import { exchange } from './request.js';
import type { HttpResponse, HttpTlsOptions, TransferProgress } from './options.js';

/** Options of {@link upload}. */
export interface UploadOptions {
  /** The http(s) URL. */
  url: string;
  /** `PUT` (default) or `POST`. */
  method?: 'PUT' | 'POST';
  /** A file path (streamed from disk) or the bytes themselves. */
  source: string | Buffer;
  /** Extra request headers (for example `Content-Type`, or the headers a pre-signed URL requires). */
  headers?: Record<string, string>;
  /** Cancels the upload. */
  signal?: AbortSignal;
  /** Longest time without progress (connecting, waiting for the response) in ms; 30000. */
  timeoutMs?: number;
  /** TLS settings for an https URL. */
  tls?: HttpTlsOptions;
  /** Called as the body is handed to the connection, ending with `transferred === total`. */
  onProgress?: (p: TransferProgress) => void;
}

const BUFFER_SLICE = 64 * 1024;

/**
 * Uploads a file or Buffer as the request body, with `Content-Length` set (no chunked encoding,
 * which object stores reject), and returns the response whatever its status.
 *
 * @param opts - URL, method, source, headers, abort signal, timeout, TLS, progress callback.
 * @returns Status, headers (lower-case names) and body text of the response.
 */
export async function upload(opts: UploadOptions): Promise<HttpResponse> {
  const method = opts.method ?? 'PUT';
  if (method !== 'PUT' && method !== 'POST') throw new TypeError('method must be PUT or POST');
  let total: number;
  let chunks: () => AsyncIterable<Buffer>;
  if (Buffer.isBuffer(opts.source)) {
    const source = opts.source;
    total = source.length;
    chunks = async function* () {
      for (let i = 0; i < source.length; i += BUFFER_SLICE) yield source.subarray(i, i + BUFFER_SLICE);
    };
  } else if (typeof opts.source === 'string') {
    const path = opts.source;
    const info = await stat(path);
    if (!info.isFile()) throw new TypeError('source must be a regular file');
    total = info.size;
    // Read exactly the size announced in Content-Length, even if the file grows meanwhile.
    chunks = total === 0 ? async function* () {} : () => createReadStream(path, { start: 0, end: total - 1 });
  } else {
    throw new TypeError('source must be a file path or a Buffer');
  }

  const onProgress = opts.onProgress;
  async function* body(): AsyncGenerator<Buffer> {
    let sent = 0;
    report(onProgress, progress(0, total));
    for await (const chunk of chunks()) {
      const buf = chunk as Buffer;
      if (sent + buf.length > total) {
        throw new Error('source grew while it was being uploaded');
      }
      yield buf;
      sent += buf.length;
      report(onProgress, progress(sent, total));
    }
    if (sent !== total) throw new Error('source shrank while it was being uploaded');
  }

  return exchange(opts.url, method, { data: body(), length: total }, {
    ...(opts.headers ? { headers: opts.headers } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.tls ? { tls: opts.tls } : {}),
  });
}
