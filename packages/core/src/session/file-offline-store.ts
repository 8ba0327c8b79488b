/**
 * {@link FileOfflineStore}: an offline store that survives a process restart or crash.
 *
 * On-disk format: an append-only log of framed records, each `u32le length | u32le crc32(body) | body`.
 * A body is either an APPEND (type 1: seq f64, qos u8, retain u8, enqueuedAt f64, topic length u16, topic, payload)
 * or a CONSUME (type 2: u32 count of messages removed from the head). Loading replays the log and stops at the first
 * torn or corrupt record (a crash in the middle of a write), which is cut off. When the log carries much more
 * consumed data than live data it is rewritten to a temporary file that atomically replaces it (rename).
 * @module
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { MemoryOfflineStore, type BufferedMessage, type OfflineStore } from './offline-buffer.js';

/** When the store forces its writes to stable storage. */
export type FsyncPolicy = 'always' | 'interval' | 'never';

/** Options of {@link FileOfflineStore}. */
export interface FileOfflineStoreOptions {
  /**
   * `always`: fsync after every write (safest, slowest); `interval` (default): at most every `fsyncIntervalMs`
   * after a write, and on close; `never`: leave it to the OS. Every write reaches the OS at once, so a process
   * crash never loses an appended message; the policy only matters for power loss / kernel crashes.
   */
  fsync?: FsyncPolicy;
  /** Delay of the `interval` policy, 1000 ms. */
  fsyncIntervalMs?: number;
  /** Rewrite the log when it holds more than this many bytes of consumed records and more dead than live data, 1 MiB. */
  compactAfterBytes?: number;
}

const HEADER = 8;
const TYPE_APPEND = 1;
const TYPE_CONSUME = 2;
const MAX_RECORD = 256 * 1024 * 1024;

function frame(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  body.copy(out, HEADER);
  return out;
}

function encodeAppend(msg: BufferedMessage): Buffer {
  const topic = Buffer.from(msg.topic, 'utf8');
  const body = Buffer.allocUnsafe(1 + 8 + 1 + 1 + 8 + 2 + topic.length + msg.payload.length);
  let o = 0;
  o = body.writeUInt8(TYPE_APPEND, o);
  o = body.writeDoubleLE(msg.seq, o);
  o = body.writeUInt8(msg.qos, o);
  o = body.writeUInt8(msg.retain ? 1 : 0, o);
  o = body.writeDoubleLE(msg.enqueuedAt, o);
  o = body.writeUInt16LE(topic.length, o);
  o += topic.copy(body, o);
  msg.payload.copy(body, o);
  return frame(body);
}

function encodeConsume(count: number): Buffer {
  const body = Buffer.allocUnsafe(5);
  body.writeUInt8(TYPE_CONSUME, 0);
  body.writeUInt32LE(count, 1);
  return frame(body);
}

type Decoded = { type: 'append'; msg: BufferedMessage } | { type: 'consume'; count: number };

function decode(body: Buffer): Decoded | undefined {
  if (body.length < 1) return undefined;
  const type = body.readUInt8(0);
  if (type === TYPE_CONSUME) return body.length === 5 ? { type: 'consume', count: body.readUInt32LE(1) } : undefined;
  if (type !== TYPE_APPEND || body.length < 21) return undefined;
  const seq = body.readDoubleLE(1);
  const qos = body.readUInt8(9);
  const retain = body.readUInt8(10);
  const enqueuedAt = body.readDoubleLE(11);
  const topicLen = body.readUInt16LE(19);
  if (qos > 2 || retain > 1 || 21 + topicLen > body.length || topicLen === 0) return undefined;
  const topic = body.toString('utf8', 21, 21 + topicLen);
  const payload = Buffer.from(body.subarray(21 + topicLen));
  return { type: 'append', msg: { seq, topic, payload, qos: qos as 0 | 1 | 2, retain: retain === 1, enqueuedAt } };
}

/**
 * An {@link OfflineStore} backed by an append-only log file: buffered publishes survive a process restart
 * (or a crash: a torn tail record is ignored on load). Reads are served from memory; every change is written
 * to the file synchronously. One store per file: two processes (or two stores) must not share a log.
 *
 * @example
 * ```ts
 * const session = new MqttSession({ url, credentials, offlineBuffer: { store: new FileOfflineStore('/var/lib/app/mqtt-buffer.log') } });
 * ```
 */
