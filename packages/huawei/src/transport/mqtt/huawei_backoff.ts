/**
 * {@link HuaweiBackoff}: the retry schedule of `MqttConnection.connect()` in the Python SDK.
 * @module
 */
import type { BackoffContext, BackoffStrategy } from '@iot/core';

/** Options of {@link HuaweiBackoff}. */
export interface HuaweiBackoffOptions {
  /** `ConnectAuthInfo.min_backoff` in ms, 1000. */
  min_backoff?: number;
  /** `ConnectAuthInfo.max_backoff` in ms, 30000. */
  max_backoff?: number;
  /** Uniform random in [0, 1), `Math.random` by default. */
  random?: () => number;
}

/**
 * Python: `low = int(min*0.8)`, `high = int(min*1.0)`, `r` uniform integer in `[0, high-low)`,
 * `jitter = 2^retry_times * (r + low)`, `wait = min(min + jitter, max)` rounded to 10 ms, `retry_times += 1`.
 * Differences (documented): an empty jitter range (min_backoff below 5) gives `r = 0` instead of throwing (Q8), and
 * `reset()` (called by the session after a stable connection) restarts the counter, which Python never does (Q7).
 */
export class HuaweiBackoff implements BackoffStrategy {
  /** Retries since the last reset. */
  retry_times = 0;
  private readonly min: number;
  private readonly max: number;
  private readonly random: () => number;

  /**
   * @param opts - bounds and random source
   */
  constructor(opts: HuaweiBackoffOptions = {}) {
    this.min = opts.min_backoff ?? 1000;
    this.max = opts.max_backoff ?? 30000;
    this.random = opts.random ?? Math.random;
  }

  /**
   * The wait before the next attempt.
   * @param _ctx - attempt and cause (the Python schedule ignores them)
   * @returns milliseconds
   */
  next(_ctx?: BackoffContext): number {
    const low = Math.trunc(this.min * 0.8);
    const high = Math.trunc(this.min * 1.0);
    const span = high - low;
    const r = span > 0 ? Math.min(span - 1, Math.floor(this.random() * span)) : 0;
    const jitter = 2 ** this.retry_times * (r + low);
    const wait = this.min + jitter > this.max ? this.max : this.min + jitter;
    this.retry_times++;
    return Math.round(wait / 10) * 10;
  }

  /** Restarts the schedule. */
  reset(): void {
    this.retry_times = 0;
  }
}
