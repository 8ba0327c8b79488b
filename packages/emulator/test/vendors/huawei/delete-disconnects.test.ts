import { describeDeleteDisconnects } from '../delete-disconnects.js';
import { connectDevice, DEVICE, SECRET, startHuawei } from './helpers.js';

const OTHER = 'productId_other';

describeDeleteDisconnects({
  vendor: 'huawei',
  async start() {
    const emu = await startHuawei();
    emu.registry.put({ vendor: 'huawei', key: OTHER, secret: SECRET });
    return emu;
  },
  connectDevice: (emu) => connectDevice(emu.mqttUrl),
  connectOther: (emu) => connectDevice(emu.mqttUrl, OTHER),
  key: DEVICE,
  deleteRoute: { path: `/control/huawei/devices/${DEVICE}`, status: 204 },
  remaining: { sessionField: 'deviceId', value: OTHER },
});
