/**
 * Static strategy with a secret (Python `bootstrap/bootstrap_sample.py`).
 * @module
 */
import { runBootstrap } from './run_bootstrap.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  await runBootstrap({ group: false, x509: false });
}
