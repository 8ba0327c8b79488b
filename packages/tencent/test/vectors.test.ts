// Appendix B test vectors of the spec, plus the Python json.dumps encoder.
import { createCipheriv } from 'node:crypto';
import { contentMd5FromHex, decryptRegistrationPayload, gatewayBindSignature, generateConnId, httpSignHmac, httpStringToSign, mqttAuth, signedHostPath } from '../src/utils/codec.js';
import { dumps, loads, pyNumber, PyFloat, pyDict } from '../src/index.js';
import { TencentBackoff } from '../src/protocol/backoff.js';
import { TopicProvider } from '../src/utils/topics.js';
import { createHash } from 'node:crypto';

describe('spec appendix B vectors', () => {
  test('MQTT username and password (HMAC-SHA1 over the Base64-decoded secret)', () => {
    const a = mqttAuth('ABCDEFGHIJ', 'dev1', 'MTIzNDU2Nzg5MGFiY2RlZg==', 'AbC12', 1700000000123);
    expect(a.username).toBe('ABCDEFGHIJdev1;21010406;AbC12;1700000000123');
    expect(a.password).toBe('0c97f291021966af0bd5ad60e88fd5a631b1c4eb;hmacsha1');
  });

  const body = '{"ProductId":"ABCDEFGHIJ","DeviceName":"dev1"}';
  test('dynreg signature, default URL', () => {
    const input = { host: 'ap-guangzhou.gateway.tencentdevices.com', path: '/device/register', algorithm: 'hmacsha256', timestamp: 1700000000, nonce: 123456789, body };
    expect(httpStringToSign(input).split('\n')[7]).toBe('441b0d5334b01cf675f639e9b1385dfdef0a2be539bfa2c58f230687b5541940');
    expect(httpSignHmac('abcdefghijklmnopqrstuvwx', input)).toBe('8qZTAEsOteD+O/Gy0qeMWVC8qzpQoP5VItJyHu1EbIk=');
  });

  test('dynreg signature, custom URL signs hostname without port and the path', () => {
    const hp = signedHostPath('https://my.private.host:8443/custom/register');
    expect(hp).toEqual({ host: 'my.private.host', path: '/custom/register' });
    const sig = httpSignHmac('abcdefghijklmnopqrstuvwx', { ...hp, algorithm: 'hmacsha256', timestamp: 1700000000, nonce: 123456789, body });
    expect(sig).toBe('YCmbFdEy7KTYdleEnETLC5m+uCdWT5CH/IOtvT6tvV4=');
  });

  test('dynreg payload decryption (AES-128-CBC, zero IV text, NULs stripped)', () => {
    const payload = '9WgMFbqnxTdbBJAUlm4IP0OAWvr4gT9xbSOw16UakVdixpSYBo5uQSFuFepntHCwlzXX237b5A/s+xC/dsiSXQ==';
    expect(decryptRegistrationPayload(payload, 'abcdefghijklmnopqrstuvwx')).toBe('{"encryptionType":2,"psk":"MTIzNDU2Nzg5MGFiY2RlZg=="}');
  });

  test('HTTP publish signature uses the device secret text as key', () => {
    const b = '{"ProductId":"ABCDEFGHIJ","DeviceName":"dev1","TopicName":"ABCDEFGHIJ/dev1/data","Payload":"test","Qos":0}';
    const input = { host: 'ap-guangzhou.gateway.tencentdevices.com', path: '/device/publish', algorithm: 'hmacsha256', timestamp: 1700000000, nonce: 123456789, body: b };
    expect(httpStringToSign(input).split('\n')[7]).toBe('76685250ec79285e9bea65f9bcc6a55b19b62c673bb2402ce6931e0dbc89e0ba');
    expect(httpSignHmac('MTIzNDU2Nzg5MGFiY2RlZg==', input)).toBe('z2CY3SwFINjQIB0sQmA6lqE/UGKsTU3ZyxXeqqzCrvM=');
  });

  test('gateway bind signature (secret text, not decoded)', () => {
    expect(gatewayBindSignature('SUBPID0001', 'sub3', 'c3Vic2VjcmV0', 123456789, 1700000000)).toBe('zs7qWMzw169iWjTRqnpi+6YLyNo=');
  });

  test('resource Content-MD5', () => {
    const hex = createHash('md5').update('hello resource').digest('hex');
    expect(hex).toBe('441ed6c91aef41d7e7b21862008a3998');
    expect(contentMd5FromHex(hex)).toBe('RB7WyRrvQdfnshhiAIo5mA==');
  });
});

describe('registration payload decryption edge cases', () => {
  test('cert reply round trip with zero padding', () => {
    const plain = Buffer.from('{"encryptionType":1,"clientCert":"C\\nE","clientKey":"K"}');
    const padded = Buffer.concat([plain, Buffer.alloc(16 - (plain.length % 16))]);
    const c = createCipheriv('aes-128-cbc', Buffer.from('abcdefghijklmnop'), Buffer.from('0000000000000000'));
    c.setAutoPadding(false);
    const enc = Buffer.concat([c.update(padded), c.final()]).toString('base64');
    expect(JSON.parse(decryptRegistrationPayload(enc, 'abcdefghijklmnopqrstuvwx'))).toEqual({ encryptionType: 1, clientCert: 'C\nE', clientKey: 'K' });
  });
  test('data that is not whole blocks throws a clear error', () => {
    expect(() => decryptRegistrationPayload('AAAA', 'abcdefghijklmnopqrstuvwx')).toThrow();
  });
});

