// Dynamic registration, HTTP publish and resource upload against a local stand-in of the Tencent HTTP endpoints:
// exact bodies, signature headers (verified independently), AES reply decryption, device-file rewrite.
import { createCipheriv, createHash, createHmac, generateKeyPairSync, createVerify } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { QcloudHubProvider, HTTPError } from '../src/index.js';
import { DEVICE, deviceFile, startWire, waitFor, type Wire } from './helpers.js';
import { startCloudHttp, type CloudHttp, type Recorded } from './cloud-http.js';

let wire: Wire;
let cloud: CloudHttp;
const hubs: QcloudHubProvider[] = [];

function encryptReply(obj: object, productSecret = DEVICE.productSecret): string {
  const plain = Buffer.from(JSON.stringify(obj));
  const padded = Buffer.concat([plain, Buffer.alloc((16 - (plain.length % 16)) % 16)]);
  const c = createCipheriv('aes-128-cbc', Buffer.from(productSecret.slice(0, 16)), Buffer.from('0000000000000000'));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(padded), c.final()]).toString('base64');
}

function verifySignature(r: Recorded, key: string, host: string, path: string): boolean {
  const s = ['POST', host, path, '', String(r.headers['x-tc-algorithm']), String(r.headers['x-tc-timestamp']), String(r.headers['x-tc-nonce']), createHash('sha256').update(r.body).digest('hex')].join('\n');
  return createHmac('sha256', key).update(s).digest('base64') === r.headers['x-tc-signature'];
}

function make(file: string, over: Record<string, unknown> = {}): QcloudHubProvider {
  const h = new QcloudHubProvider(file, null, false, '127.0.0.1', false, { port: wire.broker.port, timeScale: 0.1, ...over });
  hubs.push(h);
  return h;
}

beforeAll(async () => {
  wire = await startWire();
  cloud = await startCloudHttp();
});
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.destroy();
  cloud.post.clear();
});
afterAll(async () => {
  await wire.close();
  await cloud.close();
});

