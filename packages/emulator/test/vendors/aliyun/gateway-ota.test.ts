import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connackOf, connect, DN, DS, hmac, http, linkkitCredentials, next, PK, startAliyun } from './helpers.js';

const SUB_PK = 'a1SubProduct';
const SUB_DN = 'sub01';
const SUB_DS = 'SubSecret987';
let emu: Emulator;
let gw: MqttClient;
const sys = `/sys/${PK}/${DN}/thing`;

beforeAll(async () => {
  emu = await startAliyun();
  emu.registry.put({ vendor: 'aliyun', key: `${SUB_PK}/${SUB_DN}`, productKey: SUB_PK, deviceName: SUB_DN, deviceSecret: SUB_DS });
  gw = await connect(emu.mqttUrl, linkkitCredentials(PK, DN, DS));
});
afterAll(async () => {
  await gw.endAsync();
  await emu.close();
});

function topoAddElement(pk: string, dn: string, ds: string, millis: string): Record<string, string> {
  return { productKey: pk, deviceName: dn, clientId: `${pk}.${dn}`, timestamp: millis, signmethod: 'hmacSha256', sign: hmac('sha256', ds, `clientId${pk}.${dn}deviceName${dn}productKey${pk}timestamp${millis}`) };
}

function loginElement(pk: string, dn: string, ds: string, millis: string): Record<string, string> {
  const clientId = `${pk}.${dn}|lan=Python,_v=2.2.1,_ss=1|`;
  return { productKey: pk, deviceName: dn, clientId, timestamp: millis, cleanSession: 'false', sign: hmac('sha256', ds, `clientId${clientId}deviceName${dn}productKey${pk}timestamp${millis}`) };
}

