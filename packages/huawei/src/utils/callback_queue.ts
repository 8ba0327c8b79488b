/**
 * {@link CallbackQueue}: runs user callbacks one at a time, in order, outside the API call that caused them.
 * @module
 */
import type { Logger } from '@iot/core';

/**
 * The TypeScript stand-in for Python's MqttThread: every listener call goes through one FIFO that is drained on a
 * later turn of the event loop, so callbacks arrive in order and never re-entrantly inside an SDK call. A callback
 * that throws is logged and does not stop the queue.
 */
export class CallbackQueue {
  private readonly tasks: Array<{ what: string; fn: () => void | Promise<void> }> = [];
  private scheduled = false;
  private running = false;
  private idleWaiters: Array<() => void> = [];

  /**
   * @param log - where thrown errors are logged
   */
  constructor(private readonly log: Logger) {}

  /**
   * Queues a callback.
   * @param what - a name for the log
   * @param fn - the callback; a returned promise is awaited before the next task
   */
  enqueue(what: string, fn: () => void | Promise<void>): void {
    this.tasks.push({ what, fn });
    this.schedule();
  }

  /** Tasks waiting. */
  get size(): number {
    return this.tasks.length;
  }

  /**
   * Resolves once every queued task (and those they queue) has run.
   * @returns a promise
   */
  idle(): Promise<void> {
    if (this.tasks.length === 0 && !this.running && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let t = this.tasks.shift(); t; t = this.tasks.shift()) {
        try {
          const r = t.fn();
          if (r && typeof (r as Promise<void>).then === 'function') await r;
        } catch (e) {
          this.log.error(`${t.what} threw: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    } finally {
      this.running = false;
    }
    if (this.tasks.length > 0) this.schedule();
    else for (const w of this.idleWaiters.splice(0)) w();
  }
}
