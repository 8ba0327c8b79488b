/**
 * Runs every sample in turn and exits 0 when all succeeded.
 * @module
 */
import { samples } from './samples.js';

let failed = 0;
for (const [name, run] of Object.entries(samples)) {
  const t0 = Date.now();
  let ok = false;
  try {
    ok = (await run()).ok;
  } catch (err) {
    console.error(err);
  }
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (${Date.now() - t0} ms)`);
  if (!ok) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
