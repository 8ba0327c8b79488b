// This package's README for the migration-table checks, which are shared by the three vendor packages.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export * from '../../../../scripts/test-support/readme-check.js';

/** The package README text. */
export function readReadme(): string {
  return readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
}
