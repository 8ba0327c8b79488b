import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connect, DN, DS, hmac, http, linkkitCredentials, next, PK, startAliyun } from './helpers.js';

const SUB_PK = 'a1SubProduct';
const SUB_PS = 'SubProductSecret';
const sys = `/sys/${PK}/${DN}/thing`;

interface Reply {
  id: string;
  code: number;
  data: unknown;
  message: string;
}

describe('aliyun: a sub-device registers only once (activated by its first login through a gateway)', () => {
  let emu: Emulator;
  let gw: MqttClient;
  let rid = 0;
  beforeEach(async () => {
    emu = await startAliyun();
    expect((await http(emu.httpUrl, 'POST', '/control/aliyun/products', { productKey: SUB_PK, productSecret: SUB_PS })).status).toBe(201);
    gw = await connect(emu.mqttUrl, linkkitCredentials(PK, DN, DS));
  });
  afterEach(async () => {
    await gw.endAsync();
    await emu.close();
  });

  async function ask(topic: string, params: unknown): Promise<Reply> {
    const id = String(++rid);
    const r = next(gw, `${topic}_reply`);
    await gw.publishAsync(topic, JSON.stringify({ id, version: '1.0', params }));
    const reply = JSON.parse((await r).toString()) as Reply;
    expect(reply.id).toBe(id);
    return reply;
  }

  const subRegister = (dn: string): Promise<Reply> => ask(`${sys}/sub/register`, [{ productKey: SUB_PK, deviceName: dn }]);
  function productRegister(dn: string): Promise<Reply> {
    const random = 'AbCdEfGh1234567';
    const sign = hmac('sha256', SUB_PS, `deviceName${dn}productKey${SUB_PK}random${random}`);
    return ask(`${sys}/proxy/provisioning/product_register`, { proxieds: [{ productKey: SUB_PK, deviceName: dn, random, signMethod: 'hmacSha256', sign }] });
  }

  /** topo add + batch_login of a sub-device with its secret; returns the login reply. */
  async function addAndLogin(dn: string, ds: string): Promise<Reply> {
    const millis = String(Date.now());
    const add = await ask(`${sys}/topo/add`, [{ productKey: SUB_PK, deviceName: dn, clientId: `${SUB_PK}.${dn}`, timestamp: millis, signmethod: 'hmacSha256', sign: hmac('sha256', ds, `clientId${SUB_PK}.${dn}deviceName${dn}productKey${SUB_PK}timestamp${millis}`) }]);
    expect(add.code).toBe(200);
    const clientId = `${SUB_PK}.${dn}|lan=Python,_v=2.2.1,_ss=1|`;
    const sign = hmac('sha256', ds, `clientId${clientId}deviceName${dn}productKey${SUB_PK}timestamp${millis}`);
    return await ask(`/ext/session/${PK}/${DN}/combine/batch_login`, { signMethod: 'hmacSha256', deviceList: [{ productKey: SUB_PK, deviceName: dn, clientId, timestamp: millis, cleanSession: 'false', sign }] });
  }

  test('sub/register: secret until the sub-device logs in, then 6289 and the secret stays', async () => {
    const first = await subRegister('s1');
    expect(first.code).toBe(200);
    const secret = (first.data as { deviceSecret: string }[])[0]?.deviceSecret ?? '';
    expect(secret).not.toBe('');
    // not activated yet: registering again hands out the same secret
    expect((await subRegister('s1')).data).toEqual([{ productKey: SUB_PK, deviceName: 's1', deviceSecret: secret }]);
    expect(emu.registry.get('aliyun', `${SUB_PK}/s1`)?.['activated']).toBeUndefined();

    expect((await addAndLogin('s1', secret)).code).toBe(200);
    expect(emu.registry.get('aliyun', `${SUB_PK}/s1`)?.['activated']).toBe(true);

    const again = await subRegister('s1');
    expect(again).toMatchObject({ code: 6289, data: {}, message: `device is already activated: ${SUB_PK}/s1` });
    const viaProduct = await productRegister('s1');
    expect(viaProduct).toMatchObject({ code: 6289, data: {}, message: `device is already activated: ${SUB_PK}/s1` });
    expect(emu.registry.get('aliyun', `${SUB_PK}/s1`)?.['deviceSecret']).toBe(secret);
  });

  test('product_register: secret until the sub-device logs in, then 6289', async () => {
    const first = await productRegister('s2');
    expect(first.code).toBe(200);
    const secret = (first.data as { proxieds: { deviceSecret: string }[] }).proxieds[0]?.deviceSecret ?? '';
    expect(secret).not.toBe('');
    expect((await addAndLogin('s2', secret)).code).toBe(200);
    expect(await productRegister('s2')).toMatchObject({ code: 6289, data: {}, message: `device is already activated: ${SUB_PK}/s2` });
    expect(await subRegister('s2')).toMatchObject({ code: 6289, data: {} });
  });

  test('one activated sub-device refuses the whole request; nothing is created for the others', async () => {
    emu.registry.put({ vendor: 'aliyun', key: `${SUB_PK}/s3`, productKey: SUB_PK, deviceName: 's3', deviceSecret: 'Secret3', activated: true });
    const r = await ask(`${sys}/sub/register`, [{ productKey: SUB_PK, deviceName: 's4' }, { productKey: SUB_PK, deviceName: 's3' }]);
    expect(r).toMatchObject({ code: 6289, data: {} });
    expect(emu.registry.get('aliyun', `${SUB_PK}/s4`)).toBeUndefined();
    expect(emu.registry.get('aliyun', `${SUB_PK}/s3`)?.['deviceSecret']).toBe('Secret3');
  });

  test('after the record is deleted (or activated set false) the sub-device may register again', async () => {
    emu.registry.put({ vendor: 'aliyun', key: `${SUB_PK}/s5`, productKey: SUB_PK, deviceName: 's5', deviceSecret: 'Secret5', activated: true });
    expect((await subRegister('s5')).code).toBe(6289);
    emu.registry.update('aliyun', `${SUB_PK}/s5`, { activated: false });
    expect((await subRegister('s5')).data).toEqual([{ productKey: SUB_PK, deviceName: 's5', deviceSecret: 'Secret5' }]);
    emu.registry.update('aliyun', `${SUB_PK}/s5`, { activated: true });
    emu.registry.delete('aliyun', `${SUB_PK}/s5`);
    const fresh = await subRegister('s5');
    expect(fresh.code).toBe(200);
    expect((fresh.data as { deviceSecret: string }[])[0]?.deviceSecret).not.toBe('Secret5');
  });
});