describe('connid', () => {
  test('5 distinct characters of [A-Za-z0-9]', () => {
    for (let i = 0; i < 200; i++) {
      const id = generateConnId();
      expect(id).toMatch(/^[A-Za-z0-9]{5}$/);
      expect(new Set(id).size).toBe(5);
    }
  });
  test('deterministic with an injected random', () => {
    expect(generateConnId(() => 0)).toBe('abcde');
  });
});

describe('Python json.dumps', () => {
  test('separators, key order, ensure_ascii', () => {
    expect(dumps({ a: 1, b: '中' })).toBe('{"a": 1, "b": "\\u4e2d"}');
    expect(dumps({ type: 'get', resource: ['time'] })).toBe('{"type": "get", "resource": ["time"]}');
    expect(dumps({ type: 'get', resource: ['time'] }).length).toBe(37);
    expect(dumps('plain text')).toBe('"plain text"');
    expect(dumps('ok')).toBe('"ok"');
    expect(dumps({ x: null, t: true, f: false, e: [], o: {} })).toBe('{"x": null, "t": true, "f": false, "e": [], "o": {}}');
    // DEL (U+007F) is escaped too: Python's ensure_ascii keeps only U+0020..U+007E (the old local encoder sent it raw)
    expect(dumps('😀\n"\\\t\u0001\u007f')).toBe('"\\ud83d\\ude00\\n\\"\\\\\\t\\u0001\\u007f"');
  });
  test('numbers like Python repr', () => {
    expect(pyNumber(3.7)).toBe('3.7');
    expect(pyNumber(1)).toBe('1');
    expect(pyNumber(0.0001)).toBe('0.0001');
    expect(pyNumber(0.00001)).toBe('1e-05');
    expect(dumps(new PyFloat(1.5e300))).toBe('1.5e+300');
    expect(pyNumber(123456.789)).toBe('123456.789');
    // @iot/core's rule: an integral JS number is a Python int (all digits; the old local encoder wrote integral
    // numbers from 1e21 on as floats); a Python float is written through PyFloat
    expect(pyNumber(1e22)).toBe('10000000000000000000000');
    expect(pyNumber(2 ** 64)).toBe('18446744073709551616');
    expect(dumps({ n: 12345678901234567890n })).toBe('{"n": 12345678901234567890}');
    expect(dumps(new PyFloat(1e22))).toBe('1e+22');
    expect(dumps({ t: new PyFloat(25), n: 25 })).toBe('{"t": 25.0, "n": 25}');
    expect(dumps(pyDict([['10', 1], ['2', 2]]))).toBe('{"10": 1, "2": 2}');
    expect(pyNumber(NaN)).toBe('NaN');
    expect(pyNumber(-Infinity)).toBe('-Infinity');
    expect(pyNumber(-2.5)).toBe('-2.5');
  });
  test('bytes are not serialisable (TypeError), circular structures too', () => {
    expect(() => dumps(Buffer.from('x'))).toThrow(TypeError);
    const o: Record<string, unknown> = {};
    o['self'] = o;
    expect(() => dumps(o)).toThrow(TypeError);
  });
  test('the OTA version report is 58 bytes as in the vendor trace', () => {
    expect(Buffer.byteLength(dumps({ type: 'report_version', report: { version: '0.1.0' } }))).toBe(58);
  });
  test('loads accepts NaN and Infinity like Python', () => {
    expect(loads('{"a": NaN, "b": -Infinity, "c": "NaN"}')).toEqual({ a: NaN, b: -Infinity, c: 'NaN' });
    expect(() => loads('{bad')).toThrow(SyntaxError);
  });
});

describe('reconnect schedule (spec 6.2)', () => {
  test('refusals grow with randint, network failures always wait min, CONNACK resets', () => {
    const b = new TencentBackoff({ random: () => 0.999999, unitMs: 1 });
    expect(b.next({ attempt: 1, cause: 'refused' })).toBe(1);
    expect(b.next({ attempt: 2, cause: 'refused' })).toBe(4); // m=2, +randint(1,2)=2
    expect(b.next({ attempt: 3, cause: 'refused' })).toBe(16); // m=8, +8
    b.onConnected();
    expect(b.next({ attempt: 1, cause: 'lost' })).toBe(1);
    expect(b.next({ attempt: 2, cause: 'network' })).toBe(1);
    expect(b.next({ attempt: 3, cause: 'network' })).toBe(1);
    const low = new TencentBackoff({ random: () => 0, maxSec: 60, minSec: 1, unitMs: 1 });
    const seq = Array.from({ length: 9 }, () => low.next({ attempt: 1, cause: 'refused' }));
    expect(seq).toEqual([1, 3, 7, 15, 31, 61, 61, 61, 61]);
  });
});

describe('topics', () => {
  test('catalogue', () => {
    const t = new TopicProvider('ABCDEFGHIJ', 'dev1');
    expect(t.sys_topic_pub).toBe('$sys/operation/ABCDEFGHIJ/dev1');
    expect(t.rrpc_topic_sub_prefix).toBe('$rrpc/rxd/ABCDEFGHIJ/dev1');
    expect(t.resource_manager_topic_sub).toBe('$resource/down/service/ABCDEFGHIJ/dev1');
    expect(t.data_topic).toBe('ABCDEFGHIJ/dev1/data');
  });
});
