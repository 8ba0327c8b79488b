import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, LinkKit } from '../src/index.js';
import { startStubPlatform, type StubPlatform } from './helpers/stub-platform.js';
import { Recorder } from './helpers/recorder.js';

const PK = 'a1ProductKey';
const DN = 'device01';
const PS = 'ProductSecretABCDEFG';

function mqttPort(p: StubPlatform): number {
  return Number(new URL(p.emu.mqttUrl).port);
}

describe('dynamic registration', () => {
  let p: StubPlatform;
  let http: Server;
  let url = '';
  const requests: URLSearchParams[] = [];
  let reply: (form: URLSearchParams) => { status: number; body: unknown } = () => ({ status: 200, body: {} });
  const live: Array<LinkKit<string>> = [];
  beforeAll(async () => {
    p = await startStubPlatform({ devices: [{ pk: PK, dn: DN, ds: 'issued-secret', ps: PS }] });
    http = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        requests.push(form);
        const r = reply(form);
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(r.body));
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/auth/register/device`;
  });
  afterEach(async () => {
    await Promise.all(live.splice(0).map((lk) => lk.destruct()));
  });
  afterAll(async () => {
    await p.close();
    await new Promise<void>((r) => http.close(() => r()));
  });

  function make(args: Record<string, unknown>): LinkKit<string> {
    const lk = new LinkKit<string>({ host_name: '127.0.0.1', product_key: PK, device_name: DN, device_secret: '', product_secret: PS, user_data: 'ud', ...args, extensions: { second_ms: 5, random: () => 0, register_url: url, ...(args['extensions'] as object) } });
    lk.config_mqtt({ port: mqttPort(p), secure: '' });
    live.push(lk);
    return lk;
  }

  test('HTTPS flow: signed form, callback with the device secret, then a normal connect with it', async () => {
    reply = () => ({ status: 200, body: { code: 200, data: { productKey: PK, deviceName: DN, deviceSecret: 'issued-secret' }, message: 'success' } });
    const rec = new Recorder();
    const lk = make({});
    lk.on_device_dynamic_register = rec.fn('on_device_dynamic_register');
    lk.on_connect = rec.fn('on_connect');
    expect(lk.connect_async()).toBe(0);
    expect((await rec.wait('on_device_dynamic_register'))[0]).toEqual([0, 'issued-secret', 'ud']);
    await rec.wait('on_connect');
    const form = requests.at(-1)!;
    expect([...form.keys()]).toEqual(['productKey', 'deviceName', 'random', 'sign', 'signMethod']);
    expect(form.get('signMethod')).toBe('hmacsha256');
    expect(form.get('sign')).toBe(createHmac('sha256', PS).update(`deviceName${DN}productKey${PK}random${form.get('random')}`).digest('hex'));
    expect(p.connects().at(-1)!.clientId).toMatch(/^a1ProductKey&device01\|securemode=3,signmethod=hmacsha1/);
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTED);
  });

  test('HTTPS flow failure: callback (1, message) and back to INITIALIZED; HTTP error surfaces as on_connect rc 7', async () => {
    reply = () => ({ status: 200, body: { code: 6288, message: 'device already registered' } });
    const rec = new Recorder();
    const lk = make({});
    lk.on_device_dynamic_register = rec.fn('on_device_dynamic_register');
    lk.connect_async();
    expect((await rec.wait('on_device_dynamic_register'))[0]).toEqual([1, 'device already registered', 'ud']);
    await new Promise((r) => setTimeout(r, 20));
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.INITIALIZED);

    reply = () => ({ status: 500, body: {} });
    const lk2 = make({});
    lk2.on_connect = rec.fn('on_connect');
    lk2.connect_async();
    expect((await rec.wait('on_connect'))[0]).toEqual([0, 7, 'ud']);
    expect(lk2.check_state()).toBe(LinkKit.LinkKitState.INITIALIZED);
  });

  test('MQTT register: signed dynreg client id, /ext/register result with null user data, then disconnected', async () => {
    const rec = new Recorder();
    const lk = make({ auth_type: 'register' });
    lk.on_device_dynamic_register = rec.fn('on_device_dynamic_register');
    lk.on_connect = rec.fn('on_connect');
    lk.connect_async();
    expect((await rec.wait('on_device_dynamic_register'))[0]).toEqual([0, 'issued-secret', null]);
    const conn = p.connects().at(-1)!;
    expect(conn.clientId).toMatch(/^device01\.a1ProductKey\|random=[0-9a-zA-Z]{15},authType=register,securemode=2,signmethod=hmacsha256\|$/);
    expect(conn.username).toBe('device01&a1ProductKey');
    await new Promise((r) => setTimeout(r, 100));
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.DISCONNECTED);
    expect(rec.args('on_device_dynamic_register')).toHaveLength(1);
  });

  test('MQTT regnwl: credentials reply without user data, and the new client connects with them (mode B)', async () => {
    const rec = new Recorder();
    const lk = make({ auth_type: 'regnwl', instance_id: 'iot-inst' });
    lk.on_device_dynamic_register_nwl_reply = rec.fn('nwl');
    lk.connect_async();
    const [args] = await rec.wait('nwl');
    expect(args).toEqual([0, 'cid-device01|authType=connwl,securemode=-2,_ss=1,ext=3,lan=Python,_v=1.2.13|', 'device01&a1ProductKey', 'issued-token']);
    expect(p.connects().at(-1)!.clientId).toContain(',instanceId=iot-inst|');
    const [, clientId, username, password] = args as [number, string, string, string];
    const lk2 = new LinkKit<string>('127.0.0.1', PK, DN, '', null, username, clientId, password, null, null, 'ud2');
    lk2.config_mqtt({ port: mqttPort(p), secure: '' });
    live.push(lk2);
    lk2.on_connect = rec.fn('on_connect2');
    lk2.connect_async();
    expect((await rec.wait('on_connect2'))[0]).toEqual([0, 0, 'ud2']);
    expect(p.connects().at(-1)!.clientId).toBe(clientId);
  });

  test('MQTT register refused: failure callback (-769, null, null) after one back-off, then DISCONNECTED', async () => {
    const bad = new LinkKit<string>({ host_name: '127.0.0.1', product_key: PK, device_name: DN, product_secret: 'wrong', auth_type: 'register', extensions: { second_ms: 5 } });
    bad.config_mqtt({ port: mqttPort(p), secure: '' });
    live.push(bad);
    const rec = new Recorder();
    bad.on_device_dynamic_register = rec.fn('reg');
    bad.connect_async();
    expect((await rec.wait('reg'))[0]).toEqual([ErrorCode.DYNREG_AUTH_FAILED.value, null, null]);
    expect(bad.check_state()).toBe(LinkKit.LinkKitState.DISCONNECTED);
  });

  test('unknown auth_type surfaces on_connect(0, 7) instead of getting stuck (Q8)', async () => {
    const rec = new Recorder();
    const lk = make({ auth_type: 'bogus' });
    lk.on_connect = rec.fn('on_connect');
    lk.connect_async();
    expect((await rec.wait('on_connect'))[0]).toEqual([0, 7, 'ud']);
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.INITIALIZED);
  });
});
