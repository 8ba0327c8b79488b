// sub_device_sync_request: the platform sends the topology changes the gateway is missing, in order, each notify
// carrying the version of its last change, so a gateway that rejects versions not newer than its own applies all.
import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, event, http, nextOn, startHuawei } from './helpers.js';

const GW = 'gw_sync_1';
const B = `$oc/devices/${GW}/sys`;

describe('huawei gateway topology sync', () => {
  let emu: Emulator;
  let gw: MqttClient;
  let E: string;
  const downs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    emu = await startHuawei();
    emu.registry.put({ vendor: 'huawei', key: GW, secret: 'gws' });
    E = `${emu.httpUrl}/control/huawei/devices/${GW}`;
    gw = await connectDevice(emu.mqttUrl, GW, 'gws');
    gw.on('message', (t, p) => {
      if (t === `${B}/events/down`) downs.push(((JSON.parse(p.toString()) as { services: Record<string, unknown>[] }).services[0]!));
    });
  });
  afterAll(async () => {
    await gw.endAsync();
    await emu.close();
  });

  async function sync(version: number): Promise<Record<string, unknown>[]> {
    downs.length = 0;
    await gw.publishAsync(`${B}/events/up`, event(GW, '$sub_device_manager', 'sub_device_sync_request', { version }), { qos: 1 });
    await new Promise((r) => setTimeout(r, 300));
    return downs.map((d) => ({ type: d['event_type'], version: (d['paras'] as { version: number }).version, nodes: ((d['paras'] as { devices: { node_id: string }[] }).devices).map((x) => x.node_id) }));
  }

  test('additions and deletions since the gateway version, each notify with its own version', async () => {
    expect((await http('POST', `${E}/sub-devices`, { node_id: 'n1', product_id: 'p' })).status).toBe(202); // v1
    const rsp = nextOn(gw, (t) => t === `${B}/events/down`);
    await gw.publishAsync(`${B}/events/up`, event(GW, '$sub_device_manager', 'add_sub_device_request', { devices: [{ node_id: 'n2', product_id: 'p', device_id: 'p_n2' }] }, 'e1'), { qos: 1 }); // v2
    await rsp;
    expect((await http('DELETE', `${E}/sub-devices/p_n1`)).status).toBe(202); // v3

    expect(await sync(0)).toEqual([
      { type: 'add_sub_device_notify', version: 2, nodes: ['n1', 'n2'] },
      { type: 'delete_sub_device_notify', version: 3, nodes: ['n1'] },
    ]);
    expect(await sync(1)).toEqual([
      { type: 'add_sub_device_notify', version: 2, nodes: ['n2'] },
      { type: 'delete_sub_device_notify', version: 3, nodes: ['n1'] },
    ]);
    expect(await sync(2)).toEqual([{ type: 'delete_sub_device_notify', version: 3, nodes: ['n1'] }]);
    expect(await sync(3)).toEqual([]);
    expect((await http('GET', `${E}/sub-devices`)).json).toMatchObject({ version: 3, devices: [{ node_id: 'n2', device_id: 'p_n2' }] });
  });
});
