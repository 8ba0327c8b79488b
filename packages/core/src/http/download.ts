/**
 * File download with resume, integrity check while streaming, progress, and an atomic finish.
 * @packageDocumentation
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { HttpStatusError, IncompleteDownloadError, IntegrityError } from './errors.js';
import { openDownloadStream, parseContentRange, type HttpStream } from './download-stream.js';
import { parseHttpUrl, progress, report } from './dispatcher.js';
import type { HttpTlsOptions, TransferProgress } from './options.js';

/** Options of {@link download}. */
export interface DownloadOptions {
  /** The http(s) URL of the file. */
  url: string;
  /** Final path. Data goes to `${dest}.part` and is renamed to `dest` only after it is complete and verified. */
  dest: string;
  /** Continue from an existing `.part` with a Range request (`true`); `false` starts over. */
  resume?: boolean;
  /** Expected MD5 of the whole file, hex (any case). */
  md5?: string;
  /** Expected SHA-256 of the whole file, hex (any case). */
  sha256?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Cancels the download; the `.part` is kept for a later resume. */
  signal?: AbortSignal;
  /** Longest time without progress (connecting, headers, between chunks) in ms; 30000. */
  timeoutMs?: number;
  /** TLS settings for an https URL. */
  tls?: HttpTlsOptions;
  /** Called after every chunk written, with `transferred` counting the whole file (including a resumed prefix). */
  onProgress?: (p: TransferProgress) => void;
}

/** What {@link download} resolves with. */
export interface DownloadResult {
  /** The final path (`dest`). */
  path: string;
  /** Size of the file. */
  bytes: number;
  /** MD5 of the file, lower-case hex. */
  md5: string;
  /** SHA-256 of the file, lower-case hex. */
  sha256: string;
  /** Bytes that were already on disk and not downloaded again (0 for a fresh download). */
  resumedFrom: number;
}

function checkDigest(value: string | undefined, hexLength: number, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(value)) {
    throw new TypeError(`${name} must be ${hexLength} hex digits`);
  }
  return value.toLowerCase();
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Running digests of the file from byte 0. */
class Digests {
  md5: Hash = createHash('md5');
  sha256: Hash = createHash('sha256');
  bytes = 0;

  update(chunk: Buffer): void {
    this.md5.update(chunk);
    this.sha256.update(chunk);
    this.bytes += chunk.length;
  }

  reset(): void {
    this.md5 = createHash('md5');
    this.sha256 = createHash('sha256');
    this.bytes = 0;
  }

  /** Feeds the first `length` bytes of a file. */
  async updateFromFile(path: string, length: number, signal: AbortSignal | undefined): Promise<void> {
    if (length === 0) return;
    const stream = createReadStream(path, { start: 0, end: length - 1, ...(signal ? { signal } : {}) });
    for await (const chunk of stream) this.update(chunk as Buffer);
  }
}

/**
 * Downloads a file to disk.
 *
 * - The data is written to `${dest}.part`. With `resume` (the default) an existing `.part` is
 *   hashed first and the rest is requested with `Range: bytes=<size>-`; a server that ignores
 *   the Range (200) restarts the file from byte 0, and a 416 on a `.part` that already holds the
 *   whole file finishes it without a transfer.
 * - MD5 and SHA-256 are computed while streaming. On a mismatch the `.part` is deleted and
 *   {@link IntegrityError} is thrown.
 * - If the connection breaks or the body is shorter than announced, the `.part` is kept and
 *   {@link IncompleteDownloadError} is thrown: call `download` again to resume.
 * - Only a complete, verified file is renamed to `dest` (atomically, replacing an older one), so
 *   a failed or tampered download never leaves `dest` behind.
 * - Any status other than 200/206 (and the 416 case above) throws {@link HttpStatusError} and
 *   keeps the `.part`.
 *
 * Two downloads to the same `dest` must not run at the same time.
 *
 * @param opts - URL, destination, expected digests, resume, abort signal, timeout, TLS, progress callback.
 * @returns Path, size, digests and how many bytes were resumed.
 *
 * @example
 * ```ts
 * const r = await download({ url, dest: '/tmp/fw.bin', md5, onProgress: (p) => console.log(p.percent) });
 * ```
 */
