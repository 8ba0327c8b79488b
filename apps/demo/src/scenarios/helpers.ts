import type { Emulator, TraceEntry } from '@iot/emulator';

/** The answer of a control route: HTTP status and the parsed JSON body (or the text when it is not JSON). */
export interface ControlAnswer {
  /** HTTP status code. */
  readonly status: number;
  /** Parsed JSON body, the raw text otherwise. */
  readonly body: unknown;
}

/**
 * Calls one of the emulator's control routes, as a console user or a cloud application would.
 * @param emu - the running emulator
 * @param method - HTTP method
 * @param path - path below the emulator's HTTP URL, e.g. `/control/huawei/devices/x/commands`
 * @param body - JSON body (omitted when undefined)
 * @returns status and body; throws when the status is not 2xx
 */
export async function control(emu: Emulator, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<ControlAnswer> {
  const res = await fetch(`${emu.httpUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    // not JSON: keep the text
  }
  if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} answered ${res.status} ${text.slice(0, 200)}`);
  return { status: res.status, body: parsed };
}

/**
 * Resolves once `check()` is true (polled every 10 ms); rejects after `timeoutMs`.
 * @param check - the condition
 * @param what - what is awaited, for the error message
 * @param timeoutMs - how long to wait
 */
export async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Throws when a condition does not hold (the scenario then ends as FAIL).
 * @param cond - the condition
 * @param what - what was expected
 */
export function expectThat(cond: boolean, what: string): asserts cond {
  if (!cond) throw new Error(`expected ${what}`);
}

/**
 * A payload shortened for one line of the story.
 * @param text - the payload
 * @param max - the longest text kept whole
 */
export function short(text: string | undefined, max = 100): string {
  if (text === undefined) return '';
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * The trace entries recorded since `since` that match a predicate.
 * @param emu - the running emulator
 * @param since - trace sequence number the scenario started at
 * @param match - filter
 */
export function traced(emu: Emulator, since: number, match: (e: TraceEntry) => boolean): TraceEntry[] {
  return emu.trace.entries({ since }).filter(match);
}

/**
 * A JSON value read from a trace payload, or undefined when it is not JSON.
 * @param e - the entry
 */
export function payloadJson(e: TraceEntry | undefined): unknown {
  if (e?.payload === undefined) return undefined;
  try {
    return JSON.parse(e.payload) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A value of a plain object, or undefined.
 * @param v - anything
 * @param key - property name
 */
export function field(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
}

/**
 * Waits until the emulator has no connected client left (a scenario's devices are gone), so that the next
 * scenario's trace starts clean.
 * @param emu - the running emulator
 * @param timeoutMs - how long to wait
 * @returns the client ids still connected after `timeoutMs` (empty when everything is closed)
 */
export async function settle(emu: Emulator, timeoutMs = 1000): Promise<string[]> {
  try {
    await until(() => emu.connectedClients().length === 0, 'every client to disconnect', timeoutMs);
  } catch {
    // reported through the return value
  }
  return emu.connectedClients().map((c) => c.clientId);
}
