import { describeDeleteDisconnects } from '../delete-disconnects.js';
import { connect, DN, DS, linkkitCredentials, PK, startAliyun } from './helpers.js';

const OTHER = 'device02';

describeDeleteDisconnects({
  vendor: 'aliyun',
  async start() {
    const emu = await startAliyun();
    emu.registry.put({ vendor: 'aliyun', key: `${PK}/${OTHER}`, productKey: PK, deviceName: OTHER, deviceSecret: DS });
    return emu;
  },
  connectDevice: (emu) => connect(emu.mqttUrl, linkkitCredentials(PK, DN, DS)),
  connectOther: (emu) => connect(emu.mqttUrl, linkkitCredentials(PK, OTHER, DS)),
  key: `${PK}/${DN}`,
  deleteRoute: { path: `/control/aliyun/devices/${PK}/${DN}`, status: 200 },
  remaining: { sessionField: 'deviceName', value: OTHER },
});
