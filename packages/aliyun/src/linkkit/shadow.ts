/**
 * `LinkKit.Shadow`: the local cache of the device shadow, filled from every `/shadow/get/{pk}/{dn}` message.
 * Method names keep the SDK's "recevied" spelling.
 * @module
 */
import { pyJsonDumps } from './python-format.js';

/** The shadow fields as a plain object (`to_dict()`), keys in the SDK's order. */
export interface ShadowDict {
  /** Shadow state (`{reported, desired}`). */
  state: unknown;
  /** Shadow metadata. */
  metadata: unknown;
  /** Shadow version. */
  version: unknown;
  /** Timestamp of the last shadow message. */
  timestamp: unknown;
}

/** `LinkKit.Shadow`. All fields start as `null` (Python `None`). */
export class Shadow {
  private version: unknown = null;
  private timestamp: unknown = null;
  private state: unknown = null;
  private metadata: unknown = null;
  private latestReceivedTime: number | null = null;
  private latestReceivedPayload: Buffer | null = null;

  /** Shadow version, or null. */
  get_version(): unknown {
    return this.version;
  }

  /** Shadow metadata, or null. */
  get_metadata(): unknown {
    return this.metadata;
  }

  /** Shadow state (`{reported, desired}`), or null. */
  get_state(): unknown {
    return this.state;
  }

  /** Sets the state. */
  set_state(state: unknown): void {
    this.state = state;
  }

  /** Sets the metadata. */
  set_metadata(metadata: unknown): void {
    this.metadata = metadata;
  }

  /** Sets the version. */
  set_version(version: unknown): void {
    this.version = version;
  }

  /** Sets the timestamp (there is no getter, as in the SDK; read it through `to_dict()`). */
  set_timestamp(timestamp: unknown): void {
    this.timestamp = timestamp;
  }

  /** Sets the time (ms) the last shadow message arrived. */
  set_latest_recevied_time(timestamp: number | null): void {
    this.latestReceivedTime = timestamp;
  }

  /** Time (ms) the last shadow message arrived, or null. */
  get_latest_recevied_time(): number | null {
    return this.latestReceivedTime;
  }

  /** Stores the raw payload of the last shadow message. */
  set_latest_recevied_payload(payload: Buffer | null): void {
    this.latestReceivedPayload = payload;
  }

  /**
   * Raw payload of the last shadow message. Returns null before the first message (linkkit.py raises
   * AttributeError there because of a misspelt attribute, spec Q16: fixed).
   */
  get_latest_recevied_payload(): Buffer | null {
    return this.latestReceivedPayload;
  }

  /** `{state, metadata, version, timestamp}`. */
  to_dict(): ShadowDict {
    return { state: this.state, metadata: this.metadata, version: this.version, timestamp: this.timestamp };
  }

  /** Python `json.dumps(to_dict())`. */
  to_json_string(): string {
    return pyJsonDumps(this.to_dict());
  }

  /**
   * Applies one `/shadow/get` message the way the SDK does; every parse problem is ignored.
   * @param payload - raw message
   * @param nowMs - receive time
   */
  applyMessage(payload: Buffer, nowMs: number): void {
    this.set_latest_recevied_time(nowMs);
    this.set_latest_recevied_payload(payload);
    let msg: unknown;
    try {
      msg = JSON.parse(payload.toString('utf8'));
    } catch {
      return;
    }
    if (!isRecord(msg)) return;
    const inner = msg['payload'];
    if ('version' in msg) this.set_version(msg['version']);
    else if (isRecord(inner) && 'version' in inner) this.set_version(inner['version']);
    if ('timestamp' in msg) this.set_timestamp(msg['timestamp']);
    else if (isRecord(inner) && 'timestamp' in inner) this.set_timestamp(inner['timestamp']);
    if (isRecord(inner) && inner['status'] === 'success') {
      if ('state' in inner) this.set_state(inner['state']);
      if ('metadata' in inner) this.set_metadata(inner['metadata']);
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
