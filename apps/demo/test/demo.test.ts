import { startEmulator, type Emulator } from '@iot/emulator';
import { formatTraceEntry } from '../src/format-trace.js';
import { scenarios } from '../src/scenarios/index.js';

describe('demo scenarios', () => {
  test.each(scenarios.map((s) => [s.title, s] as const))('%s runs against the embedded emulator', async (_title, scenario) => {
    const emu: Emulator = await startEmulator({ vendors: [...scenario.vendors] });
    try {
      const lines: string[] = [];
      await scenario.run(emu, (l) => lines.push(l));
      expect(lines.length).toBeGreaterThan(0);
      const wire = emu.trace.entries({ kind: ['publish', 'deliver'] });
      expect(wire.length).toBeGreaterThan(0);
      for (const e of emu.trace.entries()) expect(formatTraceEntry(e)).not.toMatch(/demo-password/);
    } finally {
      await emu.close();
    }
  });
});
