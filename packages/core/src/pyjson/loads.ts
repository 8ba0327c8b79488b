/**
 * Python `json.loads`.
 * @module
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

/**
 * Parses JSON like Python's `json.loads`: standard JSON plus the `NaN`, `Infinity` and `-Infinity` literals that
 * Python's `json.dumps` writes. Numbers become JavaScript numbers (integers beyond 2^53 lose precision), objects
 * plain objects (a repeated key: the last one wins, as in Python).
 * @param text - the JSON text (a Buffer is decoded as UTF-8)
 * @returns the parsed value
 * @throws SyntaxError when the text is not JSON (Python's `JSONDecodeError`)
 */
export function pyJsonLoads(text: string | Buffer): unknown {
  const src = typeof text === 'string' ? text : text.toString('utf8');
  try {
    return JSON.parse(src) as unknown;
  } catch (err) {
    if (!/NaN|Infinity/.test(src)) throw err;
  }
  const p = new Parser(src);
  const value = p.value();
  p.ws();
  if (p.pos !== src.length) throw p.fail('Extra data');
  return value;
}

class Parser {
  pos = 0;
  constructor(private readonly src: string) {}

  fail(what: string): SyntaxError {
    return new SyntaxError(`${what} at position ${this.pos}`);
  }

  ws(): void {
    WS.lastIndex = this.pos;
    WS.exec(this.src);
    this.pos = WS.lastIndex;
  }

  value(): unknown {
    this.ws();
    const src = this.src;
    const c = src[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of LITERALS) {
      if (src.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(src);
    if (!m) throw this.fail('Expecting value');
    this.pos = NUMBER.lastIndex;
    return Number(m[0]);
  }

  string(): string {
    const src = this.src;
    let j = this.pos + 1;
    while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
    if (j >= src.length) throw this.fail('Unterminated string starting');
    const literal = src.slice(this.pos, j + 1);
    let s: string;
    try {
      s = JSON.parse(literal) as string;
    } catch {
      throw this.fail('Invalid string');
    }
    this.pos = j + 1;
    return s;
  }

  expect(ch: string, what: string): void {
    this.ws();
    if (this.src[this.pos] !== ch) throw this.fail(what);
    this.pos++;
  }

  array(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.ws();
    if (this.src[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.src[this.pos++];
      if (c === ']') return out;
      if (c !== ',') {
        this.pos--;
        throw this.fail("Expecting ',' delimiter");
      }
    }
  }

  object(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.src[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.src[this.pos] !== '"') throw this.fail('Expecting property name enclosed in double quotes');
      const key = this.string();
      this.expect(':', "Expecting ':' delimiter");
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.src[this.pos++];
      if (c === '}') return out;
      if (c !== ',') {
        this.pos--;
        throw this.fail("Expecting ',' delimiter");
      }
    }
  }
}

const LITERALS: ReadonlyArray<readonly [string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];
