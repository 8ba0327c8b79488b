// Expected strings are what CPython 3 prints for the equivalent Python value (json.dumps / json.loads / repr).
import { PyFloat, pyDict, pyFloatRepr, pyJsonDumps, pyJsonLoads, pyNumber, pyQuote } from '../../src/index.js';

describe('pyJsonDumps: Python json.dumps defaults', () => {
  test('separators, nesting, literals, empty containers', () => {
    expect(pyJsonDumps({ a: 1, b: 'x', c: null, d: [1, 2], e: { f: true, g: false } })).toBe(
      '{"a": 1, "b": "x", "c": null, "d": [1, 2], "e": {"f": true, "g": false}}',
    );
    expect(pyJsonDumps({ id: '1', version: '1.0', params: { abs_speed: 11 }, method: 'thing.event.property.post' })).toBe(
      '{"id": "1", "version": "1.0", "params": {"abs_speed": 11}, "method": "thing.event.property.post"}',
    );
    expect(pyJsonDumps([1, [2, {}], [], null, true, false])).toBe('[1, [2, {}], [], null, true, false]');
    expect(pyJsonDumps({ type: 'get', resource: ['time'] })).toBe('{"type": "get", "resource": ["time"]}');
    expect(Buffer.byteLength(pyJsonDumps({ type: 'report_version', report: { version: '0.1.0' } }))).toBe(58);
    expect(pyJsonDumps({})).toBe('{}');
    expect(pyJsonDumps([])).toBe('[]');
    expect(pyJsonDumps(null)).toBe('null');
    expect(pyJsonDumps('plain text')).toBe('"plain text"');
  });

  test('string escapes with ensure_ascii (default)', () => {
    expect(pyJsonDumps('é"\\\n\u0001\u007f😀')).toBe('"\\u00e9\\"\\\\\\n\\u0001\\u007f\\ud83d\\ude00"');
    expect(pyJsonDumps({ a: 1, b: '中' })).toBe('{"a": 1, "b": "\\u4e2d"}');
    expect(pyJsonDumps('温度 "q" \\ / \n\t\r\b\f \u0001 \u007f 😀')).toBe(
      '"\\u6e29\\u5ea6 \\"q\\" \\\\ / \\n\\t\\r\\b\\f \\u0001 \\u007f \\ud83d\\ude00"',
    );
    expect(pyJsonDumps('\u001f\u0000\u2028\uffff')).toBe('"\\u001f\\u0000\\u2028\\uffff"');
    expect(pyJsonDumps('\ud800')).toBe('"\\ud800"'); // a lone surrogate, as Python writes '\ud800'
    expect(pyJsonDumps({ 'ké': 'v' })).toBe('{"k\\u00e9": "v"}');
    expect(pyQuote('a/b')).toBe('"a/b"'); // Python never escapes the slash
  });

  test('ensure_ascii=False keeps non-ASCII, still escapes quotes, backslash and control characters', () => {
    expect(pyJsonDumps({ 名: '温度 😀"\\\n\u0001\u007f' }, { ensure_ascii: false })).toBe('{"名": "温度 😀\\"\\\\\\n\\u0001\u007f"}');
    expect(pyQuote('é\t', false)).toBe('"é\\t"');
  });

  test('separators', () => {
    expect(pyJsonDumps({ a: [1, 2], b: { c: 'd' } }, { separators: [',', ':'] })).toBe('{"a":[1,2],"b":{"c":"d"}}');
    expect(pyJsonDumps({ a: [1, 2] }, { separators: [';', '='] })).toBe('{"a"=[1;2]}');
  });

  test('sort_keys compares by code point and sorts nested dicts', () => {
    expect(pyJsonDumps({ b: 1, a: { z: 1, y: 2 }, A: 3, _: 4 }, { sort_keys: true })).toBe('{"A": 3, "_": 4, "a": {"y": 2, "z": 1}, "b": 1}');
    // U+FF5E (BMP) sorts before U+1F600 in Python; UTF-16 code-unit order would put the emoji's 0xD83D first
    expect(pyJsonDumps(pyDict([['😀', 1], ['～', 2]]), { sort_keys: true, ensure_ascii: false })).toBe('{"～": 2, "😀": 1}');
    expect(pyJsonDumps(pyDict([[10, 'a'], [2, 'b'], [new PyFloat(2.5), 'c']]), { sort_keys: true })).toBe('{"2": "b", "2.5": "c", "10": "a"}');
    expect(() => pyJsonDumps(pyDict([['a', 1], [1, 2]]), { sort_keys: true })).toThrow(/'<' not supported between instances of '(str|int)' and '(str|int)'/);
  });

  test('Map keeps the insertion order of integer-like keys (a plain object does not)', () => {
    expect(pyJsonDumps({ 10: 'a', 2: 'b' })).toBe('{"2": "b", "10": "a"}'); // JavaScript's own order
    expect(pyJsonDumps(pyDict([['10', 'a'], ['2', 'b']]))).toBe('{"10": "a", "2": "b"}');
    expect(pyJsonDumps({ outer: new Map<string, unknown>([['3', 1], ['1', [new Map([['9', null]])]]]) })).toBe('{"outer": {"3": 1, "1": [{"9": null}]}}');
  });

  test('Map keys are converted like Python dict keys', () => {
    const d = pyDict([
      [1, 'int'],
      [new PyFloat(1.5), 'float'],
      [new PyFloat(2), 'float2'],
      [true, 'T'],
      [false, 'F'],
      [null, 'N'],
      [12345678901234567890n, 'big'],
      [NaN, 'nan'],
    ]);
    expect(pyJsonDumps(d)).toBe('{"1": "int", "1.5": "float", "2.0": "float2", "true": "T", "false": "F", "null": "N", "12345678901234567890": "big", "NaN": "nan"}');
    expect(() => pyJsonDumps(new Map([[[1, 2], 'tuple']]))).toThrow(new TypeError('keys must be str, int, float, bool or None, not list'));
    expect(pyJsonDumps(new Map([['u', undefined]]))).toBe('{"u": null}');
  });

  test('numbers: integral numbers are ints, PyFloat and non-integral numbers are Python float repr', () => {
    expect(pyJsonDumps([1.5, 0.1, 1e-7, 1e16, 123456789012345680000, new PyFloat(32), -0.25, 1e22])).toBe(
      '[1.5, 0.1, 1e-07, 10000000000000000, 123456789012345683968, 32.0, -0.25, 10000000000000000000000]',
    );
    expect(pyJsonDumps(new PyFloat(1e16))).toBe('1e+16');
    expect(pyJsonDumps([0.0001, 0.00001, 0.00001234, new PyFloat(1.5e300), 123456.789, -2.5, 3.7, 5e-324, new PyFloat(1.7976931348623157e308)])).toBe(
      '[0.0001, 1e-05, 1.234e-05, 1.5e+300, 123456.789, -2.5, 3.7, 5e-324, 1.7976931348623157e+308]',
    );
    expect(pyJsonDumps([new PyFloat(0), new PyFloat(-0), new PyFloat(1e15), new PyFloat(1.5e16), new PyFloat(123456789012345680), new PyFloat(-1e-5)])).toBe(
      '[0.0, -0.0, 1000000000000000.0, 1.5e+16, 1.2345678901234568e+17, -1e-05]',
    );
    expect(pyJsonDumps([-0, 0, -7, 2 ** 53, 2 ** 64])).toBe('[0, 0, -7, 9007199254740992, 18446744073709551616]');
    expect(pyJsonDumps([NaN, Infinity, -Infinity, new PyFloat(NaN)])).toBe('[NaN, Infinity, -Infinity, NaN]');
    expect(pyJsonDumps({ big: 123456789012345678901234567890n, neg: -5n })).toBe('{"big": 123456789012345678901234567890, "neg": -5}');
    expect(pyNumber(1)).toBe('1');
    expect(pyNumber(1e22)).toBe('10000000000000000000000'); // an integral number is an int: wrap floats in PyFloat
    expect(pyFloatRepr(1e22)).toBe('1e+22');
    expect(pyNumber(0.5)).toBe('0.5');
    expect(pyFloatRepr(100)).toBe('100.0');
    expect(pyFloatRepr(9999999999999998)).toBe('9999999999999998.0');
    expect(pyFloatRepr(0.1 + 0.2)).toBe('0.30000000000000004');
    // around the fixed-notation fast path (|x| in [1e-4, 1e16) and not integral): values checked against CPython repr
    expect([1e15 + 0.5, 9.999999999999999e-5, -1234.5678, 2.5e-4, 9999999999999998].map(pyFloatRepr)).toEqual(['1000000000000000.5', '9.999999999999999e-05', '-1234.5678', '0.00025', '9999999999999998.0']);
    expect(String(new PyFloat(2))).toBe('2.0');
    expect(JSON.stringify({ t: new PyFloat(2) })).toBe('{"t":2}');
  });

  test('allow_nan=False rejects out-of-range floats', () => {
    expect(() => pyJsonDumps([NaN], { allow_nan: false })).toThrow(new RangeError('Out of range float values are not JSON compliant'));
    expect(() => pyJsonDumps(new PyFloat(-Infinity), { allow_nan: false })).toThrow(RangeError);
    expect(pyJsonDumps([1.5], { allow_nan: false })).toBe('[1.5]');
  });

  test('undefined, toJSON, class instances', () => {
    expect(pyJsonDumps({ a: undefined, b: [undefined], c: new Date(0) })).toBe('{"b": [null], "c": "1970-01-01T00:00:00.000Z"}');
    expect(pyJsonDumps(undefined)).toBe('null');
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    expect(pyJsonDumps(new Point(1, 2))).toBe('{"x": 1, "y": 2}');
    expect(pyJsonDumps([new Point(1, 2)], { default: (o) => (o instanceof Point ? [o.x, o.y] : o) })).toBe('[[1, 2]]');
    expect(pyJsonDumps({ s: new Set([1, 2]) }, { default: (o) => (o instanceof Set ? [...(o as Set<number>)] : null) })).toBe('{"s": [1, 2]}');
  });

  test('errors carry Python messages', () => {
    expect(() => pyJsonDumps(() => 1)).toThrow(new TypeError('Object of type function is not JSON serializable'));
    expect(() => pyJsonDumps({ b: Buffer.from('x') })).toThrow(new TypeError('Object of type bytes is not JSON serializable'));
    expect(() => pyJsonDumps([new Set()])).toThrow(new TypeError('Object of type set is not JSON serializable'));
    expect(() => pyJsonDumps(Symbol('s'))).toThrow(TypeError);
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    expect(() => pyJsonDumps(o)).toThrow(new TypeError('Circular reference detected'));
    const l: unknown[] = [];
    l.push([l]);
    expect(() => pyJsonDumps(l)).toThrow(new TypeError('Circular reference detected'));
    const m = new Map<string, unknown>();
    m.set('m', m);
    expect(() => pyJsonDumps(m)).toThrow(new TypeError('Circular reference detected'));
    class Node {
      next: Node | null = null;
    }
    const n = new Node();
    n.next = n;
    expect(() => pyJsonDumps(n, { default: (x) => ({ ...(x as Node) }) })).toThrow(new TypeError('Circular reference detected'));
    expect(() => pyJsonDumps([() => 1], { default: (x) => x })).toThrow(new TypeError('Object of type function is not JSON serializable'));
  });

  test('a shared (non-circular) reference is fine, as in Python', () => {
    const shared = { v: 1 };
    expect(pyJsonDumps({ a: shared, b: shared, c: [shared, shared] })).toBe('{"a": {"v": 1}, "b": {"v": 1}, "c": [{"v": 1}, {"v": 1}]}');
  });

  test('fuzz: ASCII-only output that JSON.parse reads back to the same data', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const gen = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.3) return String.fromCharCode(...Array.from({ length: Math.floor(rnd() * 6) }, () => Math.floor(rnd() * 0x3000)));
      if (r < 0.5) return (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
      if (r < 0.6) return Math.floor(rnd() * 1e6);
      if (r < 0.8) return Array.from({ length: Math.floor(rnd() * 4) }, () => gen(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => [`k${i}${String(gen(9))}`, gen(depth + 1)]));
    };
    for (let i = 0; i < 300; i++) {
      const v = gen(0);
      const text = pyJsonDumps(v);
      expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
      expect(JSON.parse(text)).toEqual(v);
      expect(pyJsonLoads(text)).toEqual(v);
    }
  });
});

