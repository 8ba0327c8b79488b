// Shared by the vendors' delete-disconnects tests: deleting the registry record of a connected device, by each of
// the three ways a record can go, disconnects that device and leaves another device of the vendor connected.
import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../src/index.js';

/** What one vendor's test supplies. */
export interface DeleteDisconnectsCase {
  vendor: string;
  /** Starts the emulator with the vendor and registers both devices. */
  start(): Promise<Emulator>;
  /** Connects the device whose record is deleted. */
  connectDevice(emu: Emulator): Promise<MqttClient>;
  /** Connects the device that must stay connected. */
  connectOther(emu: Emulator): Promise<MqttClient>;
  /** Registry key of the deleted device. */
  key: string;
  /** The vendor's own delete route (path) and the status it answers. */
  deleteRoute: { path: string; status: number };
  /** What identifies the remaining connected client (read from its ClientInfo session), and its expected value. */
  remaining: { sessionField: string; value: string };
}

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

/** Declares the three tests (vendor route, `/control/registry`, `registry.delete`) for one vendor. */
export function describeDeleteDisconnects(c: DeleteDisconnectsCase): void {
  describe(`${c.vendor}: deleting the record of a connected device disconnects it`, () => {
    let emu: Emulator;
    let dev: MqttClient;
    let other: MqttClient;
    beforeEach(async () => {
      emu = await c.start();
      dev = await c.connectDevice(emu);
      other = await c.connectOther(emu);
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
      expect(emu.connectedClients(c.vendor).map((x) => x.session[c.remaining.sessionField])).toEqual([c.remaining.value]);
      expect(other.connected).toBe(true);
    }

    test(`through DELETE ${c.deleteRoute.path}`, async () => {
      await expectKicked(async () => {
        expect((await fetch(`${emu.httpUrl}${c.deleteRoute.path}`, { method: 'DELETE' })).status).toBe(c.deleteRoute.status);
      });
    });

    test(`through DELETE /control/registry/${c.vendor}/...`, async () => {
      await expectKicked(async () => {
        expect((await fetch(`${emu.httpUrl}/control/registry/${c.vendor}/${c.key}`, { method: 'DELETE' })).status).toBe(200);
      });
    });

    test('through registry.delete', async () => {
      await expectKicked(async () => {
        expect(emu.registry.delete(c.vendor, c.key)).toBe(true);
      });
    });
  });
}
