import { createHash } from 'node:crypto';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, DN, http, PID, pyDumps, request, SECRET, startTencent } from './helpers.js';

const GW = 'gw1';

describe('tencent: a deleted and re-created device starts clean', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startTencent();
    emu.registry.put({ vendor: 'tencent', key: `${PID}/${GW}`, productId: PID, deviceName: GW, deviceSecret: SECRET, gateway: true });
  });
  afterEach(async () => {
    await emu.close();
  });

  /** Shadow, OTA report/progress, resource upload, gateway binding and online status for the device. */
  async function fill(): Promise<void> {
    const dev = await connectDevice(emu.mqttUrl, PID, DN, SECRET);
    try {
      const shadowResult = `$shadow/operation/result/${PID}/${DN}`;
      await dev.subscribeAsync([shadowResult, `$ota/update/${PID}/${DN}`, `$resource/down/service/${PID}/${DN}`], { qos: 1 });
      await request(dev, shadowResult, () => dev.publishAsync(`$shadow/operation/${PID}/${DN}`, pyDumps({ type: 'update', state: { reported: { temp: 21 } }, version: 0, clientToken: 't1' }), { qos: 1 }));
      await request(dev, `$ota/update/${PID}/${DN}`, () => dev.publishAsync(`$ota/report/${PID}/${DN}`, pyDumps({ type: 'report_version', report: { version: '0.9.0' } }), { qos: 1 }));
      await dev.publishAsync(`$ota/report/${PID}/${DN}`, pyDumps({ type: 'report_progress', report: { progress: { state: 'downloading', percent: '40', result_code: '0', result_msg: '' }, version: '1.0.0' } }), { qos: 1 });
      const content = 'old resource';
      const md5 = createHash('md5').update(content).digest('hex');
      const created = await request(dev, `$resource/down/service/${PID}/${DN}`, () => dev.publishAsync(`$resource/up/service/${PID}/${DN}`, pyDumps({ type: 'create_upload_task', size: content.length, name: 'res', md5sum: md5 }), { qos: 1 }));
      expect((await fetch((created.json as { url: string }).url, { method: 'PUT', body: content })).status).toBe(200);
    } finally {
      await dev.endAsync();
    }
    expect((await http(emu.httpUrl, 'POST', `/control/tencent/gateway/${PID}/${GW}/bind`, { productId: PID, deviceName: DN })).status).toBe(200);
    const gw = await connectDevice(emu.mqttUrl, PID, GW, SECRET);
    try {
      const result = `$gateway/operation/result/${PID}/${GW}`;
      await gw.subscribeAsync(result, { qos: 1 });
      const on = await request(gw, result, () => gw.publishAsync(`$gateway/operation/${PID}/${GW}`, pyDumps({ type: 'online', payload: { devices: [{ product_id: PID, device_name: DN }] } }), { qos: 1 }));
      expect(JSON.stringify(on.json)).toContain('"result":0');
      expect((await http(emu.httpUrl, 'GET', `/control/tencent/gateway/${PID}/${GW}`)).json).toEqual({ subDevices: [{ productId: PID, deviceName: DN, bound: true, online: true }] });
    } finally {
      await gw.endAsync();
    }
    const ota = (await http(emu.httpUrl, 'GET', `/control/tencent/ota/${PID}/${DN}`)).json as { reports: unknown[] };
    expect(ota.reports).toHaveLength(2);
  }

  async function expectClean(): Promise<void> {
    const shadow = await http(emu.httpUrl, 'GET', `/control/tencent/shadow/${PID}/${DN}`);
    expect(shadow.json).toMatchObject({ state: { reported: {} }, version: 0 });
    expect((await http(emu.httpUrl, 'GET', `/control/tencent/ota/${PID}/${DN}`)).json).toEqual({ reports: [] });
    expect((await http(emu.httpUrl, 'GET', `/control/tencent/resources/${PID}/${DN}`)).json).toEqual([]);
    expect(emu.files.get(`tencent/resource/${PID}/${DN}/res`)).toBeUndefined();
    expect((await http(emu.httpUrl, 'GET', `/control/tencent/gateway/${PID}/${GW}`)).json).toEqual({ subDevices: [] });
    // the re-created device works
    const dev = await connectDevice(emu.mqttUrl, PID, DN, SECRET);
    await dev.endAsync();
  }

  test('delete and create again through /control/tencent/devices', async () => {
    await fill();
    expect((await http(emu.httpUrl, 'DELETE', `/control/tencent/devices/${PID}/${DN}`)).status).toBe(200);
    expect((await http(emu.httpUrl, 'POST', '/control/tencent/devices', { productId: PID, deviceName: DN, deviceSecret: SECRET })).status).toBe(201);
    await expectClean();
  });

  test('delete and create again through the generic registry', async () => {
    await fill();
    expect((await http(emu.httpUrl, 'DELETE', `/control/registry/tencent/${PID}/${DN}`)).status).toBe(200);
    emu.registry.put({ vendor: 'tencent', key: `${PID}/${DN}`, productId: PID, deviceName: DN, deviceSecret: SECRET });
    await expectClean();
  });
});
