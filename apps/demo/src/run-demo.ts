import { startEmulator } from '@iot/emulator';
import { formatWire } from './format-trace.js';
import { settle } from './scenarios/helpers.js';
import type { DemoScenario } from './scenarios/scenario.js';

/** How one scenario of a demo run ended. */
export interface ScenarioResult {
  /** The scenario's title. */
  readonly title: string;
  /** True when the story ran through and left no client connected. */
  readonly ok: boolean;
  /** Why it failed (empty when ok). */
  readonly why: string;
  /** Wall time of the story in ms. */
  readonly ms: number;
}

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  /** Where the lines go (console.log by default). */
  readonly print?: (line: string) => void;
  /** Wire lines printed per scenario (30 by default). */
  readonly wireLines?: number;
}

/**
 * Starts one embedded emulator with every vendor the scenarios need, runs them in order, prints each story, the
 * wire the emulator recorded and an OK/FAIL line per scenario, then a summary; closes the emulator.
 * @param scenarios - the stories, in order
 * @param opts - output settings
 * @returns one result per scenario
 */
export async function runDemo(scenarios: readonly DemoScenario[], opts: RunDemoOptions = {}): Promise<ScenarioResult[]> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const wireLines = opts.wireLines ?? 30;
  const vendors = [...new Set(scenarios.flatMap((s) => s.vendors))];
  const t0 = Date.now();
  const emu = await startEmulator({ vendors });
  print(`emulator: MQTT ${emu.mqttUrl}  HTTP ${emu.httpUrl}  vendors ${vendors.join(', ')}`);
  const results: ScenarioResult[] = [];
  try {
    for (const s of scenarios) {
      print('');
      print(`== ${s.title}`);
      const since = emu.trace.lastSeq;
      const started = Date.now();
      let ok = true;
      let why = '';
      try {
        await s.run(emu, (line) => print(`   ${line}`));
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
      results.push({ title: s.title, ok, why, ms });
      const wire = formatWire(emu.trace.entries({ since }));
      print(`   wire (what the emulator recorded, ${wire.length} lines):`);
      for (const line of wire.slice(0, wireLines)) print(`     ${line}`);
      if (wire.length > wireLines) print(`     … ${wire.length - wireLines} more (GET ${emu.httpUrl}/trace while it runs)`);
      print(ok ? `   OK   ${s.title} (${ms} ms)` : `   FAIL ${s.title} (${ms} ms): ${why}`);
    }
  } finally {
    await emu.close();
  }
  const failed = results.filter((r) => !r.ok).length;
  print('');
  print(`summary (${Date.now() - t0} ms):`);
  for (const r of results) print(`  ${r.ok ? 'OK  ' : 'FAIL'} ${r.title}`);
  print(failed === 0 ? 'demo finished: every device worked' : `demo finished: ${failed} scenario(s) failed`);
  return results;
}
