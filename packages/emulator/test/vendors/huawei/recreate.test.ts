import type { Emulator } from '../../../src/index.js';
import { connectDevice, DEVICE, event, http, pyDumps, SECRET, startHuawei } from './helpers.js';

const B = `$oc/devices/${DEVICE}/sys`;

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met in time');
}

describe('huawei: a deleted and re-created device starts clean', () => {
  let emu: Emulator;
  let E: string;
  beforeEach(async () => {
    emu = await startHuawei();
    E = `${emu.httpUrl}/control/huawei/devices/${DEVICE}`;
  });
  afterEach(async () => {
    await emu.close();
  });

  /** Gives the device some state of every kind; returns when the platform holds it. */
  async function fill(): Promise<void> {
    const dev = await connectDevice(emu.mqttUrl);
    await dev.publishAsync(`${B}/properties/report`, pyDumps({ services: [{ service_id: 'smokeDetector', properties: { alarm: 10 }, event_time: null }] }), { qos: 1 });
    await dev.publishAsync(`${B}/messages/up`, pyDumps({ content: 'old message' }), { qos: 1 });
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, 'smokeDetector', 'alarm', { level: 3 }), { qos: 1 });
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$log', 'log_report', { content: 'old log' }), { qos: 1 });
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$sdk_info', 'sdk_info_report', { type: 'Python', sdk_version: '1.2.0' }), { qos: 1 });
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$ota', 'version_report', { fw_version: '1.0', sw_version: '1.0' }), { qos: 1 });
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$file_manager', 'upload_result_report', { object_name: 'a.txt', result_code: 0 }), { qos: 1 });
    expect((await http('PUT', `${emu.httpUrl}/huawei/obs/${DEVICE}/a.txt`, 'old file')).status).toBe(200);
    expect((await http('PUT', `${emu.httpUrl}/files/fw.bin`, 'firmware')).status).toBe(201);
    expect((await http('POST', `${E}/ota/upgrade`, { file: 'fw.bin', version: '2.0', v2: true })).status).toBe(202);
    expect((await http('PUT', `${E}/rules/r1?timeout_ms=100`, { ruleName: 'hot' })).status).toBe(504); // stored even without a reply
    expect((await http('POST', `${E}/sub-devices`, { node_id: 'n7', product_id: 'p1' })).status).toBe(202);
    await waitFor(async () => (await http('GET', `${E}/files`)).json.length === 1 && (await http('GET', `${E}/logs`)).json.length === 1);
    await dev.endAsync();
  }

  async function expectClean(): Promise<void> {
    expect((await http('GET', `${E}/shadow`)).json).toEqual({ device_id: DEVICE, shadow: [] });
    expect((await http('GET', `${E}/messages`)).json).toEqual([]);
    expect((await http('GET', `${E}/events`)).json).toEqual([]);
    expect((await http('GET', `${E}/logs`)).json).toEqual([]);
    expect((await http('GET', `${E}/files`)).json).toEqual([]);
    expect((await http('GET', `${E}/rules`)).json).toEqual([]);
    expect((await http('GET', `${E}/sub-devices`)).json).toEqual({ version: 0, devices: [] });
    expect((await http('GET', `${E}/ota`)).json).toEqual({ device_id: DEVICE, fw_version: null, sw_version: null, version_report: null, tasks: [] });
    expect((await http('GET', `${E}/info`)).json['sdk_info']).toBeNull();
    expect((await http('GET', `${emu.httpUrl}/huawei/obs/${DEVICE}/a.txt`)).status).toBe(404);
    expect((await http('GET', `${emu.httpUrl}/control/huawei/devices/p1_n7`)).status).toBe(404); // sub-devices go with their gateway
    // and it still works
    const dev = await connectDevice(emu.mqttUrl);
    await dev.publishAsync(`${B}/properties/report`, pyDumps({ services: [{ service_id: 'smokeDetector', properties: { alarm: 1 }, event_time: null }] }), { qos: 1 });
    await waitFor(async () => JSON.stringify((await http('GET', `${E}/shadow`)).json).includes('"alarm":1'));
    expect(JSON.stringify((await http('GET', `${E}/shadow`)).json)).not.toContain('"alarm":10');
    await dev.endAsync();
  }

  test('delete and create again through /control/huawei/devices', async () => {
    await fill();
    expect(JSON.stringify((await http('GET', `${E}/shadow`)).json)).toContain('"alarm":10');
    expect((await http('DELETE', E)).status).toBe(204);
    expect((await http('PUT', E, { secret: SECRET })).status).toBe(200);
    await expectClean();
  });

  test('delete and create again through the generic registry (route or code)', async () => {
    await fill();
    expect((await http('DELETE', `${emu.httpUrl}/control/registry/huawei/${DEVICE}`)).status).toBe(200);
    emu.registry.put({ vendor: 'huawei', key: DEVICE, secret: SECRET });
    await expectClean();
  });

  test('a sub-device deleted by its gateway and added again starts clean', async () => {
    await http('PUT', `${emu.httpUrl}/control/huawei/devices/p1_n8`, { secret: SECRET, parentDeviceId: DEVICE });
    const gw = await connectDevice(emu.mqttUrl);
    await gw.publishAsync(`${B}/gateway/sub_devices/properties/report`, pyDumps({ devices: [{ device_id: 'p1_n8', services: [{ service_id: 's', properties: { v: 5 }, event_time: null }] }] }), { qos: 1 });
    const S = `${emu.httpUrl}/control/huawei/devices/p1_n8`;
    await waitFor(async () => JSON.stringify((await http('GET', `${S}/shadow`)).json).includes('"v":5'));
    await gw.publishAsync(`${B}/events/up`, event(DEVICE, '$sub_device_manager', 'delete_sub_device_request', { devices: ['p1_n8'] }, 'e1'), { qos: 1 });
    await waitFor(async () => (await http('GET', S)).status === 404);
    await gw.publishAsync(`${B}/events/up`, event(DEVICE, '$sub_device_manager', 'add_sub_device_request', { devices: [{ node_id: 'n8', product_id: 'p1' }] }, 'e2'), { qos: 1 });
    await waitFor(async () => (await http('GET', S)).status === 200);
    expect((await http('GET', `${S}/shadow`)).json).toEqual({ device_id: 'p1_n8', shadow: [] });
    await gw.endAsync();
  });
});
