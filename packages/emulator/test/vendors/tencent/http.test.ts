import { createHash, createSign, X509Certificate } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, decryptPayload, DN, http, nextOn, PID, pyDumps, request, SECRET, signHttp, startTencent } from './helpers.js';

const PRODUCT_SECRET = 'abcdefghijklmnopqrstuvwx';

function signedHeaders(key: string, url: string, body: string, alg = 'hmacsha256', ts = Math.floor(Date.now() / 1000), nonce = 123456789): Record<string, string> {
  const u = new URL(url);
  return {
    'Content-type': 'application/json; charset=utf-8',
    'X-tc-algorithm': alg,
    'X-tc-timestamp': String(ts),
    'X-tc-nonce': String(nonce),
    'X-tc-signature': signHttp(key, u.hostname, u.pathname, body, ts, nonce, alg),
  };
}

describe('tencent device HTTP endpoints', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startTencent();
    await http(emu.httpUrl, 'POST', '/control/tencent/products', { productId: PID, productSecret: PRODUCT_SECRET });
  });
  afterAll(async () => {
    await emu.close();
  });

  test('dynamic registration: exact signature check, AES-encrypted psk that then connects over MQTT', async () => {
    const url = `${emu.httpUrl}/device/register`;
    const body = `{"ProductId":"${PID}","DeviceName":"newdev"}`;
    const r = await http(emu.httpUrl, 'POST', '/device/register', body, signedHeaders(PRODUCT_SECRET, url, body));
    expect(r.status).toBe(200);
    const resp = (r.json as { Response: { Len: number; Payload: string; RequestId: string } }).Response;
    expect(Object.keys(resp)).toEqual(['Len', 'Payload', 'RequestId']);
    const plain = decryptPayload(PRODUCT_SECRET, resp.Payload);
    expect(Buffer.byteLength(plain)).toBe(resp.Len);
    const { encryptionType, psk } = JSON.parse(plain) as { encryptionType: number; psk: string };
    expect(encryptionType).toBe(2);
    expect(emu.registry.get('tencent', `${PID}/newdev`)!['deviceSecret']).toBe(psk);
    const c = await connectDevice(emu.mqttUrl, PID, 'newdev', psk);
    await c.endAsync();
    // again: same secret handed out
    const again = await http(emu.httpUrl, 'POST', '/device/register', body, signedHeaders(PRODUCT_SECRET, url, body));
    expect(JSON.parse(decryptPayload(PRODUCT_SECRET, (again.json as { Response: { Payload: string } }).Response.Payload))).toEqual({ encryptionType: 2, psk });
  });

  test('dynamic registration refusals: bad signature, stale timestamp, unknown product, disabled', async () => {
    const url = `${emu.httpUrl}/device/register`;
    const body = `{"ProductId":"${PID}","DeviceName":"x1"}`;
    const code = async (b: string, h: Record<string, string>): Promise<string> => ((await http(emu.httpUrl, 'POST', '/device/register', b, h)).json as { Response: { Error?: { Code: string } } }).Response.Error?.Code ?? 'none';
    expect(await code(body, signedHeaders('wrong-secret-wrong-secret', url, body))).toBe('AuthFailure.SignatureFailure');
    expect(await code(body, { ...signedHeaders(PRODUCT_SECRET, url, body), 'X-tc-nonce': '1' })).toBe('AuthFailure.SignatureFailure');
    expect(await code(body, signedHeaders(PRODUCT_SECRET, 'http://other.host/device/register', body))).toBe('AuthFailure.SignatureFailure');
    expect(await code(body, signedHeaders(PRODUCT_SECRET, url, body, 'hmacsha256', 1700000000))).toBe('AuthFailure.SignatureExpire');
    const ghost = `{"ProductId":"NOPRODUCT1","DeviceName":"x1"}`;
    expect(await code(ghost, signedHeaders(PRODUCT_SECRET, url, ghost))).toBe('ResourceNotFound.ProductNotExist');
    expect(await code('not json', signedHeaders(PRODUCT_SECRET, url, 'not json'))).toBe('InvalidParameterValue');
    await http(emu.httpUrl, 'POST', '/control/tencent/products', { productId: 'CLOSED0001', productSecret: PRODUCT_SECRET, dynreg: false });
    const closed = `{"ProductId":"CLOSED0001","DeviceName":"x1"}`;
    expect(await code(closed, signedHeaders(PRODUCT_SECRET, url, closed))).toBe('UnsupportedOperation.DynamicRegisterDisabled');
    expect(emu.registry.get('tencent', `${PID}/x1`)).toBeUndefined();
  });

  test('certificate products: dynreg hands out a certificate that authenticates over TLS; rsa-sha256 HTTP publish', async () => {
    await http(emu.httpUrl, 'POST', '/control/tencent/products', { productId: 'CERTPID001', productSecret: PRODUCT_SECRET, authMode: 'CERT' });
    const url = `${emu.httpUrl}/device/register`;
    const body = '{"ProductId":"CERTPID001","DeviceName":"c1"}';
    const r = await http(emu.httpUrl, 'POST', '/device/register', body, signedHeaders(PRODUCT_SECRET, url, body));
    const plain = JSON.parse(decryptPayload(PRODUCT_SECRET, (r.json as { Response: { Payload: string } }).Response.Payload)) as { encryptionType: number; clientCert: string; clientKey: string };
    expect(plain.encryptionType).toBe(1);
    const rec = emu.registry.get('tencent', 'CERTPID001/c1')!;
    expect(rec['authMode']).toBe('CERT');
    expect(rec['certFingerprint']).toBe(new X509Certificate(plain.clientCert).fingerprint256);
    const pubUrl = `${emu.httpUrl}/device/publish`;
    const pubBody = '{"ProductId":"CERTPID001","DeviceName":"c1","TopicName":"CERTPID001/c1/data","Payload":"test","Qos":0}';
    const ts = Math.floor(Date.now() / 1000);
    const u = new URL(pubUrl);
    const text = ['POST', u.hostname, u.pathname, '', 'rsa-sha256', String(ts), '42', createHash('sha256').update(pubBody).digest('hex')].join('\n');
    const signature = createSign('RSA-SHA256').update(text).sign(plain.clientKey, 'base64');
    const headers = { 'X-tc-algorithm': 'rsa-sha256', 'X-tc-timestamp': String(ts), 'X-tc-nonce': '42', 'X-tc-signature': signature };
    const ok = await http(emu.httpUrl, 'POST', '/device/publish', pubBody, headers);
    expect((ok.json as { Response: { Error?: unknown } }).Response.Error).toBeUndefined();
    const bad = await http(emu.httpUrl, 'POST', '/device/publish', pubBody, { ...headers, 'X-tc-nonce': '43' });
    expect((bad.json as { Response: { Error: { Code: string } } }).Response.Error.Code).toBe('AuthFailure.SignatureFailure');
  });

  test('HTTP publish (spec 3.17): signed with the secret text, delivered to MQTT subscribers', async () => {
    const dev: MqttClient = await connectDevice(emu.mqttUrl, PID, DN, SECRET);
    try {
      await dev.subscribeAsync(`${PID}/${DN}/data`, { qos: 0 });
      const url = `${emu.httpUrl}/device/publish`;
      const body = `{"ProductId":"${PID}","DeviceName":"${DN}","TopicName":"${PID}/${DN}/data","Payload":"test","Qos":0}`;
      const got = nextOn(dev, `${PID}/${DN}/data`);
      const r = await http(emu.httpUrl, 'POST', '/device/publish', body, signedHeaders(SECRET, url, body));
      expect(Object.keys((r.json as { Response: object }).Response)).toEqual(['RequestId']);
      expect((await got).text).toBe('test');
      const foreign = body.replace(`${PID}/${DN}/data`, `${PID}/dev9/data`);
      const f = await http(emu.httpUrl, 'POST', '/device/publish', foreign, signedHeaders(SECRET, url, foreign));
      expect((f.json as { Response: { Error: { Code: string } } }).Response.Error.Code).toBe('UnauthorizedOperation.TopicNotAllowed');
      const decodedKey = Buffer.from(SECRET, 'base64').toString('latin1');
      const wrong = await http(emu.httpUrl, 'POST', '/device/publish', body, signedHeaders(decodedKey, url, body));
      expect((wrong.json as { Response: { Error: { Code: string } } }).Response.Error.Code).toBe('AuthFailure.SignatureFailure');
    } finally {
      await dev.endAsync();
    }
  });

  test('resource upload: task → URL → PUT with Content-MD5 → progress → done, file stored', async () => {
    const dev: MqttClient = await connectDevice(emu.mqttUrl, PID, DN, SECRET);
    const down = `$resource/down/service/${PID}/${DN}`;
    const upTopic = `$resource/up/service/${PID}/${DN}`;
    try {
      expect((await dev.subscribeAsync(down, { qos: 1 }))[0]!.qos).toBe(1);
      const content = 'hello resource';
      const md5 = createHash('md5').update(content).digest();
      expect(md5.toString('base64')).toBe('RB7WyRrvQdfnshhiAIo5mA==');
      const created = await request(dev, down, () => dev.publishAsync(upTopic, pyDumps({ type: 'create_upload_task', size: 14, name: 'myres', md5sum: md5.toString('hex') }), { qos: 1 }));
      const rsp = created.json as { type: string; url: string; result_code: number };
      expect(rsp).toMatchObject({ type: 'create_upload_task_rsp', result_code: 0, name: 'myres', size: 14 });
      const progress = (state: string): string => pyDumps({ type: 'report_upload_progress', name: 'myres', progress: { state, percent: 100, result_code: 0, result_msg: '' } });
      const early = await request(dev, down, () => dev.publishAsync(upTopic, progress('done'), { qos: 1 }));
      expect(early.json).toMatchObject({ result_code: -1, type: 'report_upload_progress_rsp' });
      const uploading = await request(dev, down, () => dev.publishAsync(upTopic, progress('uploading'), { qos: 1 }));
      expect(uploading.json).toEqual({ name: 'myres', result_code: 0, result_msg: 'ok', type: 'report_upload_progress_rsp' });
      const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-MD5': md5.toString('base64') };
      expect((await fetch(rsp.url, { method: 'PUT', body: 'hello resourcX', headers })).status).toBe(400);
      expect((await fetch(rsp.url.replace(/token=\w+/, 'token=bad'), { method: 'PUT', body: content, headers })).status).toBe(404);
      const put = await fetch(rsp.url, { method: 'PUT', body: content, headers });
      expect(put.status).toBe(200);
      const done = await request(dev, down, () => dev.publishAsync(upTopic, progress('done'), { qos: 1 }));
      expect(done.json).toMatchObject({ result_code: 0, result_msg: 'ok' });
      const list = await http(emu.httpUrl, 'GET', `/control/tencent/resources/${PID}/${DN}`);
      expect(list.json).toEqual([expect.objectContaining({ name: 'myres', state: 'done', uploaded: true, file: `tencent/resource/${PID}/${DN}/myres` })]);
      expect(JSON.stringify(list.json)).not.toContain('token":');
      expect(emu.files.get(`tencent/resource/${PID}/${DN}/myres`)!.data.toString()).toBe(content);
    } finally {
      await dev.endAsync();
    }
  });
});