describe('aliyun gateway', () => {
  test('spec vectors', () => {
    expect(topoAddElement(SUB_PK, SUB_DN, SUB_DS, '1700000000123')['sign']).toBe('9f79640500d83828380c44b499a34c7edf1d7b60bcc0a9f5d39eef62a374f056');
    expect(loginElement(SUB_PK, SUB_DN, SUB_DS, '1700000000123')['sign']).toBe('1100eaf085eb43ec345002e26d347eb1398a2764b6f6c0dc3717e3468b4904b5');
  });
  test('login before topo add fails; topo add with a bad sign fails', async () => {
    const login = next(gw, `/ext/session/${PK}/${DN}/combine/batch_login_reply`);
    await gw.publishAsync(`/ext/session/${PK}/${DN}/combine/batch_login`, JSON.stringify({ id: '1', version: '1.0', params: { signMethod: 'hmacSha256', deviceList: [loginElement(SUB_PK, SUB_DN, SUB_DS, String(Date.now()))] } }));
    expect(JSON.parse((await login).toString())).toMatchObject({ id: '1', code: 6401, data: { successList: [], failList: [{ productKey: SUB_PK }] } });
    const add = next(gw, `${sys}/topo/add_reply`);
    await gw.publishAsync(`${sys}/topo/add`, JSON.stringify({ id: '2', version: '1.0', params: [topoAddElement(SUB_PK, SUB_DN, 'wrong', String(Date.now()))] }), { qos: 1 });
    expect(JSON.parse((await add).toString())).toMatchObject({ id: '2', code: 6402 });
  });
  test('topo add, get, login, sub-device traffic, logout, delete with change notice', async () => {
    let r = next(gw, `${sys}/topo/add_reply`);
    await gw.publishAsync(`${sys}/topo/add`, JSON.stringify({ id: '3', version: '1.0', params: [topoAddElement(SUB_PK, SUB_DN, SUB_DS, String(Date.now()))] }), { qos: 1 });
    expect(JSON.parse((await r).toString())).toMatchObject({ id: '3', code: 200, data: [{ productKey: SUB_PK, deviceName: SUB_DN }] });
    r = next(gw, `${sys}/topo/get_reply`);
    await gw.publishAsync(`${sys}/topo/get`, JSON.stringify({ id: '4', version: '1.0', params: {}, method: 'thing.topo.get' }));
    expect(JSON.parse((await r).toString())).toMatchObject({ code: 200, data: [{ productKey: SUB_PK, deviceName: SUB_DN }] });
    r = next(gw, `/ext/session/${PK}/${DN}/combine/batch_login_reply`);
    await gw.publishAsync(`/ext/session/${PK}/${DN}/combine/batch_login`, JSON.stringify({ id: '5', version: '1.0', params: { signMethod: 'hmacSha256', deviceList: [loginElement(SUB_PK, SUB_DN, SUB_DS, String(Date.now()))] } }));
    expect(JSON.parse((await r).toString())).toMatchObject({ id: '5', code: 200, data: { successList: [{ productKey: SUB_PK, deviceName: SUB_DN }], failList: [] } });
    expect((await http(emu.httpUrl, 'GET', `/control/aliyun/devices/${PK}/${DN}/topo`)).json).toEqual({ subDevices: [{ productKey: SUB_PK, deviceName: SUB_DN, online: true }] });
    // sub-device property post through the gateway
    const subSys = `/sys/${SUB_PK}/${SUB_DN}/thing`;
    await gw.subscribeAsync(`${subSys}/event/property/post_reply`, { qos: 0 });
    r = next(gw, `${subSys}/event/property/post_reply`);
    await gw.publishAsync(`${subSys}/event/property/post`, '{"id": "6", "version": "1.0", "params": {"t": 1}, "method": "thing.event.property.post"}', { qos: 1 });
    expect(JSON.parse((await r).toString())).toMatchObject({ id: '6', code: 200 });
    r = next(gw, `/ext/session/${PK}/${DN}/combine/batch_logout_reply`);
    await gw.publishAsync(`/ext/session/${PK}/${DN}/combine/batch_logout`, JSON.stringify({ id: '7', version: '1.0', params: [{ productKey: SUB_PK, deviceName: SUB_DN }] }));
    expect(JSON.parse((await r).toString())).toMatchObject({ id: '7', code: 200 });
    r = next(gw, `${sys}/topo/change`);
    expect((await http(emu.httpUrl, 'DELETE', `/control/aliyun/devices/${PK}/${DN}/topo/${SUB_PK}/${SUB_DN}`)).status).toBe(200);
    expect(JSON.parse((await r).toString())).toMatchObject({ method: 'thing.topo.change', params: { status: 1, subList: [{ productKey: SUB_PK, deviceName: SUB_DN }] } });
  });
  test('sub-device register and product register issue secrets', async () => {
    await http(emu.httpUrl, 'POST', '/control/aliyun/products', { productKey: SUB_PK, productSecret: 'SubProductSecret' });
    let r = next(gw, `${sys}/sub/register_reply`);
    await gw.publishAsync(`${sys}/sub/register`, JSON.stringify({ id: '8', version: '1.0', params: [{ productKey: SUB_PK, deviceName: 'sub02' }] }));
    const reg = JSON.parse((await r).toString()) as { code: number; data: { deviceSecret: string }[] };
    expect(reg.code).toBe(200);
    expect(emu.registry.get('aliyun', `${SUB_PK}/sub02`)?.['deviceSecret']).toBe(reg.data[0]?.deviceSecret);
    const random = 'AbCdEfGh1234567';
    const sign = hmac('sha256', 'SubProductSecret', `deviceNamesub03productKey${SUB_PK}random${random}`);
    r = next(gw, `${sys}/proxy/provisioning/product_register_reply`);
    await gw.publishAsync(`${sys}/proxy/provisioning/product_register`, JSON.stringify({ id: '9', version: '1.0', params: { proxieds: [{ productKey: SUB_PK, deviceName: 'sub03', random, signMethod: 'hmacSha256', sign }] } }));
    const pr = JSON.parse((await r).toString()) as { code: number; data: { proxieds: { deviceSecret: string }[] } };
    expect(pr.code).toBe(200);
    expect(typeof pr.data.proxieds[0]?.deviceSecret).toBe('string');
    expect(hmac('sha256', 'SubProductSecret', `deviceNamesub01productKey${SUB_PK}random${random}`)).toBe('138382a3f8d6258b92c650a393906a4b9fd784d6363f9415e1a7fe2366f5f599');
  });
});

