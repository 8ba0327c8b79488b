/**
 * The event thread of the vendor SDK as a FIFO: every user callback and every inbound message is queued
 * and run one at a time, in arrival order, on a later macrotask, so a callback never runs inside the API
 * call that caused it. A throwing (or rejecting) callback is logged and dispatch continues.
 * @module
 */

/** Receives errors thrown by queued tasks. */
export type TaskErrorSink = (err: unknown) => void;

/** Serial dispatcher of callbacks. */
export class EventQueue {
  private readonly tasks: Array<() => unknown> = [];
  private scheduled = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  /** @param onError - where task errors go (logging) */
  constructor(private readonly onError: TaskErrorSink) {}

  /** Number of tasks waiting. */
  get size(): number {
    return this.tasks.length;
  }

  /**
   * Queues a task.
   * @param task - work to run later
   */
  post(task: () => unknown): void {
    if (this.closed) return;
    this.tasks.push(task);
    this.schedule();
  }

  /** @returns a promise resolved once every task queued so far has run */
  drain(): Promise<void> {
    if (this.tasks.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops pending tasks and refuses new ones. */
  close(): void {
    this.closed = true;
    this.tasks.length = 0;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const r of w) r();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  private run(): void {
    // a bounded batch per macrotask keeps the I/O loop responsive; tasks queued meanwhile wait for the next turn
    const tasks = this.tasks;
    const n = Math.min(tasks.length, 1024);
    for (let i = 0; i < n && !this.closed; i++) {
      const task = tasks[i]!;
      try {
        const r = task();
        if (r instanceof Promise) r.catch((err: unknown) => this.onError(err));
      } catch (err) {
        this.onError(err);
      }
    }
    tasks.splice(0, n);
    this.scheduled = false;
    if (tasks.length > 0) {
      this.schedule();
    } else {
      const w = this.idleWaiters;
      this.idleWaiters = [];
      for (const r of w) r();
    }
  }
}
