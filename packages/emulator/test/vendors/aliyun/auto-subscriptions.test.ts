import type { Emulator } from '../../../src/index.js';
import { systemDownlinks } from '../../../src/vendors/aliyun/topics.js';
import { connect, DN, DS, linkkitCredentials, PK, startAliyun } from './helpers.js';

describe('aliyun _ss=1: server-side subscriptions are traced as auto', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startAliyun();
  });
  afterAll(async () => {
    await emu.close();
  });

  test('every system downlink the platform subscribes is traced with auto: true; a SUBSCRIBE of the device is not', async () => {
    const creds = linkkitCredentials(PK, DN, DS);
    const dev = await connect(emu.mqttUrl, creds);
    try {
      const expected = systemDownlinks(emu.registry, PK, DN);
      expect(expected.length).toBeGreaterThan(1); // one packet with many topics (aedes copies such arrays)
      await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.clientId === creds.clientId && e.topic === expected[expected.length - 1], 2000);
      const server = emu.trace.entries({ kind: 'subscribe', clientId: creds.clientId });
      expect(server.map((e) => e.topic)).toEqual(expected);
      expect(server.every((e) => e.auto === true)).toBe(true);
      await dev.subscribeAsync(`/${PK}/${DN}/user/get`, { qos: 0 });
      const own = emu.trace.entries({ kind: 'subscribe', clientId: creds.clientId }).find((e) => e.topic === `/${PK}/${DN}/user/get`);
      expect(own).toBeDefined();
      expect(own?.auto).toBeUndefined();
    } finally {
      await dev.endAsync();
    }
  });
});
