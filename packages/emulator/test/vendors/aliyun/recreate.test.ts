import type { Emulator } from '../../../src/index.js';
import { connect, DN, DS, hmac, http, linkkitCredentials, next, PK, startAliyun } from './helpers.js';

const SUB_PK = 'a1SubProduct';
const SUB_DN = 'sub01';
const SUB_DS = 'SubSecret987';
const D = `/control/aliyun/devices/${PK}/${DN}`;

describe('aliyun: a deleted and re-created device starts clean', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startAliyun();
  });
  afterEach(async () => {
    await emu.close();
  });

  async function fill(): Promise<void> {
    const dev = await connect(emu.mqttUrl, linkkitCredentials(PK, DN, DS));
    try {
      const sys = `/sys/${PK}/${DN}/thing`;
      let r = next(dev, `${sys}/event/property/post_reply`);
      await dev.publishAsync(`${sys}/event/property/post`, JSON.stringify({ id: '1', version: '1.0', params: { temp: 21 }, method: 'thing.event.property.post' }), { qos: 1 });
      await r;
      r = next(dev, `${sys}/deviceinfo/update_reply`);
      await dev.publishAsync(`${sys}/deviceinfo/update`, JSON.stringify({ id: '2', version: '1.0', params: [{ attrKey: 'room', attrValue: 'kitchen' }], method: 'thing.deviceinfo.update' }), { qos: 1 });
      await r;
      r = next(dev, `/shadow/get/${PK}/${DN}`);
      await dev.publishAsync(`/shadow/update/${PK}/${DN}`, JSON.stringify({ method: 'update', state: { reported: { color: 'red' } }, version: 1 }), { qos: 1 });
      await r;
      await dev.publishAsync(`/ota/device/inform/${PK}/${DN}`, JSON.stringify({ id: '3', params: { version: '1.0.0' } }), { qos: 1 });
      await dev.publishAsync(`/ota/device/progress/${PK}/${DN}`, JSON.stringify({ id: '4', params: { step: '50', desc: 'half' } }), { qos: 1 });
      await emu.trace.waitFor((e) => e.kind === 'publish' && e.topic === `/ota/device/progress/${PK}/${DN}`, 2000);
    } finally {
      await dev.endAsync();
    }
    expect((await http(emu.httpUrl, 'GET', `${D}/properties`)).json).toEqual({ temp: 21 });
    expect((await http(emu.httpUrl, 'GET', `${D}/tags`)).json).toEqual({ room: 'kitchen' });
    expect((await http(emu.httpUrl, 'GET', `${D}/ota`)).json).toMatchObject({ versions: { default: '1.0.0' }, progress: [{ step: '50' }] });
  }

  async function expectClean(): Promise<void> {
    expect((await http(emu.httpUrl, 'GET', `${D}/properties`)).json).toEqual({});
    expect((await http(emu.httpUrl, 'GET', `${D}/tags`)).json).toEqual({});
    expect((await http(emu.httpUrl, 'GET', `${D}/ota`)).json).toEqual({ versions: {}, progress: [] });
    const shadow = (await http(emu.httpUrl, 'GET', `${D}/shadow`)).json as { state: unknown; version: number };
    expect(shadow).toMatchObject({ state: {}, version: 0 });
  }

  test('delete and create again through /control/aliyun/devices', async () => {
    await fill();
    expect((await http(emu.httpUrl, 'DELETE', D)).status).toBe(200);
    expect((await http(emu.httpUrl, 'POST', '/control/aliyun/devices', { productKey: PK, deviceName: DN, deviceSecret: DS })).status).toBe(201);
    await expectClean();
  });

  test('delete and create again through the generic registry', async () => {
    await fill();
    expect((await http(emu.httpUrl, 'DELETE', `/control/registry/aliyun/${PK}/${DN}`)).status).toBe(200);
    emu.registry.put({ vendor: 'aliyun', key: `${PK}/${DN}`, productKey: PK, deviceName: DN, deviceSecret: DS });
    await expectClean();
  });

  test('a re-created sub-device is neither in its old gateway topology nor logged in through it', async () => {
    emu.registry.put({ vendor: 'aliyun', key: `${SUB_PK}/${SUB_DN}`, productKey: SUB_PK, deviceName: SUB_DN, deviceSecret: SUB_DS });
    const gw = await connect(emu.mqttUrl, linkkitCredentials(PK, DN, DS));
    try {
      const sys = `/sys/${PK}/${DN}/thing`;
      const millis = String(Date.now());
      let r = next(gw, `${sys}/topo/add_reply`);
      const sign = hmac('sha256', SUB_DS, `clientId${SUB_PK}.${SUB_DN}deviceName${SUB_DN}productKey${SUB_PK}timestamp${millis}`);
      await gw.publishAsync(`${sys}/topo/add`, JSON.stringify({ id: '1', version: '1.0', params: [{ productKey: SUB_PK, deviceName: SUB_DN, clientId: `${SUB_PK}.${SUB_DN}`, timestamp: millis, signmethod: 'hmacSha256', sign }] }), { qos: 1 });
      expect(JSON.parse((await r).toString())).toMatchObject({ code: 200 });
      const clientId = `${SUB_PK}.${SUB_DN}|lan=Python,_v=2.2.1,_ss=1|`;
      const loginSign = hmac('sha256', SUB_DS, `clientId${clientId}deviceName${SUB_DN}productKey${SUB_PK}timestamp${millis}`);
      r = next(gw, `/ext/session/${PK}/${DN}/combine/batch_login_reply`);
      await gw.publishAsync(`/ext/session/${PK}/${DN}/combine/batch_login`, JSON.stringify({ id: '2', version: '1.0', params: { signMethod: 'hmacSha256', deviceList: [{ productKey: SUB_PK, deviceName: SUB_DN, clientId, timestamp: millis, cleanSession: 'false', sign: loginSign }] } }));
      expect(JSON.parse((await r).toString())).toMatchObject({ code: 200 });
      expect((await http(emu.httpUrl, 'GET', `${D}/topo`)).json).toEqual({ subDevices: [{ productKey: SUB_PK, deviceName: SUB_DN, online: true }] });

      expect((await http(emu.httpUrl, 'DELETE', `/control/aliyun/devices/${SUB_PK}/${SUB_DN}`)).status).toBe(200);
      emu.registry.put({ vendor: 'aliyun', key: `${SUB_PK}/${SUB_DN}`, productKey: SUB_PK, deviceName: SUB_DN, deviceSecret: SUB_DS });
      expect((await http(emu.httpUrl, 'GET', `${D}/topo`)).json).toEqual({ subDevices: [] });
      // the gateway can no longer post for it (dropped as denied)
      await gw.publishAsync(`/sys/${SUB_PK}/${SUB_DN}/thing/event/property/post`, JSON.stringify({ id: '3', version: '1.0', params: { t: 1 } }), { qos: 1 });
      await emu.trace.waitFor((e) => e.kind === 'denied' && e.topic === `/sys/${SUB_PK}/${SUB_DN}/thing/event/property/post`, 2000);
      expect((await http(emu.httpUrl, 'GET', `/control/aliyun/devices/${SUB_PK}/${SUB_DN}/properties`)).json).toEqual({});
    } finally {
      await gw.endAsync();
    }
  });
});
