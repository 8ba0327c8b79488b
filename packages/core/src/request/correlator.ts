/**
 * Matching replies to requests by id: the request/reply pattern every vendor protocol layers on
 * MQTT (a request published with an id, a reply arriving later on another topic carrying it).
 * @packageDocumentation
 */

/** Rejection of {@link RequestCorrelator.wait} when no reply arrived in time. */
export class RequestTimeoutError extends Error {
  /** The request id that got no reply. */
  readonly id: string;
  /** How long the correlator waited, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * @param id - The request id.
   * @param timeoutMs - How long it was waited for.
   */
  constructor(id: string, timeoutMs: number) {
    super(`no reply to request ${id} within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
    this.id = id;
    this.timeoutMs = timeoutMs;
  }
}

/** Rejection of {@link RequestCorrelator.wait} when `maxPending` requests are already waiting. */
export class PendingLimitError extends Error {
  /** The configured maximum number of pending requests. */
  readonly limit: number;

  /** @param limit - The configured maximum. */
  constructor(limit: number) {
    super(`too many pending requests (limit ${limit})`);
    this.name = 'PendingLimitError';
    this.limit = limit;
  }
}

/** Rejection of {@link RequestCorrelator.wait} for an id that is already waiting for its reply. */
export class DuplicateRequestError extends Error {
  /** The id that was registered twice. */
  readonly id: string;

  /** @param id - The id. */
  constructor(id: string) {
    super(`request ${id} is already pending`);
    this.name = 'DuplicateRequestError';
    this.id = id;
  }
}

/** Rejection of pending and later {@link RequestCorrelator.wait} calls after {@link RequestCorrelator.destroy}. */
export class CorrelatorDestroyedError extends Error {
  constructor() {
    super('request correlator destroyed');
    this.name = 'CorrelatorDestroyedError';
  }
}

/** Settings of a {@link RequestCorrelator}. */
export interface CorrelatorOptions {
  /** Default time to wait for a reply, in milliseconds (10000). `Infinity` waits without a timer. */
  timeoutMs?: number;
  /** Most requests waiting at once (1000); further `wait` calls reject with {@link PendingLimitError}. */
  maxPending?: number;
}

interface Pending<Reply> {
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** Largest delay `setTimeout` honours; anything longer is treated as "no timeout". */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkTimeout(ms: number, what: string): number {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms <= 0) {
    throw new RangeError(`${what} must be a positive number of milliseconds, got ${String(ms)}`);
  }
  return ms;
}

/**
 * A bounded table of requests waiting for their reply.
 *
 * Register with {@link RequestCorrelator.wait} *before* publishing the request (a fast reply
 * could otherwise arrive first), then feed every incoming reply to
 * {@link RequestCorrelator.resolve}. Each entry has its own timer; it is removed on reply,
 * rejection or timeout, so late and duplicate replies are recognised (`resolve` returns `false`)
 * and nothing accumulates.
 *
 * @typeParam Reply - What a reply resolves to (for example the parsed JSON payload).
 *
 * @example
 * ```ts
 * const replies = new RequestCorrelator<PropertyReply>({ timeoutMs: 5000 });
 * const done = replies.wait(id);
 * session.publish(topic, JSON.stringify({ id, params }));
 * const reply = await done;
 * // in the reply topic handler:
 * replies.resolve(String(msg.id), msg);
 * ```
 */
export class RequestCorrelator<Reply> {
  private readonly pending = new Map<string, Pending<Reply>>();
  private readonly timeoutMs: number;
  private readonly maxPending: number;
  private destroyed = false;

  /**
   * @param opts - Default timeout and table size.
   * @throws RangeError for a non-positive timeout or a `maxPending` that is not a positive integer.
   */
  constructor(opts: CorrelatorOptions = {}) {
    this.timeoutMs = checkTimeout(opts.timeoutMs ?? 10000, 'timeoutMs');
    const max = opts.maxPending ?? 1000;
    if (!Number.isInteger(max) || max <= 0) {
      throw new RangeError(`maxPending must be a positive integer, got ${String(max)}`);
    }
    this.maxPending = max;
  }

  /** Number of requests currently waiting. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Whether a request with this id is waiting.
   * @param id - The request id.
   */
  has(id: string): boolean {
    return this.pending.has(id);
  }

  /**
   * Registers a request and returns a promise of its reply.
   *
   * @param id - The request id (unique among pending requests).
   * @param timeoutMs - Overrides the default timeout for this request.
   * @returns Resolves with the reply passed to {@link RequestCorrelator.resolve}. Rejects with
   * {@link RequestTimeoutError} after the timeout, {@link PendingLimitError} when the table is full,
   * {@link DuplicateRequestError} when `id` is already pending, {@link CorrelatorDestroyedError}
   * after `destroy()`, or the error given to `reject`/`rejectAll`.
   */
  wait(id: string, timeoutMs?: number): Promise<Reply> {
    if (this.destroyed) {
      return Promise.reject(new CorrelatorDestroyedError());
    }
    let ms: number;
    try {
      ms = timeoutMs === undefined ? this.timeoutMs : checkTimeout(timeoutMs, 'timeoutMs');
    } catch (err) {
      return Promise.reject(err as Error);
    }
    if (this.pending.has(id)) {
      return Promise.reject(new DuplicateRequestError(id));
    }
    if (this.pending.size >= this.maxPending) {
      return Promise.reject(new PendingLimitError(this.maxPending));
    }
    return new Promise<Reply>((resolve, reject) => {
      const entry: Pending<Reply> = { resolve, reject, timer: undefined };
      if (ms <= MAX_TIMER_MS) {
        entry.timer = setTimeout(() => {
          if (this.pending.get(id) === entry) {
            this.pending.delete(id);
            reject(new RequestTimeoutError(id, ms));
          }
        }, ms);
      }
      this.pending.set(id, entry);
    });
  }

  /**
   * Delivers a reply.
   * @param id - The request id carried by the reply.
   * @param reply - The value the waiting promise resolves with.
   * @returns `false` when no request with this id is waiting (late, duplicate or unsolicited reply).
   */
  resolve(id: string, reply: Reply): boolean {
    const entry = this.take(id);
    if (!entry) return false;
    entry.resolve(reply);
    return true;
  }

  /**
   * Fails one pending request.
   * @param id - The request id.
   * @param err - The rejection reason.
   * @returns `false` when no request with this id is waiting.
   */
  reject(id: string, err: Error): boolean {
    const entry = this.take(id);
    if (!entry) return false;
    entry.reject(err);
    return true;
  }

  /**
   * Fails every pending request with the same error (for example on disconnect); the correlator
   * stays usable.
   * @param err - The rejection reason.
   */
  rejectAll(err: Error): void {
    const entries = [...this.pending.values()];
    for (const entry of entries) clearTimeout(entry.timer);
    this.pending.clear();
    for (const entry of entries) entry.reject(err);
  }

  /**
   * Clears every timer and rejects whatever is still pending with {@link CorrelatorDestroyedError}.
   * Later `wait` calls reject the same way; `resolve`/`reject` return `false`. Idempotent.
   */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.rejectAll(new CorrelatorDestroyedError());
  }

  private take(id: string): Pending<Reply> | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    return entry;
  }
}
