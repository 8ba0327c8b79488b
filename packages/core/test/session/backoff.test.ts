import { ExponentialBackoff } from '../../src/session/backoff.js';

const ctx = (attempt: number) => ({ attempt, cause: 'network' as const });

function seq(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('ExponentialBackoff', () => {
  it('has the documented defaults (full jitter, 1 s .. 60 s, factor 2)', () => {
    const b = new ExponentialBackoff({ random: () => 0.999999 });
    expect([1, 2, 3, 7, 8, 20].map((a) => b.next(ctx(a)))).toEqual([1000, 2000, 4000, 60000, 60000, 60000].map((v) => Math.round(v * 0.999999)));
  });

  it('none: min * factor^(n-1), capped', () => {
    const b = new ExponentialBackoff({ minDelayMs: 100, maxDelayMs: 1000, factor: 3, jitter: 'none' });
    expect([1, 2, 3, 4, 5].map((a) => b.next(ctx(a)))).toEqual([100, 300, 900, 1000, 1000]);
  });

  it('full: uniform in [0, base]', () => {
    const b = new ExponentialBackoff({ minDelayMs: 100, maxDelayMs: 10_000, jitter: 'full', random: seq([0, 0.5, 0.25]) });
    expect([1, 2, 3].map((a) => b.next(ctx(a)))).toEqual([0, 100, 100]);
  });

  it('equal: base/2 + uniform[0, base/2]', () => {
    const b = new ExponentialBackoff({ minDelayMs: 100, maxDelayMs: 10_000, jitter: 'equal', random: seq([0, 1, 0.5]) });
    expect([1, 2, 3].map((a) => b.next(ctx(a)))).toEqual([50, 200, 300]);
  });

  it('decorrelated: uniform[min, 3 * previous], capped, and reset() starts over', () => {
    const b = new ExponentialBackoff({ minDelayMs: 100, maxDelayMs: 1000, jitter: 'decorrelated', random: seq([1, 1, 1, 1]) });
    expect([1, 2, 3, 4].map((a) => b.next(ctx(a)))).toEqual([300, 900, 1000, 1000]);
    b.reset();
    expect(b.next(ctx(1))).toBe(300);
    const lo = new ExponentialBackoff({ minDelayMs: 100, maxDelayMs: 1000, jitter: 'decorrelated', random: () => 0 });
    expect(lo.next(ctx(1))).toBe(100);
  });

  it('stays within [0, max] for random input and odd attempts', () => {
    for (const jitter of ['none', 'full', 'equal', 'decorrelated'] as const) {
      const b = new ExponentialBackoff({ minDelayMs: 10, maxDelayMs: 500, jitter });
      for (let a = 0; a < 200; a++) {
        const d = b.next(ctx(a === 0 ? -3 : a));
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(500);
        expect(Number.isInteger(d)).toBe(true);
      }
    }
  });

  it('rejects nonsense options', () => {
    expect(() => new ExponentialBackoff({ minDelayMs: -1 })).toThrow(RangeError);
    expect(() => new ExponentialBackoff({ minDelayMs: 10, maxDelayMs: 5 })).toThrow(RangeError);
    expect(() => new ExponentialBackoff({ factor: 0.5 })).toThrow(RangeError);
  });
});