describe('pyJsonLoads: Python json.loads', () => {
  test('standard JSON', () => {
    expect(pyJsonLoads('{"a": [1, 2.5, "x", null, true, false], "b": {}}')).toEqual({ a: [1, 2.5, 'x', null, true, false], b: {} });
    expect(pyJsonLoads(Buffer.from('{"t": "\\u4e2d"}'))).toEqual({ t: '中' });
    expect(pyJsonLoads('{"a": 1, "a": 2}')).toEqual({ a: 2 });
  });

  test('NaN and Infinity literals as Python writes them, but not inside strings', () => {
    expect(pyJsonLoads('{"a": NaN, "b": -Infinity, "c": "NaN", "d": [Infinity, "x\\"NaN"]}')).toEqual({ a: NaN, b: -Infinity, c: 'NaN', d: [Infinity, 'x"NaN'] });
    expect(pyJsonLoads(pyJsonDumps([NaN, Infinity, -Infinity, 1.5]))).toEqual([NaN, Infinity, -Infinity, 1.5]);
    expect(pyJsonLoads(' NaN ')).toBeNaN();
    expect(pyJsonLoads('{"__proto__": NaN}')).toHaveProperty('__proto__', NaN);
  });

  test('malformed text is a SyntaxError', () => {
    for (const bad of ['{bad', '{NaN: 1}', '[NaN,]', '[NaN 1]', 'NaN x', '{"a" NaN}', '"NaN', '[Infinit]', '{"a": NaN', '']) {
      expect(() => pyJsonLoads(bad)).toThrow(SyntaxError);
    }
  });
});
