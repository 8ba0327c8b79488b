/**
 * `read(n)` over an async byte stream (what Python's `response.read(n)` gives the OTA code).
 * @module
 */

/** Reads up to n bytes at a time from an async iterable of Buffers. */
export class ChunkReader {
  private readonly it: AsyncIterator<Buffer>;
  private rest: Buffer = Buffer.alloc(0);
  private ended = false;

  /** @param body - the byte stream */
  constructor(body: AsyncIterable<Buffer>) {
    this.it = body[Symbol.asyncIterator]();
  }

  /**
   * @param n - maximum bytes
   * @returns up to n bytes; an empty Buffer at the end of the stream
   * @throws whatever the stream throws (network errors, timeouts)
   */
  async read(n: number): Promise<Buffer> {
    const max = Math.max(0, Math.floor(n));
    while (this.rest.length === 0 && !this.ended) {
      const r = await this.it.next();
      if (r.done) this.ended = true;
      else this.rest = Buffer.from(r.value);
    }
    const out = this.rest.subarray(0, max);
    this.rest = this.rest.subarray(out.length);
    return out;
  }

  /** Stops the underlying stream. */
  async close(): Promise<void> {
    this.ended = true;
    this.rest = Buffer.alloc(0);
    try {
      await this.it.return?.();
    } catch {
      // already failed
    }
  }
}
