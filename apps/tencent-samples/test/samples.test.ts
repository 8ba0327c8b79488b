// Every sample runs to success against the embedded emulator and its tencent plugin (the vendor's test.py, OTA included).
import { samples } from '../src/samples.js';

test.each(Object.keys(samples))('sample %s succeeds against the embedded emulator', async (name) => {
  expect(await samples[name]!()).toBe(true);
}, 30000);
