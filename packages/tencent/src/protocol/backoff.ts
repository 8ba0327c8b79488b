/**
 * The vendor SDK's exact reconnect wait schedule as a `@iot/core` BackoffStrategy.
 * State `w` (seconds) starts at 0 and is reset on every accepted CONNACK and on every network-level
 * failure; each wait: `w == 0 → w = min`, else `m = min(2w, max)`, `w = m + randint(1, m)`.
 * So network failures always wait `min`, refusals grow 1, 3–4, 7–16 … up to almost 2·max.
 * @module
 */
import type { BackoffContext, BackoffStrategy } from '@iot/core';

/** Options of {@link TencentBackoff}. */
export interface TencentBackoffOptions {
  /** Lower bound in seconds, 1. */
  minSec?: number;
  /** Upper bound in seconds, 60. */
  maxSec?: number;
  /** Source in [0, 1) for `randint`, `Math.random` by default. */
  random?: () => number;
  /** Milliseconds per second of schedule (1000; tests shrink it). */
  unitMs?: number;
}

/** Tencent hub reconnect schedule (`AsyncConnClient.reconnect_wait`). */
export class TencentBackoff implements BackoffStrategy {
  /** Lower bound (s). */
  minSec: number;
  /** Upper bound (s). */
  maxSec: number;
  private wait = 0;
  private readonly random: () => number;
  private readonly unitMs: number;

  /** @param opts - bounds, randomness, time unit */
  constructor(opts: TencentBackoffOptions = {}) {
    this.minSec = opts.minSec ?? 1;
    this.maxSec = opts.maxSec ?? 60;
    this.random = opts.random ?? Math.random;
    this.unitMs = opts.unitMs ?? 1000;
  }

  /** Current wait value in seconds (0 = reset). */
  get current(): number {
    return this.wait;
  }

  /**
   * Next wait in ms.
   * @param ctx - why the previous attempt ended
   * @returns delay in ms
   */
  next(ctx: BackoffContext): number {
    if (ctx.cause === 'network') this.wait = 0;
    if (this.wait === 0) {
      this.wait = this.minSec;
    } else {
      const m = Math.min(this.wait * 2, this.maxSec);
      const r = 1 + Math.min(m - 1, Math.floor(this.random() * m));
      this.wait = m + r;
    }
    return this.wait * this.unitMs;
  }

  /** Stable-connection reset: back to 0. */
  reset(): void {
    this.wait = 0;
  }

  /** Every accepted CONNACK resets the wait. */
  onConnected(): void {
    this.wait = 0;
  }
}
