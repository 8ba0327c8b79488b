// Every sample runs to success against the embedded emulator and the local cloud.
import { samples } from '../src/samples.js';

test.each(Object.keys(samples))('sample %s succeeds against the local cloud', async (name) => {
  expect(await samples[name]!()).toBe(true);
}, 30000);
