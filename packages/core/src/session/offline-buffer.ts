/**
 * Offline buffering: the {@link OfflineStore} contract, the in-memory store, and the bounded
 * {@link OfflineBuffer} the session puts publishes in while it is not connected.
 * @module
 */

/** A publish waiting in an offline store. */
export interface BufferedMessage {
  /** Monotonic sequence number assigned by the buffer (order of replay). */
  seq: number;
  /** Topic name. */
  topic: string;
  /** Message body. */
  payload: Buffer;
  /** Requested QoS. */
  qos: 0 | 1 | 2;
  /** Retain flag. */
  retain: boolean;
  /** `Date.now()` when it was buffered. */
  enqueuedAt: number;
}

/**
 * A FIFO of buffered publishes. `peek`/`shift` are synchronous so the session can replay in order without
 * interleaving newer publishes; persistent stores keep their data in memory and mirror it to disk.
 */
export interface OfflineStore {
  /** Adds a message at the tail. */
  append(msg: BufferedMessage): void | Promise<void>;
  /** The oldest message, without removing it. */
  peek(): BufferedMessage | undefined;
  /** Removes and returns the oldest message. */
  shift(): BufferedMessage | undefined;
  /** Number of messages held. */
  readonly count: number;
  /** Sum of {@link messageBytes} of the messages held. */
  readonly bytes: number;
  /** Removes every message. */
  clear(): void | Promise<void>;
  /** Releases resources (files, timers). The store is not used afterwards. */
  close(): void | Promise<void>;
  /** Persistent stores read their data here; called by the session before its first connect. */
  load?(): Promise<void>;
  /** Highest sequence number a persistent store holds or held, so new messages continue after it. */
  readonly lastSeq?: number;
}

/**
 * Size a message counts for against `maxBytes`: UTF-8 topic length plus payload length.
 * @param msg - the message
 * @returns bytes
 */
export function messageBytes(msg: Pick<BufferedMessage, 'topic' | 'payload'>): number {
  return Buffer.byteLength(msg.topic) + msg.payload.length;
}

/** Volatile FIFO store (the default): fast, lost when the process ends. */
export class MemoryOfflineStore implements OfflineStore {
  private items: Array<BufferedMessage | undefined> = [];
  private head = 0;
  private totalBytes = 0;

  /** @inheritDoc */
  get count(): number {
    return this.items.length - this.head;
  }

  /** @inheritDoc */
  get bytes(): number {
    return this.totalBytes;
  }

  /** @inheritDoc */
  append(msg: BufferedMessage): void {
    this.items.push(msg);
    this.totalBytes += messageBytes(msg);
  }

  /** @inheritDoc */
  peek(): BufferedMessage | undefined {
    return this.items[this.head];
  }

  /** @inheritDoc */
  shift(): BufferedMessage | undefined {
    if (this.head >= this.items.length) return undefined;
    const msg = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (msg) this.totalBytes -= messageBytes(msg);
    return msg;
  }

  /** @inheritDoc */
  clear(): void {
    this.items = [];
    this.head = 0;
    this.totalBytes = 0;
  }

  /** @inheritDoc */
  close(): void {
    this.clear();
  }
}

/** Limits of an {@link OfflineBuffer}. */
export interface OfflineBufferLimits {
  /** Most messages held; 0 disables buffering. */
  maxMessages: number;
  /** Most bytes ({@link messageBytes}) held. */
  maxBytes: number;
}

/** Why a message was dropped from the buffer to make room. */
export type BufferDropReason = 'maxMessages' | 'maxBytes';

/** Raised when a single message can never fit into the buffer. */
export class BufferOverflowError extends RangeError {
  /**
   * @param bytes - size of the rejected message
   * @param maxBytes - the limit (0 when buffering is disabled)
   */
  constructor(bytes: number, maxBytes: number) {
    super(`message of ${bytes} bytes exceeds the offline buffer limit of ${maxBytes} bytes`);
    this.name = 'BufferOverflowError';
  }
}

/**
 * A bounded FIFO over an {@link OfflineStore}: when full, the oldest messages are dropped (one `onDrop` call per
 * dropped message) to make room for the new one.
 */
export class OfflineBuffer {
  private nextSeq: number;

  /**
   * @param store - where messages are kept
   * @param limits - message and byte limits
   * @param onDrop - told about every message dropped to make room
   * @param onError - told when an asynchronous store append fails
   */
  constructor(
    readonly store: OfflineStore,
    readonly limits: OfflineBufferLimits,
    private readonly onDrop: (msg: BufferedMessage, reason: BufferDropReason) => void = () => undefined,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {
    this.nextSeq = 1;
  }

  /** Messages held. */
  get count(): number {
    return this.store.count;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.store.bytes;
  }

  /**
   * Continues sequence numbers after what a persistent store loaded.
   * @param seq - highest sequence number seen
   */
  seedSeq(seq: number): void {
    if (seq >= this.nextSeq) this.nextSeq = seq + 1;
  }

  /**
   * Buffers a publish, dropping the oldest messages if needed.
   * @returns the buffered message (with its sequence number)
   * @throws BufferOverflowError when the message alone is larger than `maxBytes`, or buffering is disabled
   */
  push(topic: string, payload: Buffer, qos: 0 | 1 | 2, retain: boolean): BufferedMessage {
    const { maxMessages, maxBytes } = this.limits;
    const last = this.store.lastSeq;
    if (last !== undefined && last >= this.nextSeq) this.nextSeq = last + 1;
    const msg: BufferedMessage = { seq: this.nextSeq, topic, payload, qos, retain, enqueuedAt: Date.now() };
    const size = messageBytes(msg);
    if (maxMessages <= 0 || size > maxBytes) throw new BufferOverflowError(size, maxMessages <= 0 ? 0 : maxBytes);
    while (this.store.count >= maxMessages) this.drop('maxMessages');
    while (this.store.bytes + size > maxBytes && this.store.count > 0) this.drop('maxBytes');
    this.nextSeq++;
    const r = this.store.append(msg);
    if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch((e: unknown) => this.onError(e instanceof Error ? e : new Error(String(e))));
    return msg;
  }

  private drop(reason: BufferDropReason): void {
    const dropped = this.store.shift();
    if (dropped) this.onDrop(dropped, reason);
  }

  /** Oldest message. */
  peek(): BufferedMessage | undefined {
    return this.store.peek();
  }

  /** Removes and returns the oldest message. */
  shift(): BufferedMessage | undefined {
    return this.store.shift();
  }
}