export async function download(opts: DownloadOptions): Promise<DownloadResult> {
  const expectedMd5 = checkDigest(opts.md5, 32, 'md5');
  const expectedSha256 = checkDigest(opts.sha256, 64, 'sha256');
  if (typeof opts.dest !== 'string' || opts.dest === '') throw new TypeError('dest must be a file path');
  parseHttpUrl(opts.url);
  const dest = opts.dest;
  const part = `${dest}.part`;
  const resume = opts.resume ?? true;
  opts.signal?.throwIfAborted();

  const digests = new Digests();
  let offset = 0;
  if (resume) {
    const existing = await fileSize(part);
    if (existing !== undefined && existing > 0) {
      await digests.updateFromFile(part, existing, opts.signal);
      offset = existing;
    }
  }

  const fh = await open(part, offset > 0 ? 'a' : 'w');
  let total: number | undefined;
  let resumedFrom = offset;
  let closed = false;
  const closeFile = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await fh.close();
  };

  try {
    let stream: HttpStream | undefined;
    try {
      stream = await openDownloadStream({
        url: opts.url,
        offset,
        ...(opts.headers ? { headers: opts.headers } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts.tls ? { tls: opts.tls } : {}),
      });
    } catch (err) {
      if (!(err instanceof HttpStatusError && err.status === 416 && offset > 0)) throw err;
      // Range not satisfiable: the .part may already be the whole file.
      const announced = parseContentRange(err.headers['content-range'])?.total;
      const complete = announced !== undefined ? announced === offset : expectedMd5 !== undefined || expectedSha256 !== undefined;
      if (!complete) {
        // The .part does not fit the file on the server (it changed, or the part is too long): start over.
        await closeFile();
        await rm(part, { force: true });
        return await download({ ...opts, resume: false });
      }
      total = offset;
    }

    if (stream) {
      if (stream.offset !== offset) {
        if (stream.offset !== 0) {
          stream.close();
          throw new Error(`server answered a request for byte ${offset} with a range starting at ${stream.offset}`);
        }
        // The server ignored the Range header and sends the whole file: start over.
        await fh.truncate(0);
        digests.reset();
        offset = 0;
        resumedFrom = 0;
      }
      total = stream.total;
      if (total !== undefined && offset > total) {
        stream.close();
        throw new Error(`server announced ${total} bytes but ${offset} are already on disk`);
      }
      await receive(stream, fh, digests, total, opts);
    }

    await fh.sync();
    await closeFile();

    const md5 = digests.md5.digest('hex');
    const sha256 = digests.sha256.digest('hex');
    if (expectedMd5 !== undefined && md5 !== expectedMd5) {
      await rm(part, { force: true });
      throw new IntegrityError('md5', expectedMd5, md5);
    }
    if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
      await rm(part, { force: true });
      throw new IntegrityError('sha256', expectedSha256, sha256);
    }
    await rename(part, dest);
    return { path: dest, bytes: digests.bytes, md5, sha256, resumedFrom };
  } catch (err) {
    if (digests.bytes === 0) {
      // Nothing worth resuming: do not leave an empty .part behind.
      await closeFile().catch(() => undefined);
      await rm(part, { force: true }).catch(() => undefined);
    }
    throw err;
  } finally {
    await closeFile().catch(() => undefined);
  }
}

/** Streams the body into the file and the digests; throws IncompleteDownloadError on a cut. */
async function receive(stream: HttpStream, fh: FileHandle, digests: Digests, total: number | undefined, opts: DownloadOptions): Promise<void> {
  report(opts.onProgress, progress(digests.bytes, total));
  try {
    for await (const chunk of stream.body) {
      if (total !== undefined && digests.bytes + chunk.length > total) {
        throw new Error(`server sent more than the announced ${total} bytes`);
      }
      await writeAll(fh, chunk);
      digests.update(chunk);
      report(opts.onProgress, progress(digests.bytes, total));
    }
  } catch (err) {
    stream.close();
    if (opts.signal?.aborted || !isNetworkError(err)) throw err;
    throw new IncompleteDownloadError(digests.bytes, total, { cause: err });
  }
  if (total !== undefined && digests.bytes < total) {
    throw new IncompleteDownloadError(digests.bytes, total);
  }
}

async function writeAll(fh: FileHandle, chunk: Buffer): Promise<void> {
  let done = 0;
  while (done < chunk.length) {
    const { bytesWritten } = await fh.write(chunk, done, chunk.length - done);
    done += bytesWritten;
  }
}

/** Errors of the connection (as opposed to local ones such as a full disk). */
function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('UND_ERR_') || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
