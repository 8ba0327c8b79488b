import { X509Certificate } from 'node:crypto';
import mqtt from 'mqtt';
import { generateSelfSignedCert, type Emulator } from '../../../src/index.js';
import { verifyMqttPassword, bindSignText, verifyBindSignature, encryptRegistrationPayload } from '../../../src/vendors/tencent/crypto.js';
import { parseUsername } from '../../../src/vendors/tencent/auth.js';
import { httpStringToSign, hmacBase64 } from '../../../src/vendors/tencent/crypto.js';
import { signedHost } from '../../../src/vendors/tencent/device-http.js';
import { connackOf, connectDevice, credentials, DN, PID, SECRET, startTencent } from './helpers.js';

describe('tencent crypto against the spec vectors (Appendix B)', () => {
  test('MQTT password of the spec verifies, a tampered one does not', () => {
    const username = 'ABCDEFGHIJdev1;21010406;AbC12;1700000000123';
    expect(verifyMqttPassword(username, '0c97f291021966af0bd5ad60e88fd5a631b1c4eb;hmacsha1', SECRET)).toBe(true);
    expect(verifyMqttPassword(username, '0c97f291021966af0bd5ad60e88fd5a631b1c4ec;hmacsha1', SECRET)).toBe(false);
    expect(verifyMqttPassword(username, '0c97f291021966af0bd5ad60e88fd5a631b1c4eb;hmacsha256', SECRET)).toBe(false);
    expect(verifyMqttPassword(username, '0c97f291021966af0bd5ad60e88fd5a631b1c4eb', SECRET)).toBe(false);
    expect(verifyMqttPassword(username, '0c97f291021966af0bd5ad60e88fd5a631b1c4eb;hmacsha1', 'not base64!')).toBe(false);
    expect(parseUsername(username)).toEqual({ clientId: 'ABCDEFGHIJdev1', sdkappid: '21010406', connid: 'AbC12', expiry: '1700000000123' });
  });

  test('gateway bind signature vector (secret text as key)', () => {
    const text = bindSignText('SUBPID0001', 'sub3', 123456789, 1700000000);
    expect(verifyBindSignature(text, 'zs7qWMzw169iWjTRqnpi+6YLyNo=', 'hmacsha1', 'c3Vic2VjcmV0')).toBe(true);
    expect(verifyBindSignature(text, 'zs7qWMzw169iWjTRqnpi+6YLyNo=', 'hmacsha256', 'c3Vic2VjcmV0')).toBe(false);
    expect(verifyBindSignature(text, 'zs7qWMzw169iWjTRqnpi+6YLyNo=', 'hmacsha1', 'other')).toBe(false);
  });

  test('HTTP signature vectors (dynreg default and custom URL, HTTP publish) and the signed host', () => {
    const reg = Buffer.from('{"ProductId":"ABCDEFGHIJ","DeviceName":"dev1"}');
    const key = Buffer.from('abcdefghijklmnopqrstuvwx');
    expect(hmacBase64('sha256', key, httpStringToSign('ap-guangzhou.gateway.tencentdevices.com', '/device/register', 'hmacsha256', '1700000000', '123456789', reg))).toBe('8qZTAEsOteD+O/Gy0qeMWVC8qzpQoP5VItJyHu1EbIk=');
    expect(hmacBase64('sha256', key, httpStringToSign(signedHost('My.Private.Host:8443'), '/custom/register', 'hmacsha256', '1700000000', '123456789', reg))).toBe('YCmbFdEy7KTYdleEnETLC5m+uCdWT5CH/IOtvT6tvV4=');
    const pub = Buffer.from('{"ProductId":"ABCDEFGHIJ","DeviceName":"dev1","TopicName":"ABCDEFGHIJ/dev1/data","Payload":"test","Qos":0}');
    expect(hmacBase64('sha256', Buffer.from(SECRET), httpStringToSign('ap-guangzhou.gateway.tencentdevices.com', '/device/publish', 'hmacsha256', '1700000000', '123456789', pub))).toBe('z2CY3SwFINjQIB0sQmA6lqE/UGKsTU3ZyxXeqqzCrvM=');
    expect(signedHost('[::1]:8080')).toBe('::1');
    expect(signedHost('127.0.0.1')).toBe('127.0.0.1');
  });

  test('dynreg payload encryption reproduces the spec vector', () => {
    expect(encryptRegistrationPayload('abcdefghijklmnopqrstuvwx', '{"encryptionType":2,"psk":"MTIzNDU2Nzg5MGFiY2RlZg=="}')).toBe(
      '9WgMFbqnxTdbBJAUlm4IP0OAWvr4gT9xbSOw16UakVdixpSYBo5uQSFuFepntHCwlzXX237b5A/s+xC/dsiSXQ==',
    );
  });
});

