// The whole test suite, as the README and CI run it:
// make sure Mosquitto is there, build + typecheck + lint every package, check the public API (TSDoc on every public
// symbol, no `any` in public types), run every package's jest suite
// (one package at a time: the suites start real brokers), then print one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

function run(cmd, args) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: false });
  return r.status ?? 1;
}

const turbo = path.join('node_modules', '.bin', 'turbo');
let status = run(process.execPath, ['scripts/ensure-mosquitto.mjs']);
status = run(turbo, ['run', 'build', 'typecheck', 'lint']);
if (status !== 0) {
  console.error('build, typecheck or lint failed');
  process.exit(status);
}
status = run(process.execPath, ['scripts/check-public-api.mjs']);
if (status !== 0) {
  console.error('public API check failed: every public symbol needs TSDoc and no public type may use any');
  process.exit(status);
}
for (const group of ['packages', 'apps']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) rmSync(path.join(group, name, 'test-results.json'), { force: true });
}
const testStatus = run(turbo, ['run', 'test', '--concurrency=1', '--continue', ...process.argv.slice(2)]);
const summary = run(process.execPath, ['scripts/test-summary.mjs']);
process.exit(testStatus !== 0 ? testStatus : summary);
