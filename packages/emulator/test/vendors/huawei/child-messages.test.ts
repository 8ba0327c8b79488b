import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, DEVICE, http, pyDumps, SECRET, startHuawei } from './helpers.js';

describe('huawei messages a gateway reports for its sub-devices', () => {
  let emu: Emulator;
  let gw: MqttClient;
  let E: string;
  beforeAll(async () => {
    emu = await startHuawei();
    emu.registry.put({ vendor: 'huawei', key: 'prod_kid', parentDeviceId: DEVICE });
    emu.registry.put({ vendor: 'huawei', key: 'prod_stranger', secret: SECRET });
    E = `${emu.httpUrl}/control/huawei/devices`;
    gw = await connectDevice(emu.mqttUrl);
  });
  afterAll(async () => {
    await gw.endAsync();
    await emu.close();
  });

  test('are recorded for the child as well as for the gateway; a foreign device id is not', async () => {
    const up = `$oc/devices/${DEVICE}/sys/messages/up`;
    const msg = (id: string, content: string): string => pyDumps({ object_device_id: id, id: '', name: '', content });
    await gw.publishAsync(up, msg('prod_kid', 'from the child'), { qos: 1 });
    await gw.publishAsync(up, msg('', 'from the gateway'), { qos: 1 });
    await gw.publishAsync(up, msg('prod_stranger', 'not mine'), { qos: 1 });
    let own: Array<{ data: { content: string } }> = [];
    const end = Date.now() + 3000;
    while (own.length < 3 && Date.now() < end) {
      own = (await http('GET', `${E}/${DEVICE}/messages`)).json as unknown as Array<{ data: { content: string } }>;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(own.map((m) => m.data.content)).toEqual(['from the child', 'from the gateway', 'not mine']);
    const kid = (await http('GET', `${E}/prod_kid/messages`)).json as unknown as Array<{ topic: string; data: { content: string } }>;
    expect(kid.map((m) => [m.topic, m.data.content])).toEqual([[up, 'from the child']]);
    expect((await http('GET', `${E}/prod_stranger/messages`)).json).toEqual([]);
  });
});
