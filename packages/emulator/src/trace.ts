import { EventEmitter } from 'eventemitter3';
import { topicMatches } from './topic.js';

/**
 * Kind of a trace entry. `publish` is a device uplink, `deliver` a downlink to one device,
 * `error` a plugin hook that threw (the emulator carried on).
 */
export type TraceKind = 'connect' | 'connack' | 'publish' | 'deliver' | 'subscribe' | 'unsubscribe' | 'disconnect' | 'denied' | 'http' | 'error';

/** One recorded event. Passwords are never stored: `connect` entries only say whether one was present. */
export interface TraceEntry {
  /** Monotonic sequence number, starting at 1. */
  seq: number;
  /** ISO-8601 time of the event. */
  time: string;
  /** What happened. */
  kind: TraceKind;
  /** MQTT client id (`''` for platform-side events without a client, e.g. HTTP). */
  clientId: string;
  /** Topic (publish/deliver/denied) or filter (subscribe/unsubscribe). */
  topic?: string;
  /** QoS of the message or granted subscription. */
  qos?: number;
  /** Retain flag of a message. */
  retain?: boolean;
  /** Payload as UTF-8 text, or `base64:<data>` when it is not valid UTF-8. */
  payload?: string;
  /** True when the payload was longer than the trace keeps and was cut. */
  truncated?: boolean;
  /** CONNACK return code (connack) or SUBACK code (subscribe). */
  returnCode?: number;
  /** Vendor plugin of the client or route. */
  vendor?: string;
  /** MQTT username (connect). */
  username?: string;
  /** Whether a password was presented (connect); the password itself is never recorded. */
  passwordPresent?: boolean;
  /** MQTT protocol version (connect). */
  protocolVersion?: number;
  /** True when the client connected over TLS (connect). */
  tls?: boolean;
  /** Human-readable reason (connack refusal, denied, disconnect, plugin error). */
  reason?: string;
  /** True for a subscription made by the platform (server-side), not by a SUBSCRIBE packet. */
  auto?: boolean;
  /** HTTP method (http). */
  method?: string;
  /** HTTP path (http). */
  path?: string;
  /** HTTP status (http). */
  status?: number;
}

/** A trace entry before the trace numbers and time-stamps it. */
export type TraceInput = Omit<TraceEntry, 'seq' | 'time' | 'payload'> & { payload?: Buffer | string };

/** Selects trace entries. All given criteria must hold. */
export interface TraceFilter {
  /** Only entries with `seq > since`. */
  since?: number;
  /** Only this client id. */
  clientId?: string;
  /** Only entries whose topic matches this MQTT filter (exact topics match themselves). */
  topic?: string;
  /** Only these kinds. */
  kind?: TraceKind | TraceKind[];
  /** Only this vendor. */
  vendor?: string;
}

/** Options of {@link MessageTrace}. */
export interface MessageTraceOptions {
  /** Entries kept (oldest dropped first), 10000 by default. */
  max?: number;
  /** Payload bytes kept per entry, 256 KiB by default. */
  maxPayloadBytes?: number;
}

/** Events of {@link MessageTrace}. */
export interface MessageTraceEvents {
  /** Every new entry, as recorded. */
  entry: (entry: TraceEntry) => void;
}

/** Raised by {@link MessageTrace.waitFor} when no entry matched in time. */
export class TraceTimeoutError extends Error {
  /** @param timeoutMs - how long it waited */
  constructor(timeoutMs: number) {
    super(`no matching trace entry within ${timeoutMs} ms`);
    this.name = 'TraceTimeoutError';
  }
}

/**
 * Encodes a payload for the trace: UTF-8 text when the bytes are valid UTF-8, else `base64:<data>`.
 * @returns the encoded payload
 */
export function encodeTracePayload(payload: Buffer): string {
  const text = payload.toString('utf8');
  return Buffer.byteLength(text) === payload.length && !text.includes('\uFFFD') && !text.startsWith('base64:') ? text : `base64:${payload.toString('base64')}`;
}

/** Decodes a payload encoded by {@link encodeTracePayload}. */
export function decodeTracePayload(payload: string): Buffer {
  return payload.startsWith('base64:') ? Buffer.from(payload.slice(7), 'base64') : Buffer.from(payload, 'utf8');
}

