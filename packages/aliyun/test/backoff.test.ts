import { LinkKitBackoff } from '../src/linkkit/backoff.js';

describe('LinkKitBackoff (linkkit.py __reconnect_wait)', () => {
  test('defaults (1, 60): 1, then min(2s, max) + randint(1, that)', () => {
    const lo = new LinkKitBackoff({ random: () => 0 });
    expect([1, 2, 3, 4, 5, 6, 7].map(() => lo.nextSeconds())).toEqual([1, 3, 7, 15, 31, 61, 61]);
    const hi = new LinkKitBackoff({ random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map(() => hi.nextSeconds())).toEqual([1, 4, 16, 64, 120, 120]);
  });

  test('a CONNACK resets the schedule; the stable-connection reset does not', () => {
    const b = new LinkKitBackoff({ random: () => 0 });
    b.nextSeconds();
    b.nextSeconds();
    b.reset();
    expect(b.currentSeconds).toBe(3);
    b.onConnected();
    expect(b.currentSeconds).toBe(0);
    expect(b.nextSeconds()).toBe(1);
  });

  test('next() scales by the configured second length and respects config limits', () => {
    const b = new LinkKitBackoff({ random: () => 0, secondMs: 10 });
    b.configure(5, 8);
    expect(b.next({ attempt: 1, cause: 'network' })).toBe(50);
    expect(b.next({ attempt: 2, cause: 'network' })).toBe(90);
    expect(b.next({ attempt: 3, cause: 'network' })).toBe(90);
  });
});
