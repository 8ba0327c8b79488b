import { pyJsonDumps, pyJsonString, pyRepr, pyStr, pyStrRepr } from '../src/index.js';

describe('pyJsonDumps (Python json.dumps defaults)', () => {
  test('separators, key order and nesting', () => {
    expect(pyJsonDumps({ id: '1', version: '1.0', params: { abs_speed: 11 }, method: 'thing.event.property.post' })).toBe(
      '{"id": "1", "version": "1.0", "params": {"abs_speed": 11}, "method": "thing.event.property.post"}',
    );
    expect(pyJsonDumps([1, [2, {}], [], null, true, false])).toBe('[1, [2, {}], [], null, true, false]');
  });

  test('ensure_ascii escapes (also of the exported string quoter)', () => {
    expect(pyJsonString('a "b" é')).toBe('"a \\"b\\" \\u00e9"');
    expect(pyJsonDumps('温度 "q" \\ / \n\t\r\b\f \u0001 \u007f 😀')).toBe(
      '"\\u6e29\\u5ea6 \\"q\\" \\\\ / \\n\\t\\r\\b\\f \\u0001 \\u007f \\ud83d\\ude00"',
    );
  });

  test('floats like Python repr', () => {
    expect(pyJsonDumps(1.5)).toBe('1.5');
    expect(pyJsonDumps(0.1)).toBe('0.1');
    expect(pyJsonDumps(1e-7)).toBe('1e-07');
    expect(pyJsonDumps(0.0001)).toBe('0.0001');
    expect(pyJsonDumps(0.00001234)).toBe('1.234e-05');
    expect(pyJsonDumps(1.5e16)).toBe('15000000000000000');
    expect(pyJsonDumps(123456.789)).toBe('123456.789');
    expect(pyJsonDumps(-2.5)).toBe('-2.5');
    expect(pyJsonDumps(1e22)).toBe('10000000000000000000000');
    expect(pyJsonDumps(NaN)).toBe('NaN');
    expect(pyJsonDumps(-Infinity)).toBe('-Infinity');
  });

  test('undefined members are left out, toJSON is honoured, cycles throw', () => {
    expect(pyJsonDumps({ a: undefined, b: [undefined], c: new Date(0) })).toBe('{"b": [null], "c": "1970-01-01T00:00:00.000Z"}');
    const o: Record<string, unknown> = {};
    o['self'] = o;
    expect(() => pyJsonDumps(o)).toThrow(TypeError);
    expect(() => pyJsonDumps(() => 1)).toThrow(TypeError);
  });
});

describe('pyRepr / pyStr (Python str() of json.loads values)', () => {
  test('dict repr with single quotes and Python literals', () => {
    expect(pyRepr({ k: 'v', ok: true, no: false, n: null, x: 1.5, l: [1, 'a'] })).toBe("{'k': 'v', 'ok': True, 'no': False, 'n': None, 'x': 1.5, 'l': [1, 'a']}");
  });

  test('string quoting rules', () => {
    expect(pyStrRepr("it's")).toBe('"it\'s"');
    expect(pyStrRepr('say "hi"')).toBe('\'say "hi"\'');
    expect(pyStrRepr('both \' and "')).toBe("'both \\' and \"'");
    expect(pyStrRepr('a\\b\n\t\u0001é€')).toBe("'a\\\\b\\n\\t\\x01é€'");
    expect(pyStrRepr('\u200b')).toBe("'\\u200b'");
  });

  test('str of a string is itself', () => {
    expect(pyStr('plain')).toBe('plain');
    expect(pyStr('')).toBe('');
    expect(pyStr(12)).toBe('12');
  });
});
