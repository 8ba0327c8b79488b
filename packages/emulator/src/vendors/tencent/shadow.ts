/**
 * Device shadow documents of the emulated IoT Hub: reported/desired state, versions, deltas and the
 * replies of `$shadow/operation/result/...` (spec 3.9, platform "device shadow data flow").
 * @packageDocumentation
 */

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** Shadow result codes used by the emulator. */
export const ShadowResult = {
  /** Success. */
  OK: 0,
  /** Malformed request (bad JSON shape, unknown type). */
  BAD_REQUEST: 5000,
  /** `version` of the request differs from the document's. */
  VERSION_CONFLICT: 5005,
} as const;

/** Snapshot of a shadow document (control API view). */
export interface ShadowSnapshot {
  /** `reported`, `desired` (when any) and the computed `delta` (when any). */
  state: { delta?: JsonObject; desired?: JsonObject; reported: JsonObject };
  /** Last change, ms. */
  timestamp: number;
  /** Document version (0 = never changed). */
  version: number;
}

/** Outcome of {@link ShadowDocument.setDesired}. */
export type DesiredResult = { ok: true; delta: JsonObject | undefined } | { ok: false; version: number };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Merges `patch` into `target` (null deletes a key). @returns the keys that changed, with their new values */
function merge(target: JsonObject, patch: JsonObject): JsonObject {
  const changed: JsonObject = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      if (k in target) {
        delete target[k];
        changed[k] = null;
      }
    } else if (!(k in target) || !same(target[k], v)) {
      target[k] = v;
      changed[k] = v;
    }
  }
  return changed;
}

function sorted(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/** One device's shadow. */
export class ShadowDocument {
  private reported: JsonObject = {};
  private desired: JsonObject = {};
  /** Document version. */
  version = 0;
  /** Last change, ms. */
  timestamp: number;

  /** @param now - clock in ms */
  constructor(private readonly now: () => number = Date.now) {
    this.timestamp = now();
  }

  /** desired keys whose value differs from reported; undefined when none */
  delta(): JsonObject | undefined {
    const d: JsonObject = {};
    for (const [k, v] of Object.entries(this.desired)) if (!same(this.reported[k], v)) d[k] = v;
    return Object.keys(d).length > 0 ? d : undefined;
  }

  /** The document as the control API and `get` replies show it. */
  snapshot(): ShadowSnapshot {
    const delta = this.delta();
    const desired = Object.keys(this.desired).length > 0 ? { ...this.desired } : undefined;
    const state: ShadowSnapshot['state'] = delta ? { delta, desired, reported: { ...this.reported } } : desired ? { desired, reported: { ...this.reported } } : { reported: { ...this.reported } };
    return { state, timestamp: this.timestamp, version: this.version };
  }

  /**
   * Answers one device request on `$shadow/operation/...`.
   * @returns the reply object (compact JSON, keys in platform order)
   */
  handle(request: unknown): JsonObject {
    const nowMs = this.now();
    if (!isObject(request) || typeof request['type'] !== 'string') {
      return { result: ShadowResult.BAD_REQUEST, timestamp: nowMs, type: isObject(request) && typeof request['type'] === 'string' ? request['type'] : 'unknown' };
    }
    const type = request['type'];
    const token = request['clientToken'];
    const head: JsonObject = {};
    if (token !== undefined && token !== null) head['clientToken'] = typeof token === 'string' ? token : JSON.stringify(token);
    const fail = (code: number): JsonObject => ({ ...head, result: code, timestamp: nowMs, type });
    switch (type) {
      case 'get': {
        const snap = this.snapshot();
        return { ...head, payload: { state: snap.state, timestamp: snap.timestamp, version: snap.version }, result: 0, timestamp: Math.floor(nowMs / 1000), type };
      }
      case 'update': {
        const state = request['state'];
        if (!isObject(state)) return fail(ShadowResult.BAD_REQUEST);
        const reported = state['reported'];
        const desired = state['desired'];
        if ((reported !== undefined && reported !== null && !isObject(reported)) || (desired !== undefined && desired !== null && !isObject(desired))) return fail(ShadowResult.BAD_REQUEST);
        const v = request['version'];
        if (v !== undefined && v !== null && v !== 0) {
          if (typeof v !== 'number' || !Number.isInteger(v)) return fail(ShadowResult.BAD_REQUEST);
          if (v !== this.version) return fail(ShadowResult.VERSION_CONFLICT);
        }
        const echo: JsonObject = {};
        if (desired === null) {
          if (Object.keys(this.desired).length > 0) echo['desired'] = null;
          this.desired = {};
        } else if (isObject(desired)) {
          const c = merge(this.desired, desired);
          if (Object.keys(c).length > 0) echo['desired'] = c;
        }
        if (reported === null) {
          if (Object.keys(this.reported).length > 0) echo['reported'] = null;
          this.reported = {};
        } else if (isObject(reported)) {
          const c = merge(this.reported, reported);
          if (Object.keys(c).length > 0) echo['reported'] = c;
        }
        if (Object.keys(echo).length > 0) {
          this.version += 1;
          this.timestamp = nowMs;
        }
        return { ...head, payload: { state: sorted(echo), timestamp: this.timestamp, version: this.version }, result: 0, timestamp: nowMs, type };
      }
      case 'delete': {
        const v = request['version'];
        if (typeof v === 'number' && v !== 0 && v !== this.version) return fail(ShadowResult.VERSION_CONFLICT);
        const hadState = Object.keys(this.reported).length > 0 || Object.keys(this.desired).length > 0;
        this.reported = {};
        this.desired = {};
        if (hadState) {
          this.version += 1;
          this.timestamp = nowMs;
        }
        return { ...head, payload: { timestamp: this.timestamp, version: this.version }, result: 0, timestamp: nowMs, type };
      }
      default:
        return fail(ShadowResult.BAD_REQUEST);
    }
  }

  /**
   * Console/application update of the desired state (null deletes a key, `null` as a whole clears it).
   * @param expectedVersion - when given (and not 0), must equal the current version
   */
  setDesired(patch: JsonObject | null, expectedVersion?: number): DesiredResult {
    if (expectedVersion !== undefined && expectedVersion !== 0 && expectedVersion !== this.version) return { ok: false, version: this.version };
    let changed: boolean;
    if (patch === null) {
      changed = Object.keys(this.desired).length > 0;
      this.desired = {};
    } else {
      changed = Object.keys(merge(this.desired, patch)).length > 0;
    }
    if (changed) {
      this.version += 1;
      this.timestamp = this.now();
    }
    return { ok: true, delta: changed ? this.delta() : undefined };
  }

  /** The `delta` push sent to the device after a desired change. */
  deltaMessage(delta: JsonObject): JsonObject {
    return { payload: { state: delta, timestamp: this.timestamp, version: this.version }, timestamp: this.now(), type: 'delta' };
  }
}
