import { hash, hmac, type HmacAlgorithm } from '../../src/signing/digest.js';
import { decodeBase64Key } from '../../src/signing/base64-key.js';

describe('hmac', () => {
  // RFC 2202 (MD5, SHA-1) and RFC 4231 (SHA-256) test case 2: key "Jefe".
  const jefe = 'what do ya want for nothing?';
  test.each<[HmacAlgorithm, string]>([
    ['md5', '750c783e6ab0b503eaa86e310a5db738'],
    ['sha1', 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
    ['sha256', '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
  ])('RFC vector %s, hex by default', (alg, expected) => {
    expect(hmac(alg, 'Jefe', jefe)).toBe(expected);
    expect(hmac(alg, Buffer.from('Jefe'), Buffer.from(jefe), 'hex')).toBe(expected);
    expect(hmac(alg, 'Jefe', jefe, 'base64')).toBe(Buffer.from(expected, 'hex').toString('base64'));
  });

  test('RFC 2202 HMAC-MD5 case 1 with a binary key', () => {
    expect(hmac('md5', Buffer.alloc(16, 0x0b), 'Hi There')).toBe('9294727a3638bb1c13f48ef8158bfc9d');
  });

  test('Aliyun Link Kit device-secret password (HMAC-SHA1, spec 3.2 A)', () => {
    const content = 'clientIda1ProductKey&device01deviceNamedevice01productKeya1ProductKeytimestamp1700000000';
    expect(hmac('sha1', 'DeviceSecret0123456789', content)).toBe('170b9a898ae1506a8704f5ab93994b700daec1d6');
  });

  test('Aliyun Link Kit product-secret password (HMAC-SHA256, spec 3.2 C)', () => {
    const content = 'deviceNamedevice01productKeya1ProductKeyrandomAbCdEfGh1234567';
    expect(hmac('sha256', 'ProductSecretABCDEFG', content)).toBe('465f39be591e7de08e75633012c787a004d2a855a23a1de51de18ca0f11cd467');
  });

  test('Aliyun Link Kit sub-device signatures (spec 3.11)', () => {
    expect(hmac('sha256', 'SubSecret987', 'clientIda1SubProduct.sub01deviceNamesub01productKeya1SubProducttimestamp1700000000123')).toBe(
      '9f79640500d83828380c44b499a34c7edf1d7b60bcc0a9f5d39eef62a374f056',
    );
    expect(hmac('sha256', 'SubProductSecret', 'deviceNamesub01productKeya1SubProductrandomAbCdEfGh1234567')).toBe(
      '138382a3f8d6258b92c650a393906a4b9fd784d6363f9415e1a7fe2366f5f599',
    );
  });

  test('Huawei IoTDA password keyed by the YYYYMMDDHH timestamp (spec 3.2)', () => {
    expect(hmac('sha256', '2024010203', '12345678')).toBe('2b7be4e17e09a059116b2dcefc9c0857559ed473d684d902e43afd92dbdf8b64');
  });

  test('Huawei IoTDA registration-group derivation from a base64 secret (spec 3.2 mode 2)', () => {
    const derived = hmac('sha256', 'mydevice', decodeBase64Key('c2NvcGVzZWNyZXRieXRlcw=='));
    expect(derived).toBe('a94564e2b0a877a9b9009fdf7276311537e2992e7d7d4693f29dad699c46d6a5');
    expect(hmac('sha256', '2024010203', derived)).toBe('7096c7e17aa9f07d7379f2f268d16c14d424a531baf388c083119f88cf3ac760');
  });

  test('Tencent IoT Hub MQTT password: HMAC-SHA1 keyed by the base64-decoded secret (appendix B)', () => {
    const key = decodeBase64Key('MTIzNDU2Nzg5MGFiY2RlZg==');
    expect(key.toString('latin1')).toBe('1234567890abcdef');
    expect(hmac('sha1', key, 'ABCDEFGHIJdev1;21010406;AbC12;1700000000123')).toBe('0c97f291021966af0bd5ad60e88fd5a631b1c4eb');
  });

  test('Tencent IoT Hub gateway bind: base64 HMAC-SHA1 keyed by the secret text (appendix B)', () => {
    expect(hmac('sha1', 'c3Vic2VjcmV0', 'SUBPID0001sub3;123456789;1700000000', 'base64')).toBe('zs7qWMzw169iWjTRqnpi+6YLyNo=');
  });

  test('Tencent IoT Hub dynreg: SHA-256 of the body inside a base64 HMAC-SHA256 (appendix B)', () => {
    const bodyHash = hash('sha256', '{"ProductId":"ABCDEFGHIJ","DeviceName":"dev1"}');
    expect(bodyHash).toBe('441b0d5334b01cf675f639e9b1385dfdef0a2be539bfa2c58f230687b5541940');
    const toSign = ['POST', 'ap-guangzhou.gateway.tencentdevices.com', '/device/register', '', 'hmacsha256', '1700000000', '123456789', bodyHash].join('\n');
    expect(hmac('sha256', 'abcdefghijklmnopqrstuvwx', toSign, 'base64')).toBe('8qZTAEsOteD+O/Gy0qeMWVC8qzpQoP5VItJyHu1EbIk=');
  });

  test('string data is UTF-8', () => {
    expect(hmac('sha256', 'k', 'é')).toBe(hmac('sha256', 'k', Buffer.from([0xc3, 0xa9])));
  });

  test('rejects an unknown algorithm or encoding with TypeError', () => {
    expect(() => hmac('sha512' as HmacAlgorithm, 'k', 'd')).toThrow(TypeError);
    expect(() => hmac('sha1', 'k', 'd', 'latin1' as 'hex')).toThrow(/unsupported digest encoding/);
  });
});

describe('hash', () => {
  test.each<[HmacAlgorithm, string]>([
    ['md5', '900150983cd24fb0d6963f7d28e17f72'],
    ['sha1', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['sha256', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('FIPS "abc" vector %s', (alg, expected) => {
    expect(hash(alg, 'abc')).toBe(expected);
    expect(hash(alg, Buffer.from('abc'), 'base64')).toBe(Buffer.from(expected, 'hex').toString('base64'));
  });

  test('Tencent resource Content-MD5 in base64 (appendix B)', () => {
    expect(hash('md5', 'hello resource', 'base64')).toBe('RB7WyRrvQdfnshhiAIo5mA==');
    expect(hash('md5', 'hello resource')).toBe('441ed6c91aef41d7e7b21862008a3998');
  });

  test('rejects an unknown algorithm', () => {
    expect(() => hash('crc32' as HmacAlgorithm, 'x')).toThrow(TypeError);
  });
});