export class FileOfflineStore implements OfflineStore {
  /** Absolute path of the log file. */
  readonly path: string;
  private readonly fsyncPolicy: FsyncPolicy;
  private readonly fsyncIntervalMs: number;
  private readonly compactAfterBytes: number;
  private readonly mem = new MemoryOfflineStore();
  private fd: number | undefined;
  private loaded = false;
  private closed = false;
  private fileBytes = 0;
  private liveFileBytes = 0;
  private readonly recordSizes: number[] = [];
  private recordHead = 0;
  private pendingConsume = 0;
  private consumeScheduled = false;
  private fsyncTimer: NodeJS.Timeout | undefined;
  private maxSeq = 0;
  private dropped = 0;

  /**
   * @param file - path of the log file (created with its directory when missing)
   * @param opts - fsync and compaction settings
   */
  constructor(file: string, opts: FileOfflineStoreOptions = {}) {
    this.path = path.resolve(file);
    this.fsyncPolicy = opts.fsync ?? 'interval';
    this.fsyncIntervalMs = opts.fsyncIntervalMs ?? 1000;
    this.compactAfterBytes = opts.compactAfterBytes ?? 1024 * 1024;
  }

  /** Number of buffered messages. */
  get count(): number {
    this.ensureLoaded();
    return this.mem.count;
  }

  /** Sum of topic + payload bytes of the buffered messages. */
  get bytes(): number {
    this.ensureLoaded();
    return this.mem.bytes;
  }

  /** Highest sequence number ever stored (so a buffer continues after what a previous process stored). */
  get lastSeq(): number {
    this.ensureLoaded();
    return this.maxSeq;
  }

  /** Bytes of torn or corrupt data that the last load cut off. */
  get discardedBytes(): number {
    return this.dropped;
  }

  /** Size of the log file in bytes. */
  get fileSize(): number {
    return this.fileBytes;
  }

  /** Reads the log (once). Called by the session before its first connect; any other method also loads on first use. */
  async load(): Promise<void> {
    this.ensureLoaded();
  }

  private ensureLoaded(): void {
    if (this.loaded) return;
    if (this.closed) throw new Error(`FileOfflineStore ${this.path} is closed`);
    this.loaded = true;
    mkdirSync(path.dirname(this.path), { recursive: true });
    let data: Buffer = Buffer.alloc(0);
    if (existsSync(this.path)) data = readFileSync(this.path);
    let off = 0;
    const live: Array<{ msg: BufferedMessage; size: number }> = [];
    let head = 0;
    while (off + HEADER <= data.length) {
      const len = data.readUInt32LE(off);
      if (len > MAX_RECORD || off + HEADER + len > data.length) break;
      const body = data.subarray(off + HEADER, off + HEADER + len);
      if (crc32(body) !== data.readUInt32LE(off + 4)) break;
      const rec = decode(body);
      if (!rec) break;
      if (rec.type === 'append') {
        live.push({ msg: rec.msg, size: HEADER + len });
        if (rec.msg.seq > this.maxSeq) this.maxSeq = rec.msg.seq;
      } else {
        head = Math.min(live.length, head + rec.count);
      }
      off += HEADER + len;
    }
    this.dropped = data.length - off;
    for (let i = head; i < live.length; i++) {
      this.mem.append(live[i]!.msg);
      this.recordSizes.push(live[i]!.size);
      this.liveFileBytes += live[i]!.size;
    }
    this.fileBytes = off;
    const needsRewrite = this.dropped > 0 || (off > this.compactAfterBytes && off - this.liveFileBytes > this.liveFileBytes) || (this.mem.count === 0 && off > 0);
    if (needsRewrite) this.rewrite();
    else this.fd = openSync(this.path, 'a');
  }

  private write(buf: Buffer): void {
    if (this.fd === undefined) throw new Error(`FileOfflineStore ${this.path} is closed`);
    let done = 0;
    try {
      while (done < buf.length) done += writeSync(this.fd, buf, done, buf.length - done);
    } catch (err) {
      // never leave a partial record behind (disk full): later appends would follow garbage
      try {
        ftruncateSync(this.fd, this.fileBytes);
      } catch {
        // the load-time check still cuts a torn record off
      }
      throw err;
    }
    this.fileBytes += buf.length;
    if (this.fsyncPolicy === 'always') fsyncSync(this.fd);
    else if (this.fsyncPolicy === 'interval' && !this.fsyncTimer) {
      this.fsyncTimer = setTimeout(() => {
        this.fsyncTimer = undefined;
        if (this.fd !== undefined) fsyncSync(this.fd);
      }, this.fsyncIntervalMs);
      this.fsyncTimer.unref();
    }
  }

