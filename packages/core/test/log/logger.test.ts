import { consoleLogger, redact, redactingLogger, silentLogger, type Logger } from '../../src/log/logger.js';

function recorder(): Logger & { lines: Array<{ level: string; msg: string; meta: unknown[] }> } {
  const lines: Array<{ level: string; msg: string; meta: unknown[] }> = [];
  const rec = (level: string) => (msg: string, ...meta: unknown[]) => {
    lines.push({ level, msg, meta });
  };
  return { lines, debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') };
}

describe('redact', () => {
  it('replaces every configured secret, longest first', () => {
    expect(redact('key=abc123 and again abc123, prefix abc', ['abc', 'abc123'])).toBe('key=*** and again ***, prefix ***');
  });

  it('ignores empty secrets and leaves harmless text alone', () => {
    expect(redact('nothing to see here', ['', 'zzz'])).toBe('nothing to see here');
    expect(redact('signmethod=hmacsha256,timestamp=1')).toBe('signmethod=hmacsha256,timestamp=1');
  });

  it.each([
    ['query string', 'clientId=a&sign=0a1b2c&timestamp=1', 'clientId=a&sign=***&timestamp=1'],
    ['password=', 'user password=hunter2 end', 'user password=*** end'],
    ['token=', 'GET /x?access_token=eyJabc.def', 'GET /x?access_token=***'],
    ['signature=', 'signature=ZmFrZQ==;v=1', 'signature=***;v=1'],
    ['secret: value', 'deviceSecret: s3cr3t, other: 1', 'deviceSecret: ***, other: 1'],
    ['quoted value', "password='a b c' next", 'password=*** next'],
    ['authorization header', 'Authorization: Bearer abc.def.ghi', 'Authorization: Bearer ***'],
  ])('masks %s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('masks secret keys in JSON text, keeping the JSON valid', () => {
    const json = JSON.stringify({ clientId: 'c', password: 'p\\"w"x', nested: { device_secret: 's', Token: 42 }, sign: 'abc' });
    const out = redact(json);
    expect(out).not.toMatch(/p\\"w|"s"|42|abc/);
    expect(JSON.parse(out)).toEqual({ clientId: 'c', password: '***', nested: { device_secret: '***', Token: '***' }, sign: '***' });
  });

  it('masks python-dict shaped text', () => {
    expect(redact("{'username': 'u', 'password': 'p1'}")).toBe("{'username': 'u', 'password': '***'}");
  });
});

describe('redactingLogger', () => {
  it('redacts the message and meta (strings, objects, errors) with secrets read on every call', () => {
    const inner = recorder();
    let current = 'first-secret';
    const log = redactingLogger(inner, () => [current]);
    log.info('connecting with first-secret', { password: 'x', nested: { note: 'has first-secret inside' }, n: 1 });
    current = 'second-secret';
    const err = new Error('auth failed for token=abc with second-secret');
    log.error('failed', err, ['second-secret'], Buffer.from('raw second-secret'));
    expect(inner.lines[0]).toEqual({
      level: 'info',
      msg: 'connecting with ***',
      meta: [{ password: '***', nested: { note: 'has *** inside' }, n: 1 }],
    });
    const [e, arr, buf] = inner.lines[1]!.meta as [Error, string[], unknown];
    expect(inner.lines[1]!.msg).toBe('failed');
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('auth failed for token=*** with ***');
    expect(e.stack).not.toContain('second-secret');
    expect(arr).toEqual(['***']);
    expect(buf).toBe('***');
    expect(JSON.stringify(inner.lines)).not.toMatch(/first-secret|second-secret|abc/);
  });

  it('survives cycles and a throwing secrets provider', () => {
    const inner = recorder();
    const log = redactingLogger(inner, () => {
      throw new Error('boom');
    });
    const a: Record<string, unknown> = { token: 't' };
    a['self'] = a;
    log.warn('cyclic', a);
    expect(inner.lines[0]!.meta[0]).toEqual({ token: '***', self: '[Circular]' });
  });
});

describe('consoleLogger and silentLogger', () => {
  it('filters by level', () => {
    const levels = ['debug', 'info', 'warn', 'error'] as const;
    const calls: Record<string, unknown[][]> = { debug: [], info: [], warn: [], error: [] };
    const saved = levels.map((l) => console[l]);
    for (const l of levels) console[l] = (...args: unknown[]) => void calls[l]!.push(args);
    try {
      const log = consoleLogger('warn');
      log.debug('d');
      log.info('i');
      log.warn('w', 1);
      log.error('e');
      expect(levels.map((l) => calls[l]!.length)).toEqual([0, 0, 1, 1]);
      expect(calls['warn']![0]).toEqual(['[iot] WARN w', 1]);
      consoleLogger('silent').error('x');
      silentLogger.error('nothing');
      expect(calls['error']!.length).toBe(1);
    } finally {
      levels.forEach((l, i) => (console[l] = saved[i]!));
    }
  });
});
