/** Options of {@link DownlinkPacer}. */
export interface DownlinkPacerOptions {
  /** Broker publishes started but not finished at once (default 16). */
  maxConcurrent?: number;
  /** QoS 1 deliveries a client may have unacknowledged before the pacer waits (default 64). */
  maxInflightPerClient?: number;
  /** A client that acknowledged nothing for this long no longer holds the queue back (default 2000 ms). */
  stallMs?: number;
}

interface Job {
  run(done: (err?: Error) => void): void;
  resolve(): void;
  reject(err: Error): void;
}

interface ClientWindow {
  inflight: number;
  lastProgress: number;
}

/** Raised for downlinks still queued when the emulator closes. */
export class EmulatorClosedError extends Error {
  constructor() {
    super('the emulator is closed');
    this.name = 'EmulatorClosedError';
  }
}

/**
 * Paces platform downlinks into the embedded broker: a FIFO with a bounded number of
 * broker publishes in progress, a bounded number of unacknowledged QoS 1 deliveries per
 * client, and a `setImmediate` yield between batches. Without it a flood of QoS 1
 * downlinks recurses deep inside aedes and can overflow the stack.
 */
export class DownlinkPacer {
  private readonly queue: Job[] = [];
  private readonly windows = new Map<string, ClientWindow>();
  private running = 0;
  private scheduled = false;
  private stallTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly maxConcurrent: number;
  private readonly maxInflight: number;
  private readonly stallMs: number;

  /** @param opts - limits */
  constructor(opts: DownlinkPacerOptions = {}) {
    this.maxConcurrent = Math.max(1, opts.maxConcurrent ?? 16);
    this.maxInflight = Math.max(1, opts.maxInflightPerClient ?? 64);
    this.stallMs = Math.max(1, opts.stallMs ?? 2000);
  }

  /** Downlinks waiting to be handed to the broker. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Queues a broker publish.
   * @param run - starts the publish and calls `done` when the broker has dispatched it
   * @returns resolves once dispatched
   */
  enqueue(run: (done: (err?: Error) => void) => void): Promise<void> {
    if (this.closed) return Promise.reject(new EmulatorClosedError());
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ run, resolve, reject });
      this.schedule();
    });
  }

  /** Records a QoS 1/2 delivery sent to a client (not yet acknowledged). */
  sent(clientId: string): void {
    const w = this.windows.get(clientId);
    if (w) w.inflight++;
    else this.windows.set(clientId, { inflight: 1, lastProgress: Date.now() });
  }

  /** Records a PUBACK/PUBCOMP from a client. */
  acked(clientId: string): void {
    const w = this.windows.get(clientId);
    if (!w) return;
    w.inflight = Math.max(0, w.inflight - 1);
    w.lastProgress = Date.now();
    if (w.inflight === 0) this.windows.delete(clientId);
    this.schedule();
  }

  /** Forgets a client's window (it disconnected). */
  forget(clientId: string): void {
    if (this.windows.delete(clientId)) this.schedule();
  }

  /** Rejects everything queued and stops. */
  close(): void {
    this.closed = true;
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    const err = new EmulatorClosedError();
    for (const job of this.queue.splice(0)) job.reject(err);
    this.windows.clear();
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** Milliseconds until a blocking client is considered stalled, or 0 when none blocks. */
  private blockedFor(): number {
    const now = Date.now();
    let wait = 0;
    for (const w of this.windows.values()) {
      if (w.inflight < this.maxInflight) continue;
      const left = w.lastProgress + this.stallMs - now;
      if (left > 0) wait = Math.max(wait, left);
    }
    return wait;
  }

  private pump(): void {
    if (this.closed) return;
    let started = 0;
    while (this.queue.length > 0 && this.running < this.maxConcurrent && started < this.maxConcurrent) {
      const wait = this.blockedFor();
      if (wait > 0) {
        if (!this.stallTimer) {
          this.stallTimer = setTimeout(() => {
            this.stallTimer = undefined;
            this.schedule();
          }, wait + 1);
        }
        return;
      }
      const job = this.queue.shift() as Job;
      this.running++;
      started++;
      let finished = false;
      const done = (err?: Error): void => {
        if (finished) return;
        finished = true;
        this.running--;
        if (err) job.reject(err);
        else job.resolve();
        this.schedule();
      };
      try {
        job.run(done);
      } catch (err) {
        done(err instanceof Error ? err : new Error(String(err)));
      }
    }
    // more to do: continue on a fresh stack after I/O had a chance to run
    if (this.queue.length > 0 && this.running < this.maxConcurrent) this.schedule();
  }
}
