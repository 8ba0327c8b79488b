/**
 * Registration group with the group secret (Python `bootstrap/bootstrap_groups_sample.py`).
 * @module
 */
import { runBootstrap } from './run_bootstrap.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  await runBootstrap({ group: true, x509: false });
}
