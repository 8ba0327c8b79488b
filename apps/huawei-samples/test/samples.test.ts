// Every sample runs against the local cloud and passes its own checks.
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
