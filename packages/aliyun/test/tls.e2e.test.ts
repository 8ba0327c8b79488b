import { LinkKit } from '../src/index.js';
import { startEmulator, type Emulator } from '@iot/emulator';
import { Recorder } from './helpers/recorder.js';

describe('MQTT over TLS', () => {
  let tlsEmu: Emulator;
  beforeAll(async () => {
    // the emulator's TLS listener and self-signed certificate; the `test` vendor refuses our device after the handshake
    tlsEmu = await startEmulator({ vendors: ['test'], mqttTlsPort: 0 });
  });
  afterAll(async () => {
    await tlsEmu.close();
  });

  test('securemode=2 over TLS, trusting only the given cadata; the built-in roots reject a self-signed broker (on_connect rc 9)', async () => {
    const port = Number(new URL(tlsEmu.mqttsUrl!).port);
    const rec = new Recorder();
    const trusting = new LinkKit('localhost', 'pk', 'dn', 'ds', { extensions: { second_ms: 5, random: () => 0 } });
    trusting.config_mqtt({ port, cadata: tlsEmu.tlsCert! });
    trusting.on_connect = rec.fn('trusting');
    const strict = new LinkKit('localhost', 'pk', 'dn', 'ds', { extensions: { second_ms: 5, random: () => 0 } });
    strict.config_mqtt({ port });
    strict.on_connect = rec.fn('strict');
    try {
      strict.connect_async();
      expect((await rec.wait('strict'))[0]).toEqual([0, 9, null]);
      trusting.connect_async();
      // the TLS handshake succeeds with the given CA; the `test` vendor then refuses the unknown device (CONNACK 5)
      const [first] = await rec.wait('trusting');
      expect(first).toEqual([0, 5, null]);
      const connect = tlsEmu.trace.entries({ kind: 'connect' }).at(-1)!;
      expect(connect.clientId).toMatch(/^pk&dn\|securemode=2,signmethod=hmacsha1,/);
    } finally {
      await trusting.destruct();
      await strict.destruct();
    }
  });
});
