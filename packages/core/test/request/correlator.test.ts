import {
  CorrelatorDestroyedError,
  DuplicateRequestError,
  PendingLimitError,
  RequestCorrelator,
  RequestTimeoutError,
} from '../../src/request/correlator.js';

/**
 * Counts the timers created through the global setTimeout that are still pending (neither fired
 * nor cleared). Only code running between install and restore is seen, so timers of jest itself
 * or of other suites cannot disturb the count.
 */
const pendingTimers = new Set<unknown>();
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

beforeEach(() => {
  pendingTimers.clear();
  globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle: NodeJS.Timeout = realSetTimeout(
      (...a: unknown[]) => {
        pendingTimers.delete(handle);
        fn(...a);
      },
      ms,
      ...args,
    );
    pendingTimers.add(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle?: NodeJS.Timeout | string | number) => {
    pendingTimers.delete(handle);
    realClearTimeout(handle);
  }) as typeof clearTimeout;
});

afterEach(() => {
  globalThis.setTimeout = realSetTimeout;
  globalThis.clearTimeout = realClearTimeout;
});

function liveTimers(): number {
  return pendingTimers.size;
}

describe('RequestCorrelator', () => {
  test('resolves the waiting request with its reply and forgets it', async () => {
    const c = new RequestCorrelator<{ code: number }>();
    const p = c.wait('1');
    expect(c.size).toBe(1);
    expect(c.has('1')).toBe(true);
    expect(c.resolve('1', { code: 200 })).toBe(true);
    await expect(p).resolves.toEqual({ code: 200 });
    expect(c.size).toBe(0);
    c.destroy();
  });

  test('replies are matched by id regardless of order', async () => {
    const c = new RequestCorrelator<string>();
    const a = c.wait('a');
    const b = c.wait('b');
    expect(c.resolve('b', 'B')).toBe(true);
    expect(c.resolve('a', 'A')).toBe(true);
    await expect(Promise.all([a, b])).resolves.toEqual(['A', 'B']);
    c.destroy();
  });

  test('duplicate, late and unsolicited replies return false', async () => {
    const c = new RequestCorrelator<number>({ timeoutMs: 20 });
    const p = c.wait('7');
    expect(c.resolve('7', 1)).toBe(true);
    expect(c.resolve('7', 2)).toBe(false);
    await expect(p).resolves.toBe(1);
    expect(c.resolve('unknown', 3)).toBe(false);

    const late = c.wait('8');
    await expect(late).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(c.resolve('8', 4)).toBe(false);
    expect(c.reject('8', new Error('x'))).toBe(false);
    expect(c.size).toBe(0);
    c.destroy();
  });

  test('times out with RequestTimeoutError carrying the id; per-request timeout overrides the default', async () => {
    const c = new RequestCorrelator<string>({ timeoutMs: 60_000 });
    const started = Date.now();
    const err = await c.wait('req-9', 30).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect((err as RequestTimeoutError).id).toBe('req-9');
    expect((err as RequestTimeoutError).timeoutMs).toBe(30);
    expect((err as Error).message).toContain('req-9');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(c.size).toBe(0);
    c.destroy();
  });

  test('a reply clears the request timer (no leftover timers)', async () => {
    const c = new RequestCorrelator<number>({ timeoutMs: 60_000 });
    const ps = [c.wait('1'), c.wait('2'), c.wait('3')];
    expect(liveTimers()).toBe(3);
    c.resolve('1', 1);
    c.reject('2', new Error('refused'));
    expect(liveTimers()).toBe(1);
    c.resolve('3', 3);
    expect(liveTimers()).toBe(0);
    await expect(ps[0]).resolves.toBe(1);
    await expect(ps[1]).rejects.toThrow('refused');
    await expect(ps[2]).resolves.toBe(3);
  });

  test('rejectAll fails every pending request, clears timers, and the correlator stays usable', async () => {
    const c = new RequestCorrelator<number>({ timeoutMs: 60_000 });
    const ps = [c.wait('1'), c.wait('2')];
    const gone = new Error('disconnected');
    c.rejectAll(gone);
    expect(c.size).toBe(0);
    expect(liveTimers()).toBe(0);
    for (const p of ps) await expect(p).rejects.toBe(gone);
    const again = c.wait('1');
    c.resolve('1', 5);
    await expect(again).resolves.toBe(5);
    c.destroy();
  });

  test('destroy clears every timer and rejects pending and later waits', async () => {
    const c = new RequestCorrelator<number>({ timeoutMs: 60_000 });
    const ps = Array.from({ length: 50 }, (_, i) => c.wait(String(i)));
    expect(liveTimers()).toBe(50);
    c.destroy();
    expect(liveTimers()).toBe(0);
    expect(c.size).toBe(0);
    for (const p of ps) await expect(p).rejects.toBeInstanceOf(CorrelatorDestroyedError);
    await expect(c.wait('x')).rejects.toBeInstanceOf(CorrelatorDestroyedError);
    expect(c.resolve('1', 1)).toBe(false);
    expect(() => c.destroy()).not.toThrow();
  });

  test('the pending table is bounded', async () => {
    const c = new RequestCorrelator<number>({ maxPending: 2 });
    const a = c.wait('a');
    const b = c.wait('b');
    const err = await c.wait('c').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PendingLimitError);
    expect((err as PendingLimitError).limit).toBe(2);
    expect(c.size).toBe(2);
    c.resolve('a', 1);
    const cAgain = c.wait('c');
    expect(c.size).toBe(2);
    c.resolve('b', 2);
    c.resolve('c', 3);
    await expect(Promise.all([a, b, cAgain])).resolves.toEqual([1, 2, 3]);
    c.destroy();
  });

  test('a second wait on a pending id is rejected and the first one is kept', async () => {
    const c = new RequestCorrelator<string>();
    const first = c.wait('dup');
    await expect(c.wait('dup')).rejects.toBeInstanceOf(DuplicateRequestError);
    c.resolve('dup', 'ok');
    await expect(first).resolves.toBe('ok');
    c.destroy();
  });

  test('Infinity waits without a timer', async () => {
    const c = new RequestCorrelator<number>({ timeoutMs: Infinity });
    const p = c.wait('1');
    expect(liveTimers()).toBe(0);
    c.resolve('1', 1);
    await expect(p).resolves.toBe(1);
  });

  test('invalid settings are rejected', async () => {
    expect(() => new RequestCorrelator({ timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new RequestCorrelator({ timeoutMs: Number.NaN })).toThrow(RangeError);
    expect(() => new RequestCorrelator({ maxPending: 0 })).toThrow(RangeError);
    expect(() => new RequestCorrelator({ maxPending: 1.5 })).toThrow(RangeError);
    const c = new RequestCorrelator<number>();
    await expect(c.wait('1', -1)).rejects.toBeInstanceOf(RangeError);
    expect(c.size).toBe(0);
  });

  test('many requests settle without leaking entries or timers', async () => {
    const c = new RequestCorrelator<number>({ timeoutMs: 5, maxPending: 10_000 });
    const ps: Promise<number>[] = [];
    for (let i = 0; i < 2000; i++) ps.push(c.wait(String(i)));
    for (let i = 0; i < 2000; i += 2) c.resolve(String(i), i);
    const results = await Promise.allSettled(ps);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1000);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof RequestTimeoutError)).toHaveLength(1000);
    expect(c.size).toBe(0);
    expect(liveTimers()).toBe(0);
    c.destroy();
  });
});
