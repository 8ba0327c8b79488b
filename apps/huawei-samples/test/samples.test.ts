// Every sample runs against the emulator's huawei plugin and passes its own checks (what the device's listeners
// received, what the platform recorded through the control routes); a failed check throws.
import { samples } from '../src/index.js';

const names = Object.keys(samples);

test.each(names)(
  'sample %s',
  async (name) => {
    const original = console.log;
    console.log = () => undefined;
    try {
      await (await samples[name]!()).run();
    } finally {
      console.log = original;
    }
  },
  20_000,
);