describe('dynregDevice', () => {
  test('key product: signed request, decrypted PSK, textual rewrite of device_info.json, then MQTT connects with it', async () => {
    const raw = `{\n  "auth_mode":"KEY",\n  "productId":"${DEVICE.productId}",\n  "productSecret":"${DEVICE.productSecret}",\n  "deviceName":"${DEVICE.deviceName}",\n  "key_deviceinfo":{\n      "deviceSecret":"YOUR_DEVICE_SECRET"\n  },\n  "cert_deviceinfo":{"devCaFile":"a","devCertFile":"b","devPrivateKeyFile":"c"},\n  "region":"china"\n}\n`;
    const d = deviceFile({}, raw);
    try {
      cloud.post.set('/device/register', () => ({ body: JSON.stringify({ Response: { Len: 53, Payload: encryptReply({ encryptionType: 2, psk: DEVICE.deviceSecret }), RequestId: 'r1' } }) }));
      const h = make(d.file);
      expect(h.connect()).toBe(0); // no client yet (placeholder secret)
      expect(h.isMqttConnected()).toBe(false);
      const [rc, psk] = await h.dynregDevice(10, `${cloud.url}/device/register`);
      expect([rc, psk]).toEqual([0, DEVICE.deviceSecret]);
      const req = cloud.requests.at(-1)!;
      expect(req.body.toString()).toBe(`{"ProductId":"${DEVICE.productId}","DeviceName":"${DEVICE.deviceName}"}`);
      expect(req.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(req.headers['x-tc-algorithm']).toBe('hmacsha256');
      expect(Number(req.headers['x-tc-nonce'])).toBeLessThanOrEqual(2147483646);
      expect(Math.abs(Number(req.headers['x-tc-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
      expect(verifySignature(req, DEVICE.productSecret, '127.0.0.1', '/device/register')).toBe(true);
      expect(readFileSync(d.file, 'utf-8')).toBe(raw.replace('YOUR_DEVICE_SECRET', DEVICE.deviceSecret));
      h.connect();
      await waitFor(() => h.isMqttConnected());
      const c = wire.connects.at(-1)!;
      expect(c.password).toBe(`${createHmac('sha1', Buffer.from(DEVICE.deviceSecret, 'base64')).update(c.username!).digest('hex')};hmacsha1`);
    } finally {
      d.cleanup();
    }
  });

  test('cert product: cert.txt / privateKey.txt in the working directory, paths rewritten, [0, "success"]', async () => {
    const d = deviceFile({ cert_deviceinfo: { devCaFile: 'ca.crt', devCertFile: 'YOUR_DEVICE_CERT_FILE_NAME', devPrivateKeyFile: 'YOUR_DEVICE_PRIVATE_KEY_FILE_NAME' } });
    const cwd = process.cwd();
    process.chdir(d.dir);
    try {
      cloud.post.set('/device/register', () => ({ body: JSON.stringify({ Response: { Len: 80, Payload: encryptReply({ encryptionType: 1, clientCert: 'CERT-PEM', clientKey: 'KEY-PEM' }) } }) }));
      const h = make(d.file);
      expect(await h.dynregDevice({ dynregDomain: `${cloud.url}/device/register` })).toEqual([0, 'success']);
      expect(readFileSync(join(d.dir, 'cert.txt'), 'utf-8')).toBe('CERT-PEM');
      expect(readFileSync(join(d.dir, 'privateKey.txt'), 'utf-8')).toBe('KEY-PEM');
      const text = readFileSync(d.file, 'utf-8');
      expect(text).toContain(join(d.dir, 'cert.txt'));
      expect(text).toContain(join(d.dir, 'privateKey.txt'));
      expect(text).not.toContain('YOUR_DEVICE_CERT_FILE_NAME');
    } finally {
      process.chdir(cwd);
      d.cleanup();
    }
  });

  test('error reply → [-1, Error.Message]; other encryption type; HTTP 500 → HTTPError; malformed reply → KeyError', async () => {
    const d = deviceFile();
    try {
      const h = make(d.file);
      const url = `${cloud.url}/device/register`;
      cloud.post.set('/device/register', () => ({ body: '{"Response": {"Error": {"Code": "InvalidParameterValue", "Message": "device exists"}, "RequestId": "r"}}' }));
      expect(await h.dynregDevice(10, url)).toEqual([-1, 'device exists']);
      cloud.post.set('/device/register', () => ({ body: JSON.stringify({ Response: { Len: 10, Payload: encryptReply({ encryptionType: 3 }) } }) }));
      expect(await h.dynregDevice(10, url)).toEqual([-1, 'encryptionType is other type']);
      cloud.post.set('/device/register', () => ({ body: JSON.stringify({ Response: { Len: 10, Payload: null } }) }));
      expect(await h.dynregDevice(10, url)).toEqual([-1, 'payload is null']);
      cloud.post.set('/device/register', () => ({ status: 500, body: 'boom' }));
      await expect(h.dynregDevice(10, url)).rejects.toBeInstanceOf(HTTPError);
      cloud.post.set('/device/register', () => ({ body: '{"nothing": 1}' }));
      await expect(h.dynregDevice(10, url)).rejects.toThrow("'Response'");
      cloud.post.set('/device/register', () => ({ body: 'not json' }));
      await expect(h.dynregDevice(10, url)).rejects.toThrow(SyntaxError);
    } finally {
      d.cleanup();
    }
  });
});

describe('httpDevice', () => {
  test('default topic and payload, exact body, signature with the secret text', async () => {
    const d = deviceFile();
    try {
      cloud.post.set('/device/publish', () => ({ body: '{"Response": {"RequestId": "r2"}}' }));
      const h = make(d.file);
      const url = `${cloud.url}/device/publish`;
      expect(await h.httpDevice(null, null, 0, 10, url)).toEqual([0, { RequestId: 'r2' }]);
      const req = cloud.requests.at(-1)!;
      expect(req.body.toString()).toBe('{"ProductId":"ABCDEFGHIJ","DeviceName":"dev1","TopicName":"ABCDEFGHIJ/dev1/data","Payload":"test","Qos":0}');
      expect(verifySignature(req, DEVICE.deviceSecret, '127.0.0.1', '/device/publish')).toBe(true);
      await h.httpDevice({ topicName: 'ABCDEFGHIJ/dev1/event', payload: { a: 1, b: true }, qos: 1, httpDomain: url });
      expect(cloud.requests.at(-1)!.body.toString()).toBe(`{"ProductId":"ABCDEFGHIJ","DeviceName":"dev1","TopicName":"ABCDEFGHIJ/dev1/event","Payload":"{'a': 1, 'b': True}","Qos":1}`);
      cloud.post.set('/device/publish', () => ({ body: '{"Response": {"Error": {"Code": "X", "Message": "bad topic"}}}' }));
      expect(await h.httpDevice('t', 'p', 0, 10, url)).toEqual([-1, 'bad topic']);
    } finally {
      d.cleanup();
    }
  });

  test('CERT devices sign with RSA-SHA256 over the private key file', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const d = deviceFile({ auth_mode: 'CERT' });
    try {
      writeFileSync(join(d.dir, 'dev.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
      const text = readFileSync(d.file, 'utf-8').replace('"dev.key"', JSON.stringify(join(d.dir, 'dev.key')));
      writeFileSync(d.file, text);
      cloud.post.set('/device/publish', () => ({ body: '{"Response": {"RequestId": "r3"}}' }));
      const h = make(d.file);
      expect((await h.httpDevice(null, 'x', 0, 10, `${cloud.url}/device/publish`))[0]).toBe(0);
      const r = cloud.requests.at(-1)!;
      expect(r.headers['x-tc-algorithm']).toBe('rsa-sha256');
      const s = ['POST', '127.0.0.1', '/device/publish', '', 'rsa-sha256', String(r.headers['x-tc-timestamp']), String(r.headers['x-tc-nonce']), createHash('sha256').update(r.body).digest('hex')].join('\n');
      expect(createVerify('RSA-SHA256').update(s).verify(publicKey, String(r.headers['x-tc-signature']), 'base64')).toBe(true);
    } finally {
      d.cleanup();
    }
  });
});

describe('resource upload', () => {
  test('create task, progress, PUT with Content-MD5, finished; sentinels and argument errors', async () => {
    const d = deviceFile();
    try {
      const file = join(d.dir, 'myres.txt');
      writeFileSync(file, 'hello resource');
      writeFileSync(join(d.dir, 'empty.txt'), '');
      const h = make(d.file);
      h.connect();
      await waitFor(() => h.isMqttConnected());
      expect(h.resourceCreateUploadTask('X', 'Y', file)).toEqual([-1, -1]);
      expect(await h.resourceUploadfile('http://x/')).toEqual([-1, -1]);
      expect(h.resourceFinished()).toEqual([-1, -1]);
      const got: unknown[][] = [];
      const [rc] = await h.resourceInit(DEVICE.productId, DEVICE.deviceName, (...a) => got.push(a));
      expect(rc).toBe(0);
      const down = `$resource/down/service/${DEVICE.productId}/${DEVICE.deviceName}`;
      expect(wire.subscribes.find((s) => s.subs[0]!.topic === down)!.subs[0]!.qos).toBe(1);
      expect(() => h.resourceCreateUploadTask(DEVICE.productId, DEVICE.deviceName, '')).toThrow(new TypeError('Invalid filePath param.'));
      expect(() => h.resourceCreateUploadTask(DEVICE.productId, DEVICE.deviceName, join(d.dir, 'empty.txt'))).toThrow(new TypeError('File transfer content is empty. Invalid param'));
      expect(h.resourceCreateUploadTask(DEVICE.productId, DEVICE.deviceName, file)[0]).toBe(0);
      expect(h.resourceReportUploadProgress(DEVICE.productId, DEVICE.deviceName)[0]).toBe(0);
      const up = `$resource/up/service/${DEVICE.productId}/${DEVICE.deviceName}`;
      await wire.down(down, { type: 'create_upload_task_rsp', url: `${cloud.url}/upload/myres`, result_code: 0 }, 1);
      await waitFor(() => got.length === 1);
      expect(got[0]).toEqual([down, 1, { type: 'create_upload_task_rsp', url: `${cloud.url}/upload/myres`, result_code: 0 }, null]);
      const sentBytes: number[] = [];
      h.events.on('uploadProgress', (p) => sentBytes.push(p.transferred));
      expect(await h.resourceUploadfile(`${cloud.url}/upload/myres`)).toEqual([0, 0]);
      await h.flushCallbacks();
      expect(sentBytes.at(-1)).toBe(14);
      const put = cloud.requests.at(-1)!;
      expect(put.method).toBe('PUT');
      expect(put.headers['content-md5']).toBe('RB7WyRrvQdfnshhiAIo5mA==');
      expect(put.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(put.headers['content-length']).toBe('14');
      expect(put.body.toString()).toBe('hello resource');
      expect(h.resourceFinished()[0]).toBe(0);
      await waitFor(() => wire.publishes.filter((p) => p.topic === up).length === 3);
      expect(wire.publishes.filter((p) => p.topic === up).map((p) => [p.payload, p.qos])).toEqual([
        ['{"type": "create_upload_task", "size": 14, "name": "myres", "md5sum": "441ed6c91aef41d7e7b21862008a3998"}', 1],
        ['{"type": "report_upload_progress", "name": "myres", "progress": {"state": "uploading", "percent": 100, "result_code": 0, "result_msg": ""}}', 1],
        ['{"type": "report_upload_progress", "name": "myres", "progress": {"state": "done", "percent": 100, "result_code": 0, "result_msg": ""}}', 1],
      ]);
      expect(existsSync(file)).toBe(true);
    } finally {
      d.cleanup();
    }
  });
});