describe('tencent MQTT authentication', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startTencent({ mqttTlsPort: 0 });
  });
  afterAll(async () => {
    await emu.close();
  });

  test('MQTT 3.1 (MQIsdp) with the Python SDK username/password is accepted', async () => {
    const c = await connectDevice(emu.mqttUrl, PID, DN, SECRET);
    try {
      const connect = emu.trace.entries({ kind: 'connect', clientId: `${PID}${DN}` }).at(-1)!;
      expect(connect.protocolVersion).toBe(3);
      const connack = emu.trace.entries({ kind: 'connack', clientId: `${PID}${DN}` }).at(-1)!;
      expect(connack.returnCode).toBe(0);
      expect(connack.vendor).toBe('tencent');
      expect(JSON.stringify(emu.trace.entries())).not.toContain(SECRET);
    } finally {
      await c.endAsync();
    }
  });

  test('hmacsha256 variant and MQTT 3.1.1 are accepted too', async () => {
    const cr = credentials(PID, DN, SECRET, { alg: 'sha256' });
    expect(await connackOf(emu.mqttUrl, { ...cr, protocolVersion: 4, protocolId: 'MQTT' })).toBe(0);
  });

  test('wrong secret → 4, expired → 4, client id mismatch → 2, unknown device → 4, disabled → 5', async () => {
    expect(await connackOf(emu.mqttUrl, credentials(PID, DN, 'd3Jvbmcgc2VjcmV0'))).toBe(4);
    const expired = credentials(PID, DN, SECRET, { expiry: String(Math.floor(Date.now() / 1000) - 60) });
    expect(await connackOf(emu.mqttUrl, expired)).toBe(4);
    const future = credentials(PID, DN, SECRET, { expiry: String(Math.floor(Date.now() / 1000) + 3600) });
    expect(await connackOf(emu.mqttUrl, future)).toBe(0);
    const cr = credentials(PID, DN, SECRET);
    expect(await connackOf(emu.mqttUrl, { ...cr, clientId: `${PID}other` })).toBe(2);
    expect(await connackOf(emu.mqttUrl, credentials(PID, 'nobody', SECRET))).toBe(4);
    expect(await connackOf(emu.mqttUrl, { ...cr, password: undefined })).toBe(4);
    emu.registry.put({ vendor: 'tencent', key: `${PID}/off`, productId: PID, deviceName: 'off', deviceSecret: SECRET, enabled: false });
    expect(await connackOf(emu.mqttUrl, credentials(PID, 'off', SECRET))).toBe(5);
    const reasons = emu.trace.entries({ kind: 'connack' }).map((e) => e.reason ?? '');
    expect(reasons.some((r) => r.includes('expired'))).toBe(true);
    expect(reasons.some((r) => r.includes('bad password'))).toBe(true);
  });

  test('certificate devices authenticate by client certificate fingerprint over TLS', async () => {
    const pair = generateSelfSignedCert('ABCDEFGHIJcert1');
    const other = generateSelfSignedCert('intruder');
    emu.registry.put({ vendor: 'tencent', key: `${PID}/cert1`, productId: PID, deviceName: 'cert1', deviceSecret: '', authMode: 'CERT', certFingerprint: new X509Certificate(pair.cert).fingerprint256.toLowerCase() });
    const cr = credentials(PID, 'cert1', '');
    const tlsOpts = { ca: emu.tlsCert, rejectUnauthorized: false };
    expect(await connackOf(emu.mqttsUrl!, { ...cr, ...tlsOpts, key: pair.key, cert: pair.cert })).toBe(0);
    expect(await connackOf(emu.mqttsUrl!, { ...cr, ...tlsOpts, key: other.key, cert: other.cert })).toBe(4);
    expect(await connackOf(emu.mqttsUrl!, { ...cr, ...tlsOpts })).toBe(4);
    expect(await connackOf(emu.mqttUrl, cr)).toBe(4);
  });

  test('ACL: own topics only; downlink topics may not be published', async () => {
    emu.registry.put({ vendor: 'tencent', key: `${PID}/dev2`, productId: PID, deviceName: 'dev2', deviceSecret: SECRET });
    const c = await connectDevice(emu.mqttUrl, PID, DN, SECRET);
    try {
      const filters: [string, 0 | 1][] = [
        [`${PID}/${DN}/control`, 0],
        [`$shadow/operation/result/${PID}/${DN}`, 0],
        [`$rrpc/rxd/${PID}/${DN}/+`, 0],
        [`$ota/update/${PID}/${DN}`, 1],
        [`${PID}/dev2/data`, 0],
        [`$shadow/operation/${PID}/${DN}`, 0],
        ['#', 0],
      ];
      const granted: number[] = [];
      for (const [topic, qos] of filters) granted.push(await c.subscribeAsync(topic, { qos }).then((g) => g[0]!.qos, () => 128));
      expect(granted).toEqual([0, 0, 0, 1, 128, 128, 128]);
      await c.publishAsync(`$shadow/operation/result/${PID}/${DN}`, '{}');
      await c.publishAsync(`${PID}/dev2/event`, '{}');
      await emu.trace.waitFor((e) => e.kind === 'denied' && e.topic === `${PID}/dev2/event`, 2000);
      expect(emu.trace.entries({ kind: 'denied', topic: `$shadow/operation/result/${PID}/${DN}` })).toHaveLength(1);
    } finally {
      await c.endAsync();
    }
  });

  test('a plain mqtt.js client without a Tencent username is not claimed', async () => {
    const err = await mqtt.connectAsync(emu.mqttUrl, { clientId: 'random-client', username: 'u', password: 'p', reconnectPeriod: 0 }, false).then(
      (c) => c.endAsync().then(() => 0),
      (e: { code?: number }) => e.code,
    );
    expect(err).toBe(5);
  });
});
