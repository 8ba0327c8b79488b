import { formatUtc, unixMillis, unixSeconds } from '../../src/signing/time.js';

describe('unixSeconds / unixMillis', () => {
  test('truncate to whole seconds', () => {
    const d = new Date(1700000000123);
    expect(unixSeconds(d)).toBe(1700000000);
    expect(unixMillis(d)).toBe(1700000000123);
    expect(unixSeconds(new Date(1700000000999))).toBe(1700000000);
  });

  test('default to now', () => {
    const before = Date.now();
    const ms = unixMillis();
    const s = unixSeconds();
    const after = Date.now();
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
    expect(s).toBeGreaterThanOrEqual(Math.floor(before / 1000));
    expect(s).toBeLessThanOrEqual(Math.floor(after / 1000));
  });

  test('reject an invalid date', () => {
    expect(() => unixSeconds(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => unixMillis(new Date('nope'))).toThrow(RangeError);
  });
});

describe('formatUtc', () => {
  // 2024-01-02T03:04:05.006Z
  const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));

  test('Huawei IoTDA hour timestamp', () => {
    expect(formatUtc(d, 'YYYYMMDDHH')).toBe('2024010203');
  });

  test('compact and ISO-like patterns', () => {
    expect(formatUtc(d, 'YYYYMMDDHHmmss')).toBe('20240102030405');
    expect(formatUtc(d, 'YYYY-MM-DDTHH:mm:ssZ')).toBe('2024-01-02T03:04:05Z');
    expect(formatUtc(d, 'HH:mm:ss.SSS')).toBe('03:04:05.006');
    expect(formatUtc(d, '[YYYY is] YYYY')).toBe('YYYY is 2024');
  });

  test('uses UTC fields, not local time', () => {
    const lateEvening = new Date(Date.UTC(2023, 11, 31, 23, 59, 59));
    expect(formatUtc(lateEvening, 'YYYYMMDDHHmmss')).toBe('20231231235959');
  });

  test('rejects an invalid date', () => {
    expect(() => formatUtc(new Date(Number.NaN), 'YYYY')).toThrow(RangeError);
  });
});
