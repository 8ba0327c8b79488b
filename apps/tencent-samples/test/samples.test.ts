// Every sample runs to success against the embedded emulator (the vendor's test.py, OTA included): with the
// emulator's own tencent plugin when it is built in, else with the samples' local platform.
import { samples } from '../src/samples.js';

test.each(Object.keys(samples))('sample %s succeeds against the embedded emulator', async (name) => {
  expect(await samples[name]!()).toBe(true);
}, 30000);
