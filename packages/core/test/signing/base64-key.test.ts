import { decodeBase64Key } from '../../src/signing/base64-key.js';

describe('decodeBase64Key', () => {
  test('decodes padded and unpadded-length keys', () => {
    expect(decodeBase64Key('MTIzNDU2Nzg5MGFiY2RlZg==').toString()).toBe('1234567890abcdef');
    expect(decodeBase64Key('YWJj').toString()).toBe('abc');
    expect(decodeBase64Key('YWI=').toString()).toBe('ab');
    expect(decodeBase64Key('+/+/').equals(Buffer.from([0xfb, 0xff, 0xbf]))).toBe(true);
  });

  test('the empty string decodes to no bytes', () => {
    expect(decodeBase64Key('').length).toBe(0);
  });

  test('round-trips random binary keys', () => {
    for (let n = 0; n < 64; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 0xff));
      expect(decodeBase64Key(bytes.toString('base64')).equals(bytes)).toBe(true);
    }
  });

  test.each([
    ['missing padding', 'YWI'],
    ['bad length', 'YWJjZ'],
    ['character outside the alphabet', 'YW*j'],
    ['URL-safe alphabet', 'a-_b'],
    ['inner whitespace', 'YWJj ZGVm'],
    ['trailing newline', 'YWJj\n'],
    ['padding in the middle', 'YQ==YWJj'],
    ['too much padding', 'Y==='],
    ['non-zero unused bits', 'YR=='],
  ])('rejects %s with TypeError', (_what, input) => {
    expect(() => decodeBase64Key(input)).toThrow(TypeError);
  });

  test('rejects a non-string', () => {
    expect(() => decodeBase64Key(42 as unknown as string)).toThrow(TypeError);
  });

  test('never echoes the key in the error', () => {
    const secret = 'c2VjcmV0c2VjcmV0*';
    try {
      decodeBase64Key(secret);
      throw new Error('expected a TypeError');
    } catch (err) {
      expect(err).toBeInstanceOf(TypeError);
      expect((err as Error).message).not.toContain('c2VjcmV0');
    }
  });
});
