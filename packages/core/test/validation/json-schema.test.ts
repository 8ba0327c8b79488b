import { compileValidator, safeJsonParse } from '../../src/validation/json-schema.js';

describe('compileValidator', () => {
  const schema = {
    type: 'object',
    properties: {
      temperature: { type: 'number' },
      humidity: { type: 'integer', minimum: 0, maximum: 100 },
      mode: { enum: ['auto', 'manual'] },
      tags: { type: 'array', items: { type: 'string' } },
      version: { const: 1 },
    },
    required: ['temperature'],
    additionalProperties: false,
  };
  const check = compileValidator(schema);

  test('valid data gives no errors', () => {
    expect(check({ temperature: 21.5, humidity: 40, mode: 'auto', tags: ['a'], version: 1 })).toEqual({ valid: true, errors: [] });
  });

  test('reports a type error with its JSON pointer', () => {
    expect(check({ temperature: 'hot' })).toEqual({ valid: false, errors: ['/temperature must be number'] });
  });

  test('reports every problem at once (allErrors), with readable details', () => {
    const r = check({ humidity: 101, mode: 'turbo', tags: ['x', 3], extra: true, version: 2 });
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual(
      expect.arrayContaining([
        "/ must have required property 'temperature'",
        "/ must NOT have additional property 'extra'",
        '/humidity must be <= 100',
        "/mode must be one of 'auto', 'manual'",
        '/tags/1 must be string',
        '/version must be equal to 1',
      ]),
    );
    expect(r.errors).toHaveLength(6);
  });

  test('non-object data at the root', () => {
    expect(check('nope')).toEqual({ valid: false, errors: ['/ must be object'] });
    expect(check(undefined).valid).toBe(false);
  });

  test('unknown vendor keywords are ignored, an invalid schema throws at compile time', () => {
    const v = compileValidator({ type: 'object', properties: { t: { type: 'number', unit: '°C', accessMode: 'rw' } } });
    expect(v({ t: 1 }).valid).toBe(true);
    expect(() => compileValidator({ type: 'nope' })).toThrow();
  });

  test('validators are independent (same $id twice is fine)', () => {
    const a = compileValidator({ $id: 'https://example.com/schemas/x.json', type: 'number' });
    const b = compileValidator({ $id: 'https://example.com/schemas/x.json', type: 'string' });
    expect(a(1).valid).toBe(true);
    expect(b(1).valid).toBe(false);
  });

  test('the number of messages is bounded', () => {
    const arr = compileValidator({ type: 'array', items: { type: 'string' } }, { maxErrors: 5 });
    const r = arr(Array.from({ length: 50 }, (_, i) => i));
    expect(r.errors).toHaveLength(6);
    expect(r.errors[0]).toBe('/0 must be string');
    expect(r.errors[5]).toBe('... and 45 more errors');
  });
});

/** Small deterministic PRNG so a failing fuzz case can be reproduced. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(rnd: () => number, depth = 0): unknown {
  const k = Math.floor(rnd() * (depth > 3 ? 5 : 7));
  switch (k) {
    case 0:
      return null;
    case 1:
      return rnd() < 0.5;
    case 2:
      return Math.floor((rnd() - 0.5) * 1e9) / 100;
    case 3:
      return String.fromCharCode(...Array.from({ length: Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 0xffff)));
    case 4:
      return Math.floor(rnd() * 1000);
    case 5:
      return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => [`k${i}`, randomValue(rnd, depth + 1)]));
  }
}

describe('safeJsonParse', () => {
  test('parses strings and Buffers', () => {
    expect(safeJsonParse('{"a":[1,2,{"b":null}]}')).toEqual({ ok: true, value: { a: [1, 2, { b: null }] } });
    expect(safeJsonParse(Buffer.from('{"t":"温度"}'))).toEqual({ ok: true, value: { t: '温度' } });
    expect(safeJsonParse(new Uint8Array(Buffer.from('3')) as Buffer)).toEqual({ ok: true, value: 3 });
  });

  test('skips a leading byte-order mark', () => {
    expect(safeJsonParse(Buffer.from('\ufeff{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
    expect(safeJsonParse('\ufeff[1]')).toEqual({ ok: true, value: [1] });
  });

  test.each([
    ['empty string', ''],
    ['empty Buffer', Buffer.alloc(0)],
    ['truncated', '{"a":'],
    ['trailing garbage', '{"a":1} x'],
    ['single quotes', "{'a':1}"],
    ['NaN', 'NaN'],
  ])('returns an error for %s', (_what, input) => {
    const r = safeJsonParse(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBeInstanceOf(SyntaxError);
  });

  test.each([
    ['a stray continuation byte', [0x7b, 0x80, 0x7d]],
    ['0xff', [0x22, 0xff, 0x22]],
    ['an overlong encoding', [0x22, 0xc0, 0xaf, 0x22]],
    ['an encoded surrogate', [0x22, 0xed, 0xa0, 0x80, 0x22]],
    ['a cut multibyte sequence', [0x22, 0xe6, 0xb8]],
  ])('rejects invalid UTF-8: %s', (_what, bytes) => {
    const r = safeJsonParse(Buffer.from(bytes));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBeInstanceOf(TypeError);
  });

  test('rejects what is neither a string nor bytes', () => {
    for (const bad of [undefined, null, 42, {}, []]) {
      const r = safeJsonParse(bad as unknown as string);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toBeInstanceOf(TypeError);
    }
  });

  test('huge input: a limit rejects it without parsing, without a limit it parses', () => {
    const big = Buffer.from(`[${'1234567890,'.repeat(1_000_000)}0]`);
    const limited = safeJsonParse(big, { maxLength: 1024 * 1024 });
    expect(limited.ok).toBe(false);
    if (!limited.ok) expect(limited.error).toBeInstanceOf(RangeError);
    const full = safeJsonParse(big);
    expect(full.ok).toBe(true);
    if (full.ok) expect((full.value as unknown[]).length).toBe(1_000_001);
  });

  test('very deep nesting does not throw', () => {
    const depth = 200_000;
    expect(() => safeJsonParse('['.repeat(depth) + ']'.repeat(depth))).not.toThrow();
    const r = safeJsonParse('{"a":'.repeat(depth));
    expect(r.ok).toBe(false);
  });

  test('fuzz: random bytes, mutated JSON and random values never throw (bounded, seeded)', () => {
    const rnd = mulberry32(0xc0ffee);
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      const value = randomValue(rnd);
      const json = JSON.stringify(value);
      // The valid document round-trips.
      const good = safeJsonParse(i % 2 === 0 ? json : Buffer.from(json));
      expect(good).toEqual({ ok: true, value: JSON.parse(json) as unknown });

      // A mutated copy either parses to what JSON.parse gives, or reports an Error.
      const bytes = Buffer.from(json);
      for (let m = 0; m < 1 + Math.floor(rnd() * 3) && bytes.length > 0; m++) {
        bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      }
      const mutated = safeJsonParse(bytes);
      if (mutated.ok) {
        parsed++;
        expect(mutated.value).toEqual(JSON.parse(bytes.toString('utf8')) as unknown);
      } else {
        expect(mutated.error).toBeInstanceOf(Error);
      }

      // Pure noise.
      const noise = Buffer.from(Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256)));
      const r = safeJsonParse(rnd() < 0.5 ? noise : noise.toString('latin1'));
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) expect(r.error).toBeInstanceOf(Error);
    }
    // The mutations are not all fatal, so both branches above were exercised.
    expect(parsed).toBeGreaterThan(0);
  });
});