describe('aliyun dynamic registration', () => {
  const DPK = 'a1DynProduct';
  const PS = 'ProductSecretABCDEFG';
  beforeAll(async () => {
    await http(emu.httpUrl, 'POST', '/control/aliyun/products', { productKey: DPK, productSecret: PS, preRegistration: true });
    await http(emu.httpUrl, 'POST', '/control/aliyun/devices', { productKey: DPK, deviceName: 'pre01', deviceSecret: '' });
    emu.registry.update('aliyun', `${DPK}/pre01`, { deviceSecret: undefined });
    await http(emu.httpUrl, 'POST', '/control/aliyun/devices', { productKey: DPK, deviceName: 'pre02', deviceSecret: '' });
    emu.registry.update('aliyun', `${DPK}/pre02`, { deviceSecret: undefined });
  });
  test('spec vector', () => {
    expect(hmac('sha256', PS, 'deviceNamedevice01productKeya1ProductKeyrandomAbCdEfGh1234567')).toBe('465f39be591e7de08e75633012c787a004d2a855a23a1de51de18ca0f11cd467');
  });
  test('HTTPS /auth/register/device issues a secret that then connects', async () => {
    const random = 'R123456789abcde';
    const form = new URLSearchParams({ productKey: DPK, deviceName: 'pre01', random, sign: hmac('sha256', PS, `deviceNamepre01productKey${DPK}random${random}`), signMethod: 'hmacsha256' }).toString();
    const res = await http(emu.httpUrl, 'POST', '/auth/register/device', undefined, form, { 'content-type': 'application/x-www-form-urlencoded' });
    const body = res.json as { code: number; data: { deviceSecret: string }; message: string };
    expect(body).toMatchObject({ code: 200, message: 'success', data: { productKey: DPK, deviceName: 'pre01' } });
    expect(await connackOf(emu.mqttUrl, linkkitCredentials(DPK, 'pre01', body.data.deviceSecret))).toBe(0);
    // connected once = activated: a device registers only once
    const again = await http(emu.httpUrl, 'POST', '/auth/register/device', undefined, form, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(again.json).toEqual({ code: 6289, message: 'device is already activated' });
    const bad = await http(emu.httpUrl, 'POST', '/auth/register/device', undefined, form.replace(/sign=[0-9a-f]+/, 'sign=00'), { 'content-type': 'application/x-www-form-urlencoded' });
    expect((bad.json as { code: number }).code).not.toBe(200);
  });
  function dynregCreds(dn: string, authType: string, ps = PS): { clientId: string; username: string; password: string } {
    const random = 'AbCdEfGh1234567';
    return { clientId: `${dn}.${DPK}|random=${random},authType=${authType},securemode=2,signmethod=hmacsha256|`, username: `${dn}&${DPK}`, password: hmac('sha256', ps, `deviceName${dn}productKey${DPK}random${random}`) };
  }
  test('MQTT register: secret pushed on /ext/register without SUBSCRIBE, then the session closes; refused once activated', async () => {
    const c = await connect(emu.mqttUrl, dynregCreds('pre02', 'register'));
    const msg = JSON.parse((await next(c, '/ext/register')).toString()) as { deviceSecret: string };
    expect(msg).toMatchObject({ productKey: DPK, deviceName: 'pre02' });
    await new Promise<void>((resolve) => (c.connected ? c.once('close', () => resolve()) : resolve()));
    await c.endAsync();
    expect(await connackOf(emu.mqttUrl, linkkitCredentials(DPK, 'pre02', msg.deviceSecret))).toBe(0);
    // both devices have connected (pre01 after its HTTPS registration): a second registration is refused
    expect(await connackOf(emu.mqttUrl, dynregCreds('pre02', 'register'))).toBe(4);
    expect(await connackOf(emu.mqttUrl, dynregCreds('pre01', 'register'))).toBe(4);
    expect(await connackOf(emu.mqttUrl, dynregCreds('pre01', 'register', 'wrong'))).toBe(4);
    expect(await connackOf(emu.mqttUrl, dynregCreds('ghost', 'register'))).toBe(4);
  });
  test('MQTT regnwl: token credentials connect with authType=connwl', async () => {
    const c = await connect(emu.mqttUrl, dynregCreds('nwl01', 'regnwl'));
    const msg = JSON.parse((await next(c, '/ext/regnwl')).toString()) as { clientId: string; deviceName: string; productKey: string; deviceToken: string };
    await c.endAsync();
    const creds = { clientId: `${msg.clientId}|authType=connwl,securemode=-2,_ss=1,ext=3,lan=Python,_v=1.2.13|`, username: `${msg.deviceName}&${msg.productKey}`, password: msg.deviceToken };
    expect(await connackOf(emu.mqttUrl, creds)).toBe(0);
    expect(await connackOf(emu.mqttUrl, { ...creds, password: 'bad' })).toBe(4);
    expect(await connackOf(emu.mqttUrl, dynregCreds('nwl01', 'regnwl'))).toBe(4); // activated: no new token
    expect(await connackOf(emu.mqttUrl, creds)).toBe(0); // the token it has still works
  });
});

describe('aliyun OTA', () => {
  const fw = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
  test('upload, inform, pull, push, Range download, progress', async () => {
    const up = await http(emu.httpUrl, 'POST', `/control/aliyun/firmware?productKey=${PK}&version=2.0.0&module=MCU`, undefined, fw);
    expect(up.status).toBe(201);
    const info = up.json as { url: string; md5: string; size: number };
    expect(info.size).toBe(5000);
    await gw.publishAsync(`/ota/device/inform/${PK}/${DN}`, '{"id": 1,"params": {"version":"1.0.0","module": "MCU"}}');
    const pull = next(gw, `${sys}/ota/firmware/get_reply`);
    await gw.publishAsync(`${sys}/ota/firmware/get`, '{"id": 12, "params": {"module": "MCU"}}');
    expect(JSON.parse((await pull).toString())).toMatchObject({ id: 12, code: 200, data: { version: '2.0.0', size: 5000, url: info.url, signMethod: 'Md5', sign: info.md5, module: 'MCU' } });
    const push = next(gw, `/ota/device/upgrade/${PK}/${DN}`);
    expect((await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/ota/push`, { version: '2.0.0', signMethod: 'SHA256', extData: { k: 'v' } })).status).toBe(200);
    const pushed = JSON.parse((await push).toString()) as { code: string; data: { url: string; sign: string; extData: unknown } };
    expect(pushed).toMatchObject({ code: '1000', message: 'success', data: { signMethod: 'SHA256', extData: { k: 'v' } } });
    const part = await fetch(pushed.data.url, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(fw.subarray(100, 200))).toBe(true);
    await gw.publishAsync(`/ota/device/progress/${PK}/${DN}`, '{"id": "1", "params": {"step": "50", "desc": "half", "module": "MCU"}}');
    await emu.trace.waitFor((e) => e.kind === 'publish' && e.topic === `/ota/device/progress/${PK}/${DN}`);
    await new Promise((r) => setTimeout(r, 20));
    const state = (await http(emu.httpUrl, 'GET', `/control/aliyun/devices/${PK}/${DN}/ota`)).json;
    expect(state).toMatchObject({ versions: { MCU: '1.0.0' }, progress: [{ step: '50', desc: 'half', module: 'MCU' }] });
  });
});