/** Tells whether an entry satisfies a filter. */
export function traceEntryMatches(e: TraceEntry, f: TraceFilter): boolean {
  if (f.since !== undefined && e.seq <= f.since) return false;
  if (f.clientId !== undefined && e.clientId !== f.clientId) return false;
  if (f.vendor !== undefined && e.vendor !== f.vendor) return false;
  if (f.kind !== undefined && !(Array.isArray(f.kind) ? f.kind.includes(e.kind) : f.kind === e.kind)) return false;
  if (f.topic !== undefined && (e.topic === undefined || !topicMatches(f.topic, e.topic))) return false;
  return true;
}

/** A bounded ring buffer of what went over the wire and through the HTTP API. */
export class MessageTrace extends EventEmitter<MessageTraceEvents> {
  private readonly buf: (TraceEntry | undefined)[];
  private readonly max: number;
  private readonly maxPayloadBytes: number;
  private start = 0;
  private count = 0;
  private nextSeq = 1;

  /** @param opts - capacity settings */
  constructor(opts: MessageTraceOptions = {}) {
    super();
    this.max = Math.max(1, Math.floor(opts.max ?? 10_000));
    this.maxPayloadBytes = Math.max(0, Math.floor(opts.maxPayloadBytes ?? 256 * 1024));
    this.buf = new Array<TraceEntry | undefined>(this.max);
  }

  /** Sequence number of the latest entry (0 when none yet); pass it as `since` to see only newer ones. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Number of entries currently kept. */
  get size(): number {
    return this.count;
  }

  /**
   * Records an entry (drops the oldest when full) and emits `entry`.
   * @returns the stored entry
   */
  record(input: TraceInput): TraceEntry {
    const { payload, ...rest } = input;
    const entry: TraceEntry = { seq: this.nextSeq++, time: new Date().toISOString(), ...rest };
    if (payload !== undefined) {
      let bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
      if (bytes.length > this.maxPayloadBytes) {
        bytes = bytes.subarray(0, this.maxPayloadBytes);
        entry.truncated = true;
      }
      entry.payload = encodeTracePayload(bytes);
    }
    if (this.count < this.max) {
      this.buf[(this.start + this.count) % this.max] = entry;
      this.count++;
    } else {
      this.buf[this.start] = entry;
      this.start = (this.start + 1) % this.max;
    }
    this.emit('entry', entry);
    return entry;
  }

  /**
   * @param filter - criteria; all entries when omitted
   * @returns kept entries matching the filter, oldest first
   */
  entries(filter: TraceFilter = {}): TraceEntry[] {
    const out: TraceEntry[] = [];
    for (let i = 0; i < this.count; i++) {
      const e = this.buf[(this.start + i) % this.max];
      if (e && traceEntryMatches(e, filter)) out.push(e);
    }
    return out;
  }

  /**
   * Resolves with the first kept entry satisfying `predicate`, or the next one recorded.
   * Pass a filter with `since: trace.lastSeq` (taken before acting) to ignore older entries.
   * @param predicate - test applied to entries
   * @param timeoutMs - rejects with TraceTimeoutError after this long (5000 by default)
   * @param filter - optional pre-filter, e.g. `{ since }`
   */
  waitFor(predicate: (e: TraceEntry) => boolean, timeoutMs = 5000, filter: TraceFilter = {}): Promise<TraceEntry> {
    const test = (e: TraceEntry): boolean => {
      try {
        return traceEntryMatches(e, filter) && predicate(e);
      } catch {
        return false;
      }
    };
    const existing = this.entries().find(test);
    if (existing) return Promise.resolve(existing);
    return new Promise<TraceEntry>((resolve, reject) => {
      const onEntry = (e: TraceEntry): void => {
        if (!test(e)) return;
        clearTimeout(timer);
        this.off('entry', onEntry);
        resolve(e);
      };
      const timer = setTimeout(() => {
        this.off('entry', onEntry);
        reject(new TraceTimeoutError(timeoutMs));
      }, timeoutMs);
      this.on('entry', onEntry);
    });
  }

  /** Forgets every kept entry (sequence numbers keep growing). */
  clear(): void {
    this.buf.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}
