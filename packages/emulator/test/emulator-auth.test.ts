import type { Emulator } from '../src/index.js';
import { connackCode, device, startTestEmulator } from './helpers.js';

describe('emulator authentication through plugins', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  test('a registered device with the right password is accepted and listed', async () => {
    const c = await device(emu.mqttUrl, 'test-a', 'pw-a');
    try {
      expect(emu.context.isConnected('test-a')).toBe(true);
      expect(emu.connectedClients('test').map((x) => x.clientId)).toEqual(['test-a']);
      const connack = await emu.trace.waitFor((e) => e.kind === 'connack' && e.clientId === 'test-a');
      expect(connack.returnCode).toBe(0);
      expect(connack.vendor).toBe('test');
    } finally {
      await c.endAsync();
    }
    await emu.trace.waitFor((e) => e.kind === 'disconnect' && e.clientId === 'test-a');
    expect(emu.context.isConnected('test-a')).toBe(false);
  });

  test('a wrong password gets CONNACK 4, an unknown device CONNACK 5', async () => {
    expect(await connackCode(emu.mqttUrl, 'test-a', 'nope')).toBe(4);
    expect(await connackCode(emu.mqttUrl, 'test-a', undefined)).toBe(4);
    expect(await connackCode(emu.mqttUrl, 'test-zzz', 'pw')).toBe(5);
    const refused = emu.trace.entries({ kind: 'connack', clientId: 'test-zzz' });
    expect(refused[0]?.returnCode).toBe(5);
    expect(refused[0]?.reason).toContain('unknown test device');
  });

  test('a client id no plugin claims gets CONNACK 5', async () => {
    expect(await connackCode(emu.mqttUrl, 'stranger-1', 'pw-a')).toBe(5);
    const e = emu.trace.entries({ kind: 'connack', clientId: 'stranger-1' })[0];
    expect(e?.returnCode).toBe(5);
    expect(e?.reason).toMatch(/no vendor plugin claims/);
  });

  test('the trace says a password was present but never holds it', async () => {
    await connackCode(emu.mqttUrl, 'test-b', 'pw-b-wrong-secret');
    const connect = emu.trace.entries({ kind: 'connect', clientId: 'test-b' }).at(-1)!;
    expect(connect.passwordPresent).toBe(true);
    expect(connect.username).toBe('test-b');
    expect(connect.protocolVersion).toBe(4);
    expect(JSON.stringify(emu.trace.entries())).not.toContain('pw-b-wrong-secret');
  });

  test('a second connection with the same client id takes over; the first is dropped', async () => {
    const first = await device(emu.mqttUrl, 'test-b', 'pw-b');
    const firstClosed = new Promise<void>((r) => first.once('close', () => r()));
    const second = await device(emu.mqttUrl, 'test-b', 'pw-b');
    try {
      await firstClosed;
      first.end(true);
      await emu.trace.waitFor((e) => e.kind === 'disconnect' && e.clientId === 'test-b');
      expect(emu.context.isConnected('test-b')).toBe(true);
      expect(emu.connectedClients('test').map((c) => c.clientId)).toEqual(['test-b']);
      const got = new Promise<string>((r) => second.on('message', (_t, p) => r(p.toString())));
      await emu.publish('test/test-b/sys', 'still here', { qos: 1 });
      expect(await got).toBe('still here');
    } finally {
      await second.endAsync();
    }
  });
});
