import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connect, DN, DS, http, linkkitCredentials, PK, startAliyun } from './helpers.js';

const OTHER = 'device02';

/** Resolves true when the client is closed within `ms`, false when it is still connected then. */
function closedWithin(c: MqttClient, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    c.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe('aliyun: deleting the record of a connected device disconnects it', () => {
  let emu: Emulator;
  let dev: MqttClient;
  let other: MqttClient;
  beforeEach(async () => {
    emu = await startAliyun();
    emu.registry.put({ vendor: 'aliyun', key: `${PK}/${OTHER}`, productKey: PK, deviceName: OTHER, deviceSecret: DS });
    dev = await connect(emu.mqttUrl, linkkitCredentials(PK, DN, DS));
    other = await connect(emu.mqttUrl, linkkitCredentials(PK, OTHER, DS));
  });
  afterEach(async () => {
    await dev.endAsync(true);
    await other.endAsync(true);
    await emu.close();
  });

  async function expectKicked(del: () => Promise<void>): Promise<void> {
    const closed = closedWithin(dev, 2000);
    await del();
    expect(await closed).toBe(true);
    expect(emu.connectedClients('aliyun').map((c) => c.session['deviceName'])).toEqual([OTHER]);
    expect(other.connected).toBe(true);
  }

  test('through DELETE /control/aliyun/devices/...', async () => {
    await expectKicked(async () => {
      expect((await http(emu.httpUrl, 'DELETE', `/control/aliyun/devices/${PK}/${DN}`)).status).toBe(200);
    });
  });

  test('through DELETE /control/registry/aliyun/...', async () => {
    await expectKicked(async () => {
      expect((await http(emu.httpUrl, 'DELETE', `/control/registry/aliyun/${PK}/${DN}`)).status).toBe(200);
    });
  });

  test('through registry.delete', async () => {
    await expectKicked(async () => {
      expect(emu.registry.delete('aliyun', `${PK}/${DN}`)).toBe(true);
    });
  });
});
