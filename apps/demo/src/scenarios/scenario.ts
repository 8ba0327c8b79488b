import type { Emulator } from '@iot/emulator';

/**
 * One device story the demo runs against the embedded emulator.
 * @typeParam R - what the story reports back to its caller (tests assert on it); `void` for none
 */
export interface DemoScenario<R = unknown> {
  /** Short title printed as a heading. */
  readonly title: string;
  /** Vendor plugins the scenario needs in the emulator. */
  readonly vendors: readonly string[];
  /** Runs the story; prints what happens with `say`; throws when something did not work. */
  run(emu: Emulator, say: (line: string) => void): Promise<R>;
}
