import { describeDeleteDisconnects } from '../delete-disconnects.js';
import { connectDevice, DN, PID, SECRET, startTencent } from './helpers.js';

const OTHER = 'dev2';

describeDeleteDisconnects({
  vendor: 'tencent',
  async start() {
    const emu = await startTencent();
    emu.registry.put({ vendor: 'tencent', key: `${PID}/${OTHER}`, productId: PID, deviceName: OTHER, deviceSecret: SECRET });
    return emu;
  },
  connectDevice: (emu) => connectDevice(emu.mqttUrl, PID, DN, SECRET),
  connectOther: (emu) => connectDevice(emu.mqttUrl, PID, OTHER, SECRET),
  key: `${PID}/${DN}`,
  deleteRoute: { path: `/control/tencent/devices/${PID}/${DN}`, status: 200 },
  remaining: { sessionField: 'key', value: `${PID}/${OTHER}` },
});
