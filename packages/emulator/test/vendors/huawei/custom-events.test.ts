import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, DEVICE, event, http, SECRET, startHuawei } from './helpers.js';

const B = `$oc/devices/${DEVICE}/sys`;

describe('huawei events of the device\'s own services', () => {
  let emu: Emulator;
  let dev: MqttClient;
  let E: string;
  beforeAll(async () => {
    emu = await startHuawei();
    emu.registry.put({ vendor: 'huawei', key: 'prod_child', parentDeviceId: DEVICE, secret: SECRET });
    E = `${emu.httpUrl}/control/huawei/devices`;
    dev = await connectDevice(emu.mqttUrl);
  });
  afterAll(async () => {
    await dev.endAsync();
    await emu.close();
  });

  test('are recorded per device (sub-device events under the child); unknown system events are not', async () => {
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, 'smokeDetector', 'overheat', { level: 3 }), { qos: 1 });
    await dev.publishAsync(`${B}/events/up`, event('prod_child', 'door', 'opened', { at: 1 }, 'e-7'), { qos: 1 });
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$nope', 'whatever', {}), { qos: 1 });
    await dev.publishAsync(`${B}/events/up`, event('someone_else', 'door', 'opened', {}), { qos: 1 });
    let own: unknown[] = [];
    const end = Date.now() + 3000;
    while (own.length === 0 && Date.now() < end) {
      own = (await http('GET', `${E}/${DEVICE}/events`)).json;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(own).toEqual([{ time: expect.any(Number) as unknown, topic: 'smokeDetector/overheat', data: { service_id: 'smokeDetector', event_type: 'overheat', paras: { level: 3 } } }]);
    expect((await http('GET', `${E}/prod_child/events`)).json).toEqual([expect.objectContaining({ topic: 'door/opened', data: { service_id: 'door', event_type: 'opened', event_id: 'e-7', paras: { at: 1 } } })]);
    expect((await http('GET', `${E}/someone_else/events`)).json).toEqual([]);
  });
});
