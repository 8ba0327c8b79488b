import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, DEVICE, http, SECRET, startHuawei } from './helpers.js';

const OTHER = 'productId_other';

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

describe('huawei: deleting the record of a connected device disconnects it', () => {
  let emu: Emulator;
  let dev: MqttClient;
  let other: MqttClient;
  beforeEach(async () => {
    emu = await startHuawei();
    emu.registry.put({ vendor: 'huawei', key: OTHER, secret: SECRET });
    dev = await connectDevice(emu.mqttUrl);
    other = await connectDevice(emu.mqttUrl, OTHER);
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
    expect(emu.connectedClients('huawei').map((c) => c.session['deviceId'])).toEqual([OTHER]);
    expect(other.connected).toBe(true);
  }

  test('through DELETE /control/huawei/devices/<id>', async () => {
    await expectKicked(async () => {
      expect((await http('DELETE', `${emu.httpUrl}/control/huawei/devices/${DEVICE}`)).status).toBe(204);
    });
  });

  test('through DELETE /control/registry/huawei/<id>', async () => {
    await expectKicked(async () => {
      expect((await http('DELETE', `${emu.httpUrl}/control/registry/huawei/${DEVICE}`)).status).toBe(200);
    });
  });

  test('through registry.delete', async () => {
    await expectKicked(async () => {
      expect(emu.registry.delete('huawei', DEVICE)).toBe(true);
    });
  });
});
