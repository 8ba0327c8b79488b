/**
 * Reconnect delay policies. The session asks its {@link BackoffStrategy} for a delay before every reconnect attempt.
 * @module
 */

/**
 * Why a connection attempt failed or a connection ended:
 * `network` (TCP/TLS/WebSocket failed before CONNACK), `refused` (CONNACK with a non-zero code),
 * `lost` (connection dropped after an accepted CONNACK), `requested` (the user disconnected).
 */
export type DisconnectCause = 'network' | 'refused' | 'lost' | 'requested';

/** What the session tells a strategy when it asks for the next delay. */
export interface BackoffContext {
  /** 1-based attempt number since the last {@link BackoffStrategy.reset}. */
  attempt: number;
  /** Why the previous attempt or connection ended. */
  cause: DisconnectCause;
}

/**
 * A reconnect delay policy. Implementations must be pure functions of their own state and injected randomness,
 * so vendor packages can reproduce their vendor's exact schedule.
 */
export interface BackoffStrategy {
  /**
   * Delay before the next connect attempt.
   * @returns milliseconds, >= 0
   */
  next(ctx: BackoffContext): number;
  /** Called by the session after a connection stayed up `reconnect.stableAfterMs`: start the schedule over. */
  reset(): void;
  /** Called on every accepted CONNACK (for strategies that reset on CONNACK rather than after a stable period). */
  onConnected?(): void;
}

/** Options of {@link ExponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /** Base (first) delay, 1000 ms. */
  minDelayMs?: number;
  /** Cap of every delay, 60000 ms. */
  maxDelayMs?: number;
  /** Growth factor per attempt, 2. */
  factor?: number;
  /**
   * Randomisation, `full` by default (see the AWS Architecture Blog "Exponential Backoff and Jitter"):
   * - `none`: `min(max, min * factor^(n-1))`
   * - `full`: uniform in `[0, that]`
   * - `equal`: half fixed, half random: `that/2 + uniform[0, that/2]`
   * - `decorrelated`: `min(max, uniform[min, previous * 3])`, previous starting at `min`
   */
  jitter?: 'none' | 'full' | 'equal' | 'decorrelated';
  /** Source of randomness in `[0, 1)`, `Math.random` by default (inject a seeded one in tests). */
  random?: () => number;
}

/** Capped exponential backoff with a choice of jitter; the default strategy of {@link MqttSession}. */
export class ExponentialBackoff implements BackoffStrategy {
  /** Base delay in ms. */
  readonly minDelayMs: number;
  /** Delay cap in ms. */
  readonly maxDelayMs: number;
  /** Growth factor. */
  readonly factor: number;
  /** Jitter mode. */
  readonly jitter: 'none' | 'full' | 'equal' | 'decorrelated';
  private readonly random: () => number;
  private previous: number;

  /**
   * @param opts - delays, factor, jitter and random source
   * @throws RangeError on negative delays, `maxDelayMs < minDelayMs` or `factor < 1`
   */
  constructor(opts: ExponentialBackoffOptions = {}) {
    this.minDelayMs = opts.minDelayMs ?? 1000;
    this.maxDelayMs = opts.maxDelayMs ?? 60_000;
    this.factor = opts.factor ?? 2;
    this.jitter = opts.jitter ?? 'full';
    this.random = opts.random ?? Math.random;
    if (!(this.minDelayMs >= 0) || !(this.maxDelayMs >= this.minDelayMs)) {
      throw new RangeError(`invalid backoff delays: minDelayMs ${this.minDelayMs}, maxDelayMs ${this.maxDelayMs}`);
    }
    if (!(this.factor >= 1)) throw new RangeError(`invalid backoff factor ${this.factor}: must be >= 1`);
    if (!['none', 'full', 'equal', 'decorrelated'].includes(this.jitter)) throw new RangeError(`unknown jitter '${String(this.jitter)}'`);
    this.previous = this.minDelayMs;
  }

  /** @inheritDoc */
  next(ctx: BackoffContext): number {
    const attempt = Math.max(1, Math.floor(ctx.attempt));
    const r = Math.min(Math.max(this.random(), 0), 1);
    if (this.jitter === 'decorrelated') {
      const upper = Math.max(this.minDelayMs, this.previous * 3);
      const d = Math.min(this.maxDelayMs, this.minDelayMs + r * (upper - this.minDelayMs));
      this.previous = d;
      return Math.round(d);
    }
    const base = Math.min(this.maxDelayMs, this.minDelayMs * Math.pow(this.factor, attempt - 1));
    switch (this.jitter) {
      case 'none':
        return Math.round(base);
      case 'equal':
        return Math.round(base / 2 + (r * base) / 2);
      default:
        return Math.round(r * base);
    }
  }

  /** @inheritDoc */
  reset(): void {
    this.previous = this.minDelayMs;
  }
}
