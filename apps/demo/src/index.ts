#!/usr/bin/env node
/**
 * The @iot demo: starts the embedded emulator, runs one device per SDK against it and prints the story
 * plus the wire trace the emulator recorded. Exits 0 when every scenario worked.
 */
import { startEmulator } from '@iot/emulator';
import { formatWire } from './format-trace.js';
import { settle } from './scenarios/helpers.js';
import { scenarios } from './scenarios/index.js';

const WIRE_LINES = 30;
const vendors = [...new Set(scenarios.flatMap((s) => s.vendors))];
const t0 = Date.now();
const emu = await startEmulator({ vendors });
console.log(`emulator: MQTT ${emu.mqttUrl}  HTTP ${emu.httpUrl}  vendors ${vendors.join(', ')}`);
const results: Array<{ title: string; ok: boolean; ms: number }> = [];
try {
  for (const s of scenarios) {
    console.log(`\n== ${s.title}`);
    const since = emu.trace.lastSeq;
    const started = Date.now();
    let ok = true;
    let why = '';
    try {
      await s.run(emu, (line) => console.log(`   ${line}`));
    } catch (err) {
      ok = false;
      why = err instanceof Error ? err.message : String(err);
    }
    const left = await settle(emu);
    if (ok && left.length > 0) {
      ok = false;
      why = `still connected after the scenario: ${left.join(', ')}`;
    }
    const ms = Date.now() - started;
    results.push({ title: s.title, ok, ms });
    const wire = formatWire(emu.trace.entries({ since }));
    console.log(`   wire (what the emulator recorded, ${wire.length} lines):`);
    for (const line of wire.slice(0, WIRE_LINES)) console.log(`     ${line}`);
    if (wire.length > WIRE_LINES) console.log(`     … ${wire.length - WIRE_LINES} more (GET ${emu.httpUrl}/trace while it runs)`);
    console.log(ok ? `   OK   ${s.title} (${ms} ms)` : `   FAIL ${s.title} (${ms} ms): ${why}`);
  }
} finally {
  await emu.close();
}
const failed = results.filter((r) => !r.ok);
console.log(`\nsummary (${Date.now() - t0} ms):`);
for (const r of results) console.log(`  ${r.ok ? 'OK  ' : 'FAIL'} ${r.title}`);
console.log(failed.length === 0 ? 'demo finished: every device worked' : `demo finished: ${failed.length} scenario(s) failed`);
process.exit(failed.length === 0 ? 0 : 1);