  /** Appends a message (written to the log before this returns). */
  append(msg: BufferedMessage): void {
    this.ensureLoaded();
    if (this.closed) throw new Error(`FileOfflineStore ${this.path} is closed`);
    this.flushConsume();
    const rec = encodeAppend(msg);
    this.write(rec);
    this.mem.append(msg);
    this.recordSizes.push(rec.length);
    this.liveFileBytes += rec.length;
    if (msg.seq > this.maxSeq) this.maxSeq = msg.seq;
  }

  /** The oldest message. */
  peek(): BufferedMessage | undefined {
    this.ensureLoaded();
    return this.mem.peek();
  }

  /**
   * Removes the oldest message. The removal is logged in a batch at the end of the current tick (a crash before
   * that replays the message again: at-least-once).
   */
  shift(): BufferedMessage | undefined {
    this.ensureLoaded();
    const msg = this.mem.shift();
    if (!msg) return undefined;
    this.liveFileBytes -= this.recordSizes[this.recordHead] ?? 0;
    this.recordHead++;
    if (this.recordHead > 1024 && this.recordHead * 2 > this.recordSizes.length) {
      this.recordSizes.splice(0, this.recordHead);
      this.recordHead = 0;
    }
    if (this.closed) return msg;
    this.pendingConsume++;
    if (!this.consumeScheduled) {
      this.consumeScheduled = true;
      queueMicrotask(() => this.flushConsume());
    }
    return msg;
  }

  private flushConsume(): void {
    this.consumeScheduled = false;
    if (this.pendingConsume === 0 || this.fd === undefined) return;
    const n = this.pendingConsume;
    this.pendingConsume = 0;
    if (this.mem.count === 0) {
      this.rewrite();
      return;
    }
    this.write(encodeConsume(n));
    const dead = this.fileBytes - this.liveFileBytes;
    if (this.fileBytes > this.compactAfterBytes && dead > this.liveFileBytes) this.rewrite();
  }

  /**
   * Writes the live messages to `<path>.tmp`, fsyncs it and renames it over the log (atomic on POSIX), then
   * fsyncs the directory so the rename itself is durable.
   */
  private rewrite(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    let size = 0;
    const sizes: number[] = [];
    try {
      const items: BufferedMessage[] = [];
      for (let m = this.mem.shift(); m; m = this.mem.shift()) items.push(m);
      for (const m of items) {
        const rec = encodeAppend(m);
        let done = 0;
        while (done < rec.length) done += writeSync(fd, rec, done, rec.length - done);
        size += rec.length;
        sizes.push(rec.length);
        this.mem.append(m);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    this.fsyncDir();
    this.fileBytes = size;
    this.liveFileBytes = size;
    this.recordSizes.length = 0;
    this.recordSizes.push(...sizes);
    this.recordHead = 0;
    this.fd = openSync(this.path, 'a');
  }

  private fsyncDir(): void {
    try {
      const dfd = openSync(path.dirname(this.path), 'r');
      try {
        fsyncSync(dfd);
      } finally {
        closeSync(dfd);
      }
    } catch {
      // some platforms cannot fsync a directory; the rename is still atomic
    }
  }

  /** Removes every message and empties the log. */
  clear(): void {
    this.ensureLoaded();
    this.mem.clear();
    this.pendingConsume = 0;
    if (!this.closed) this.rewrite();
  }

  /** Writes pending removals, fsyncs and closes the file. Messages stay on disk for the next process. */
  close(): void {
    if (this.closed) return;
    if (this.loaded) this.flushConsume();
    this.closed = true;
    clearTimeout(this.fsyncTimer);
    this.fsyncTimer = undefined;
    if (this.fd !== undefined) {
      try {
        fsyncSync(this.fd);
      } finally {
        closeSync(this.fd);
        this.fd = undefined;
      }
    }
  }

  /**
   * Deletes the log file of a store (closed or never opened).
   * @param file - path of the log
   */
  static remove(file: string): void {
    rmSync(path.resolve(file), { force: true });
    rmSync(`${path.resolve(file)}.tmp`, { force: true });
  }
}
