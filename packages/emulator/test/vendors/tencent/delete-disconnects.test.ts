import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, DN, http, PID, SECRET, startTencent } from './helpers.js';

const OTHER = 'dev2';

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

describe('tencent: deleting the record of a connected device disconnects it', () => {
  let emu: Emulator;
  let dev: MqttClient;
  let other: MqttClient;
  beforeEach(async () => {
    emu = await startTencent();
    emu.registry.put({ vendor: 'tencent', key: `${PID}/${OTHER}`, productId: PID, deviceName: OTHER, deviceSecret: SECRET });
    dev = await connectDevice(emu.mqttUrl, PID, DN, SECRET);
    other = await connectDevice(emu.mqttUrl, PID, OTHER, SECRET);
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
    expect(emu.connectedClients('tencent').map((c) => c.session['key'])).toEqual([`${PID}/${OTHER}`]);
    expect(other.connected).toBe(true);
  }

  test('through DELETE /control/tencent/devices/...', async () => {
    await expectKicked(async () => {
      expect((await http(emu.httpUrl, 'DELETE', `/control/tencent/devices/${PID}/${DN}`)).status).toBe(200);
    });
  });

  test('through DELETE /control/registry/tencent/...', async () => {
    await expectKicked(async () => {
      expect((await http(emu.httpUrl, 'DELETE', `/control/registry/tencent/${PID}/${DN}`)).status).toBe(200);
    });
  });

  test('through registry.delete', async () => {
    await expectKicked(async () => {
      expect(emu.registry.delete('tencent', `${PID}/${DN}`)).toBe(true);
    });
  });
});
