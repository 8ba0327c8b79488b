import { startAedesBroker, type Emulator } from '../src/index.js';
import { device, startTestEmulator } from './helpers.js';

// Vendor client ids (e.g. Tencent: 10-character product id + device name) are longer than the 23 characters
// MQTT 3.1 allowed; the real clouds accept them over MQTT 3.1, so the local brokers must too.
const LONG_ID = `test-${'d'.repeat(60)}`;
const MQTT31 = { protocolVersion: 3 as const, protocolId: 'MQIsdp' as const };

describe('long client ids over MQTT 3.1', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
    emu.registry.put({ vendor: 'test', key: LONG_ID, password: 'pw-long' });
  });
  afterAll(async () => {
    await emu.close();
  });

  test('the emulator accepts a 65-character client id at protocol level 3', async () => {
    const c = await device(emu.mqttUrl, LONG_ID, 'pw-long', MQTT31);
    try {
      const connect = await emu.trace.waitFor((e) => e.kind === 'connect' && e.clientId === LONG_ID);
      expect(connect.protocolVersion).toBe(3);
      const connack = await emu.trace.waitFor((e) => e.kind === 'connack' && e.clientId === LONG_ID);
      expect(connack.returnCode).toBe(0);
    } finally {
      await c.endAsync();
    }
  });

  test('the bare test broker accepts it too', async () => {
    const broker = await startAedesBroker();
    try {
      const c = await device(broker.url, LONG_ID, undefined, MQTT31);
      expect(c.connected).toBe(true);
      await c.endAsync();
    } finally {
      await broker.stop();
    }
  });
});
