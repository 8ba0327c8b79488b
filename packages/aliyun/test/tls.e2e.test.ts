import { LinkKit } from '../src/index.js';
import { startPlatform, type Platform } from './helpers/platform.js';
import { Recorder } from './helpers/recorder.js';

describe('MQTT over TLS (emulator aliyun plugin behind its TLS listener)', () => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform({ tls: true, devices: [{ pk: 'pk', dn: 'dn', ds: 'ds' }] });
  });
  afterAll(async () => {
    await p.close();
  });

  test('securemode=2 over TLS, trusting only the given cadata, is accepted by the platform; the built-in roots reject a self-signed broker (on_connect rc 9)', async () => {
    const port = Number(new URL(p.emu.mqttsUrl!).port);
    const rec = new Recorder();
    const trusting = new LinkKit('localhost', 'pk', 'dn', 'ds', { extensions: { second_ms: 5, random: () => 0 } });
    trusting.config_mqtt({ port, cadata: p.emu.tlsCert! });
    trusting.on_connect = rec.fn('trusting');
    const strict = new LinkKit('localhost', 'pk', 'dn', 'ds', { extensions: { second_ms: 5, random: () => 0 } });
    strict.config_mqtt({ port });
    strict.on_connect = rec.fn('strict');
    try {
      strict.connect_async();
      expect((await rec.wait('strict'))[0]).toEqual([0, 9, null]);
      expect(p.connects()).toEqual([]);
      trusting.connect_async();
      const [first] = await rec.wait('trusting');
      expect(first).toEqual([0, 0, null]);
      const connect = p.connects().at(-1)!;
      expect(connect.clientId).toMatch(/^pk&dn\|securemode=2,signmethod=hmacsha1,/);
      expect(connect.tls).toBe(true);
      expect(p.connacks().at(-1)?.returnCode).toBe(0);
    } finally {
      await trusting.destruct();
      await strict.destruct();
    }
  });
});
