import { createHmac } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, http, nextOn, pyDumps, request, SECRET, startTencent } from './helpers.js';

const GW = 'GWPID00001';
const GWN = 'gw1';
const SUB = 'SUBPID0001';
const SUB_SECRET = 'c3Vic2VjcmV0';

function bindEntry(dn: string, secret: string, random = 123456789, timestamp = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  const signature = createHmac('sha1', Buffer.from(secret, 'utf8')).update(`${SUB}${dn};${random};${timestamp}`).digest('base64');
  return { product_id: SUB, device_name: dn, signature, random, timestamp, signmethod: 'hmacsha1', authtype: 'psk' };
}

describe('tencent gateway topology', () => {
  let emu: Emulator;
  let gw: MqttClient;
  const result = `$gateway/operation/result/${GW}/${GWN}`;
  const up = `$gateway/operation/${GW}/${GWN}`;
  beforeAll(async () => {
    emu = await startTencent();
    emu.registry.put({ vendor: 'tencent', key: `${GW}/${GWN}`, productId: GW, deviceName: GWN, deviceSecret: SECRET, gateway: true, subDevices: [`${SUB}/sub1`] });
    for (const dn of ['sub1', 'sub2', 'sub3']) emu.registry.put({ vendor: 'tencent', key: `${SUB}/${dn}`, productId: SUB, deviceName: dn, deviceSecret: SUB_SECRET });
    gw = await connectDevice(emu.mqttUrl, GW, GWN, SECRET);
    await gw.subscribeAsync(result, { qos: 0 });
  });
  afterAll(async () => {
    await gw.endAsync();
    await emu.close();
  });

  test('online/offline of a bound sub-device answer result 0 with the exact reply bytes; unbound → -1', async () => {
    const on = await request(gw, result, () => gw.publishAsync(up, pyDumps({ type: 'online', payload: { devices: [{ product_id: SUB, device_name: 'sub1' }] } })));
    expect(on.text).toBe(`{"type":"online","payload":{"devices":[{"product_id":"${SUB}","device_name":"sub1","result":0}]}}`);
    expect(on.text).toHaveLength(101); // the vendor log shows 101 bytes for a 4-character name (dev1)
    const view = await http(emu.httpUrl, 'GET', `/control/tencent/gateway/${GW}/${GWN}`);
    expect(view.json).toEqual({ subDevices: [{ productId: SUB, deviceName: 'sub1', bound: true, online: true }] });
    const off = await request(gw, result, () => gw.publishAsync(up, pyDumps({ type: 'offline', payload: { devices: [{ product_id: SUB, device_name: 'sub1' }] } })));
    expect(off.json).toEqual({ type: 'offline', payload: { devices: [{ product_id: SUB, device_name: 'sub1', result: 0 }] } });
    const unbound = await request(gw, result, () => gw.publishAsync(up, pyDumps({ type: 'online', payload: { devices: [{ product_id: SUB, device_name: 'sub2' }] } })));
    expect(unbound.json).toEqual({ type: 'online', payload: { devices: [{ product_id: SUB, device_name: 'sub2', result: -1 }] } });
  });

  test('a gateway may use the topics of its online-capable bound sub-devices only', async () => {
    expect(await gw.subscribeAsync(`${SUB}/sub1/data`, { qos: 0 }).then((g) => g[0]!.qos, () => 128)).toBe(0);
    expect(await gw.subscribeAsync(`${SUB}/sub2/data`, { qos: 0 }).then((g) => g[0]!.qos, () => 128)).toBe(128);
  });

  test('bind checks the sub-device signature (secret text as key), unbind, describe_sub_devices', async () => {
    const badSig = await request(gw, result, () => gw.publishAsync(up, pyDumps({ type: 'bind', payload: { devices: [bindEntry('sub3', 'wrong')] } })));
    expect(badSig.json).toEqual({ type: 'bind', payload: { devices: [{ product_id: SUB, device_name: 'sub3', result: 809 }] } });
    const bind = await request(gw, result, () => gw.publishAsync(up, pyDumps({ type: 'bind', payload: { devices: [bindEntry('sub3', SUB_SECRET)] } })));
    expect(bind.text).toBe(`{"type":"bind","payload":{"devices":[{"product_id":"${SUB}","device_name":"sub3","result":0}]}}`);
    expect(emu.registry.get('tencent', `${GW}/${GWN}`)!['subDevices']).toEqual([`${SUB}/sub1`, `${SUB}/sub3`]);
    const describe = await request(gw, result, () => gw.publishAsync(up, pyDumps({ type: 'describe_sub_devices' })));
    expect(describe.text).toBe(`{"type":"describe_sub_devices","payload":{"devices":[{"product_id":"${SUB}","device_name":"sub1"},{"product_id":"${SUB}","device_name":"sub3"}]}}`);
    const unbind = await request(gw, result, () => gw.publishAsync(up, pyDumps({ type: 'unbind', payload: { devices: [{ product_id: SUB, device_name: 'sub3' }] } })));
    expect(unbind.json).toEqual({ type: 'unbind', payload: { devices: [{ product_id: SUB, device_name: 'sub3', result: 0 }] } });
    const again = await request(gw, result, () => gw.publishAsync(up, pyDumps({ type: 'unbind', payload: { devices: [{ product_id: SUB, device_name: 'sub3' }] } })));
    expect(again.json).toEqual({ type: 'unbind', payload: { devices: [{ product_id: SUB, device_name: 'sub3', result: -1 }] } });
    const unknown = await request(gw, result, () => gw.publishAsync(up, pyDumps({ type: 'bind', payload: { devices: [{ ...bindEntry('ghost', SUB_SECRET), device_name: 'ghost' }] } })));
    expect(unknown.json).toEqual({ type: 'bind', payload: { devices: [{ product_id: SUB, device_name: 'ghost', result: -2 }] } });
  });

  test('console bind/unbind and sub-devices going offline with the gateway', async () => {
    expect((await http(emu.httpUrl, 'POST', `/control/tencent/gateway/${GW}/${GWN}/bind`, { productId: SUB, deviceName: 'sub2' })).status).toBe(200);
    const on = await request(gw, result, () => gw.publishAsync(up, pyDumps({ type: 'online', payload: { devices: [{ product_id: SUB, device_name: 'sub2' }] } })));
    expect((on.json as { payload: { devices: { result: number }[] } }).payload.devices[0]!.result).toBe(0);
    expect((await http(emu.httpUrl, 'POST', `/control/tencent/gateway/${GW}/${GWN}/unbind`, { productId: SUB, deviceName: 'sub2' })).status).toBe(200);
    expect((await http(emu.httpUrl, 'POST', `/control/tencent/gateway/${GW}/${GWN}/unbind`, { productId: SUB, deviceName: 'sub2' })).status).toBe(409);
    // a non-gateway device gets -2
    const plain = await connectDevice(emu.mqttUrl, SUB, 'sub1', SUB_SECRET);
    try {
      await plain.subscribeAsync(`$gateway/operation/result/${SUB}/sub1`, { qos: 0 });
      const r = nextOn(plain, `$gateway/operation/result/${SUB}/sub1`);
      await plain.publishAsync(`$gateway/operation/${SUB}/sub1`, pyDumps({ type: 'online', payload: { devices: [{ product_id: SUB, device_name: 'sub2' }] } }));
      expect((await r).json).toEqual({ type: 'online', payload: { devices: [{ product_id: SUB, device_name: 'sub2', result: -2 }] } });
    } finally {
      await plain.endAsync();
    }
  });
});
