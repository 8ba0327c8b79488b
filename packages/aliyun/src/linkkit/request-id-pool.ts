/**
 * The Alink request-id pool of linkkit.py: ids are decimal strings of a counter ("1", "2", ...), outstanding ids
 * are bounded by `max_queued_message` (with the SDK's off-by-one: `max + 1` can be outstanding, spec Q7), released
 * by the matching reply and expired after the request timeout.
 * @module
 */

/** Counter wrap limit of the SDK. */
export const REQUEST_ID_MAX = 1_000_000;

/** The request-id pool. */
export class RequestIdPool {
  private counter = 0;
  private readonly outstanding = new Map<number, number>();

  /**
   * @param maxQueued - `max_queued_message` (40 by default)
   * @param now - millisecond clock
   */
  constructor(
    private maxQueued = 40,
    private readonly now: () => number = Date.now,
  ) {}

  /** Changes the bound (config_mqtt). */
  setMaxQueued(max: number): void {
    this.maxQueued = max;
  }

  /**
   * Allocates the next id.
   * @returns the id as a string, or null when the pool is exhausted or the counter value is still outstanding
   */
  allocate(): string | null {
    this.counter += 1;
    if (this.counter > REQUEST_ID_MAX) this.counter = 0;
    if (this.outstanding.size > this.maxQueued) return null;
    if (this.outstanding.has(this.counter)) return null;
    this.outstanding.set(this.counter, this.now());
    return String(this.counter);
  }

  /**
   * Releases an id given back by a reply (Python `int(id)`; anything unparsable is ignored).
   * @returns true if it was outstanding
   */
  release(id: unknown): boolean {
    const n = toPyInt(id);
    return n !== undefined && this.outstanding.delete(n);
  }

  /**
   * Drops ids older than `maxAgeMs`.
   * @returns the expired ids
   */
  expire(maxAgeMs: number): number[] {
    const limit = this.now() - maxAgeMs;
    const gone: number[] = [];
    // insertion order is allocation order, so the oldest ids come first
    for (const [id, t] of this.outstanding) {
      if (t >= limit) break;
      this.outstanding.delete(id);
      gone.push(id);
    }
    return gone;
  }

  /** Number of outstanding ids. */
  get size(): number {
    return this.outstanding.size;
  }
}

/** Python `int(x)` for what a JSON reply's `id` can be (int or decimal string); undefined where Python raises. */
function toPyInt(id: unknown): number | undefined {
  if (typeof id === 'number' && Number.isInteger(id)) return id;
  if (typeof id === 'string' && /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(id)) return Number(id.replace(/_/g, ''));
  if (typeof id === 'boolean') return id ? 1 : 0;
  return undefined;
}
