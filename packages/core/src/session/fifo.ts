/**
 * A small array-backed FIFO with O(1) amortised push/shift and an `unshiftAll` for putting items back in front.
 * @internal
 */
export class Fifo<T> {
  private items: Array<T | undefined> = [];
  private head = 0;

  /** Number of items. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Adds at the tail. */
  push(item: T): void {
    this.items.push(item);
  }

  /** The head item. */
  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  /** Removes and returns the head item. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Puts `list` (in its order) in front of the current items. */
  unshiftAll(list: readonly T[]): void {
    if (list.length === 0) return;
    this.items = [...list, ...this.items.slice(this.head)];
    this.head = 0;
  }

  /** The items, head first (a copy). */
  toArray(): T[] {
    return this.items.slice(this.head) as T[];
  }

  /** Removes and returns every item, head first. */
  drain(): T[] {
    const out = this.items.slice(this.head) as T[];
    this.items = [];
    this.head = 0;
    return out;
  }
}
