#!/usr/bin/env node
/**
 * The @iot demo: starts the embedded emulator, runs one device per SDK against it and prints the story
 * plus the wire trace the emulator recorded. Exits 0 when every scenario worked.
 */
import { startEmulator } from '@iot/emulator';
import { formatTraceEntry } from './format-trace.js';
import { scenarios } from './scenarios/index.js';

const vendors = [...new Set(scenarios.flatMap((s) => s.vendors))];
const emu = await startEmulator({ vendors });
console.log(`emulator: MQTT ${emu.mqttUrl}  HTTP ${emu.httpUrl}  vendors ${vendors.join(', ')}`);
let failed = 0;
try {
  for (const s of scenarios) {
    console.log(`\n== ${s.title}`);
    const since = emu.trace.lastSeq;
    try {
      await s.run(emu, (line) => console.log(`   ${line}`));
      console.log('   ok');
    } catch (err) {
      failed += 1;
      console.log(`   FAILED: ${err instanceof Error ? err.message : String(err)}`);
    }
    const wire = emu.trace.entries({ since });
    console.log(`   wire (${wire.length} packets seen by the emulator):`);
    for (const e of wire.slice(0, 40)) console.log(`     ${formatTraceEntry(e)}`);
    if (wire.length > 40) console.log(`     … ${wire.length - 40} more`);
  }
} finally {
  await emu.close();
}
console.log(failed === 0 ? '\ndemo finished: every device worked' : `\ndemo finished: ${failed} scenario(s) failed`);
process.exit(failed === 0 ? 0 : 1);
