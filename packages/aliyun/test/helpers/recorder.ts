/** Records callback invocations and lets tests wait for them. */
export interface Call {
  name: string;
  args: unknown[];
}

export class Recorder {
  readonly calls: Call[] = [];
  private waiters: Array<{ check: () => boolean; resolve: () => void }> = [];

  /** A callback that records its arguments under `name`. */
  fn(name: string): (...args: unknown[]) => void {
    return (...args: unknown[]) => {
      this.calls.push({ name, args });
      this.waiters = this.waiters.filter((w) => {
        if (!w.check()) return true;
        w.resolve();
        return false;
      });
    };
  }

  /** Arguments of every call of `name`. */
  args(name: string): unknown[][] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args);
  }

  /** Names in call order. */
  names(): string[] {
    return this.calls.map((c) => c.name);
  }

  /** Waits until `name` was called at least `count` times. */
  wait(name: string, count = 1, timeoutMs = 4000): Promise<unknown[][]> {
    const check = (): boolean => this.args(name).length >= count;
    if (check()) return Promise.resolve(this.args(name));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${count}x ${name}; calls: ${this.names().join(', ')}`)), timeoutMs);
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.args(name));
        },
      });
    });
  }
}

/** Resolves after `ms`. */
export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
