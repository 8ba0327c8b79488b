// Makes sure a Mosquitto broker binary is available for the test suite.
// Installs it with apt-get when it is missing and we are root on a Debian-like machine;
// otherwise prints how to install it. Tests that need it fail (never skip) without it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const candidates = [process.env.MOSQUITTO_BIN, '/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto',
  ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, 'mosquitto'))].filter(Boolean);
const found = candidates.find((c) => existsSync(c));
if (found) {
  console.log(`mosquitto: ${found}`);
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log('mosquitto not found: installing it with apt-get (tests need a real broker)');
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'mosquitto'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (err) {
    console.error(`apt-get install mosquitto failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (existsSync('/usr/sbin/mosquitto')) process.exit(0);
}
console.error('mosquitto is not installed and could not be installed automatically.');
console.error('Install it (Debian/Ubuntu: apt-get install -y mosquitto, macOS: brew install mosquitto) or set MOSQUITTO_BIN.');
console.error('The test suite continues; the tests that need Mosquitto will fail.');
