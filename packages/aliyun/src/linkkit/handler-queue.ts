/**
 * The callback-dispatch queue (linkkit.py's handler thread): a bounded FIFO of tasks run one at a time, always
 * asynchronously (never inside the API call or network event that queued them), in the order they were queued.
 * A task that throws is logged and the queue continues. Overflow drops the new task (2000 entries, like the SDK).
 * @module
 */

/** What the queue reports. */
export interface HandlerQueueHooks {
  /** A task threw. */
  onError(err: unknown, label: string): void;
  /** A task was dropped because the queue was full or stopped. */
  onDrop(label: string): void;
}

interface Task {
  label: string;
  run: () => void;
}

/** Bounded FIFO task queue drained on the event loop. */
export class HandlerQueue {
  /** Capacity of the SDK's queue. */
  static readonly CAPACITY = 2000;
  private readonly tasks: Task[] = [];
  private head = 0;
  private scheduled = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  /**
   * @param hooks - error and drop reporting
   * @param capacity - maximum queued tasks
   */
  constructor(
    private readonly hooks: HandlerQueueHooks,
    private readonly capacity = HandlerQueue.CAPACITY,
  ) {}

  /** Queued, not yet run tasks. */
  get length(): number {
    return this.tasks.length - this.head;
  }

  /** True after {@link HandlerQueue.stop}. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Queues a task.
   * @returns false if it was dropped (queue full or stopped)
   */
  post(label: string, run: () => void): boolean {
    if (this.stopped || this.length >= this.capacity) {
      this.hooks.onDrop(label);
      return false;
    }
    this.tasks.push({ label, run });
    this.schedule();
    return true;
  }

  /** Stops accepting tasks; the ones already queued still run (like the SDK's `req_exit` marker). */
  stop(): void {
    this.stopped = true;
    if (this.length === 0) this.flushIdle();
  }

  /** Resolves once every queued task has run. */
  idle(): Promise<void> {
    if (this.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    // Run a bounded batch per turn so timers and I/O keep flowing under load.
    let budget = 256;
    while (this.head < this.tasks.length && budget-- > 0) {
      const task = this.tasks[this.head];
      this.tasks[this.head] = undefined as unknown as Task;
      this.head++;
      if (!task) continue;
      try {
        task.run();
      } catch (err) {
        this.hooks.onError(err, task.label);
      }
    }
    if (this.head >= this.tasks.length) {
      this.tasks.length = 0;
      this.head = 0;
      this.flushIdle();
    } else {
      if (this.head > 1024) {
        this.tasks.splice(0, this.head);
        this.head = 0;
      }
      this.schedule();
    }
  }

  private flushIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
