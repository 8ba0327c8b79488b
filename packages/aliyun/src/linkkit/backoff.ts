/**
 * The exact Link Kit 1.2.13 reconnect schedule as a core {@link BackoffStrategy}.
 * @module
 */
import type { BackoffContext, BackoffStrategy } from '@iot/core';

/** Options of {@link LinkKitBackoff}. */
export interface LinkKitBackoffOptions {
  /** `auto_reconnect_min_sec` (1). */
  minSec?: number;
  /** `auto_reconnect_max_sec` (60). */
  maxSec?: number;
  /** Source of randomness in `[0, 1)` (Math.random); `randint(1, s)` is `1 + floor(random() * s)`. */
  random?: () => number;
  /** Length of one "second" in ms (1000). Tests shrink it to keep suites fast. */
  secondMs?: number;
}

/**
 * Link Kit's back-off: the wait `s` (seconds) starts at 0 and is reset on every accepted CONNACK. Each back-off:
 * `s = min` if `s == 0`, else `s = min(2s, max) + randint(1, min(2s, max))`. So with (1, 60) the waits are
 * 1, 3–4, 7–16, 15–64, then 61–120 s: the effective cap is twice `auto_reconnect_max_sec` (spec Q7, kept).
 */
export class LinkKitBackoff implements BackoffStrategy {
  private seconds = 0;
  private minSec: number;
  private maxSec: number;
  private readonly random: () => number;
  private readonly secondMs: number;

  /**
   * @param opts - limits, randomness and time unit
   */
  constructor(opts: LinkKitBackoffOptions = {}) {
    this.minSec = opts.minSec ?? 1;
    this.maxSec = opts.maxSec ?? 60;
    this.random = opts.random ?? Math.random;
    this.secondMs = opts.secondMs ?? 1000;
  }

  /** Changes the limits (`config_mqtt`). */
  configure(minSec: number, maxSec: number): void {
    this.minSec = minSec;
    this.maxSec = maxSec;
  }

  /** The current wait in seconds (0 before the first back-off / after a CONNACK). */
  get currentSeconds(): number {
    return this.seconds;
  }

  /**
   * Advances the schedule.
   * @returns the next wait in seconds
   */
  nextSeconds(): number {
    if (this.seconds === 0) {
      this.seconds = this.minSec;
    } else {
      const capped = Math.min(this.seconds * 2, this.maxSec);
      this.seconds = capped + 1 + Math.floor(this.random() * capped);
    }
    return this.seconds;
  }

  /** {@inheritDoc BackoffStrategy.next} */
  next(_ctx?: BackoffContext): number {
    return this.nextSeconds() * this.secondMs;
  }

  /** The session's "stable connection" reset is not part of Link Kit's schedule: only a CONNACK resets it. */
  reset(): void {
    /* Link Kit resets on CONNACK only (onConnected). */
  }

  /** Every accepted CONNACK starts the schedule over. */
  onConnected(): void {
    this.seconds = 0;
  }
}
