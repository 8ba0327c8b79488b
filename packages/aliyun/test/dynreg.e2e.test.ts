import { createHmac } from 'node:crypto';
import { ErrorCode, LinkKit } from '../src/index.js';
import { startPlatform, type Platform } from './helpers/platform.js';
import { Recorder } from './helpers/recorder.js';

const PK = 'a1ProductKey';
const DN = 'device01';
const PS = 'ProductSecretABCDEFG';

describe('dynamic registration against the emulator aliyun plugin', () => {
  let p: Platform;
  let url = '';
  const live: Array<LinkKit<string>> = [];
  beforeAll(async () => {
    // pre-registered devices without a secret yet; "device02" exists only for regnwl (no pre-registration needed)
    p = await startPlatform({ products: [{ pk: PK, ps: PS }], devices: [{ pk: PK, dn: DN }, { pk: PK, dn: 'device03' }] });
    // the console generated secrets for the records: drop them, the device gets one by registering
    for (const dn of [DN, 'device03']) p.emu.registry.update('aliyun', `${PK}/${dn}`, { deviceSecret: '' });
    url = `${p.emu.httpUrl}/auth/register/device`;
  });
  afterEach(async () => {
    await Promise.all(live.splice(0).map((lk) => lk.destruct()));
  });
  afterAll(async () => {
    await p.close();
  });

  function make(args: Record<string, unknown>): LinkKit<string> {
    const lk = new LinkKit<string>({ host_name: '127.0.0.1', product_key: PK, device_name: DN, device_secret: '', product_secret: PS, user_data: 'ud', ...args, extensions: { second_ms: 5, random: () => 0, register_url: url, ...(args['extensions'] as object) } });
    lk.config_mqtt({ port: p.mqttPort, secure: '' });
    live.push(lk);
    return lk;
  }

  const secretOf = async (dn: string): Promise<string> => (await p.control<{ deviceSecret: string }>('GET', `/control/aliyun/devices/${PK}/${dn}`)).body.deviceSecret;

  test('HTTPS flow (one type one secret): signed form checked by the platform, callback with the issued secret, then a normal connect with it', async () => {
    const rec = new Recorder();
    const lk = make({});
    lk.on_device_dynamic_register = rec.fn('on_device_dynamic_register');
    lk.on_connect = rec.fn('on_connect');
    const since = p.seq();
    expect(lk.connect_async()).toBe(0);
    const [reg] = await rec.wait('on_device_dynamic_register');
    const issued = await secretOf(DN);
    expect(issued).toMatch(/^[0-9a-f]{32}$/);
    expect(reg).toEqual([0, issued, 'ud']);
    expect((await rec.wait('on_connect'))[0]).toEqual([0, 0, 'ud']);
    const http = p.emu.trace.entries({ kind: 'http', since }).find((e) => e.path === '/auth/register/device')!;
    expect([http.method, http.status]).toEqual(['POST', 200]);
    // the form as sent: field order and an HMAC-SHA256 signature computed here independently
    const form = new URLSearchParams(http.payload);
    expect([...form.keys()]).toEqual(['productKey', 'deviceName', 'random', 'sign', 'signMethod']);
    expect(form.get('signMethod')).toBe('hmacsha256');
    expect(form.get('sign')).toBe(createHmac('sha256', PS).update(`deviceName${DN}productKey${PK}random${form.get('random')}`).digest('hex'));
    const conn = p.emu.trace.entries({ kind: 'connect', since });
    expect(conn).toHaveLength(1);
    expect(conn[0]!.clientId).toMatch(/^a1ProductKey&device01\|securemode=3,signmethod=hmacsha1/);
    expect(p.emu.trace.entries({ kind: 'connack', since })[0]!.returnCode).toBe(0);
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTED);
  });

  test('HTTPS flow failure: the platform refusal reaches the callback as (1, message) and the state goes back to INITIALIZED; an HTTP error surfaces as on_connect rc 7', async () => {
    const rec = new Recorder();
    // a device the product does not pre-register
    const lk = make({ device_name: 'unknown01' });
    lk.on_device_dynamic_register = rec.fn('on_device_dynamic_register');
    lk.connect_async();
    expect((await rec.wait('on_device_dynamic_register'))[0]).toEqual([1, 'device not found', 'ud']);
    await new Promise((r) => setTimeout(r, 20));
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.INITIALIZED);

    // a wrong product secret: the platform's sign check refuses it
    const wrong = make({ product_secret: 'wrong' });
    wrong.on_device_dynamic_register = rec.fn('wrong');
    wrong.connect_async();
    expect((await rec.wait('wrong'))[0]).toEqual([1, 'sign check failed', 'ud']);

    // no such endpoint on the platform (HTTP 404)
    const lk2 = make({ extensions: { register_url: `${p.emu.httpUrl}/auth/register/nowhere` } });
    lk2.on_connect = rec.fn('on_connect');
    lk2.connect_async();
    expect((await rec.wait('on_connect'))[0]).toEqual([0, 7, 'ud']);
    expect(lk2.check_state()).toBe(LinkKit.LinkKitState.INITIALIZED);
  });

  test('MQTT register: signed dynreg client id checked by the platform, /ext/register result with null user data, then disconnected by the platform', async () => {
    const rec = new Recorder();
    const lk = make({ device_name: 'device03', auth_type: 'register' });
    lk.on_device_dynamic_register = rec.fn('on_device_dynamic_register');
    lk.on_connect = rec.fn('on_connect');
    const since = p.seq();
    lk.connect_async();
    const [reg] = await rec.wait('on_device_dynamic_register');
    expect(reg).toEqual([0, await secretOf('device03'), null]);
    const conn = p.emu.trace.entries({ kind: 'connect', since })[0]!;
    expect(conn.clientId).toMatch(/^device03\.a1ProductKey\|random=[0-9a-zA-Z]{15},authType=register,securemode=2,signmethod=hmacsha256\|$/);
    expect(conn.username).toBe('device03&a1ProductKey');
    expect(p.emu.trace.entries({ kind: 'connack', since })[0]!.returnCode).toBe(0);
    await p.waitTrace((e) => e.kind === 'disconnect' && e.clientId === conn.clientId, 3000, since);
    await new Promise((r) => setTimeout(r, 50));
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.DISCONNECTED);
    expect(rec.args('on_device_dynamic_register')).toHaveLength(1);
  });

  test('MQTT regnwl: credentials reply without user data, and a new client connects with them (mode B), accepted by the platform', async () => {
    const rec = new Recorder();
    const lk = make({ device_name: 'device02', auth_type: 'regnwl', instance_id: 'iot-inst' });
    lk.on_device_dynamic_register_nwl_reply = rec.fn('nwl');
    const since = p.seq();
    lk.connect_async();
    const [args] = await rec.wait('nwl');
    const record = (await p.control<{ deviceToken: string; mqttClientId: string }>('GET', `/control/aliyun/devices/${PK}/device02`)).body;
    expect(args).toEqual([0, `${record.mqttClientId}|authType=connwl,securemode=-2,_ss=1,ext=3,lan=Python,_v=1.2.13|`, 'device02&a1ProductKey', record.deviceToken]);
    expect(p.emu.trace.entries({ kind: 'connect', since })[0]!.clientId).toMatch(/^device02\.a1ProductKey\|random=\w{15},authType=regnwl,securemode=2,signmethod=hmacsha256,instanceId=iot-inst\|$/);
    const [, clientId, username, password] = args as [number, string, string, string];
    const lk2 = new LinkKit<string>('127.0.0.1', PK, 'device02', '', null, username, clientId, password, null, null, 'ud2');
    lk2.config_mqtt({ port: p.mqttPort, secure: '' });
    live.push(lk2);
    lk2.on_connect = rec.fn('on_connect2');
    lk2.on_thing_prop_post = rec.fn('prop_post');
    lk2.thing_setup();
    lk2.connect_async();
    expect((await rec.wait('on_connect2'))[0]).toEqual([0, 0, 'ud2']);
    expect(p.connects().at(-1)!.clientId).toBe(clientId);
    expect(p.connacks().at(-1)!.returnCode).toBe(0);
    // the session works: a property post is answered by the platform
    await new Promise((r) => setTimeout(r, 20));
    expect(lk2.thing_post_property({ temp: 1 })[0]).toBe(0);
    expect((await rec.wait('prop_post'))[0]).toEqual([expect.any(String), 200, {}, 'success', 'ud2']);
  });

  test('MQTT register refused (wrong product secret → CONNACK 4): failure callback (-769, null, null) after one back-off, then DISCONNECTED', async () => {
    const bad = new LinkKit<string>({ host_name: '127.0.0.1', product_key: PK, device_name: DN, product_secret: 'wrong', auth_type: 'register', extensions: { second_ms: 5 } });
    bad.config_mqtt({ port: p.mqttPort, secure: '' });
    live.push(bad);
    const rec = new Recorder();
    bad.on_device_dynamic_register = rec.fn('reg');
    const since = p.seq();
    bad.connect_async();
    expect((await rec.wait('reg'))[0]).toEqual([ErrorCode.DYNREG_AUTH_FAILED.value, null, null]);
    expect(bad.check_state()).toBe(LinkKit.LinkKitState.DISCONNECTED);
    expect(p.emu.trace.entries({ kind: 'connack', since }).map((c) => c.returnCode)).toContain(4);
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
