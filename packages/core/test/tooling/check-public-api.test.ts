// Tests of scripts/check-public-api.mjs (the CI check for "TSDoc on every public symbol" and "no `any` in public
// types"): run as a child process, exactly as CI runs it, on fixture packages written to a temp folder, on its own
// built-in fixture (--self-test), and on @iot/core itself, which must stay clean.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const script = path.join(repoRoot, 'scripts', 'check-public-api.mjs');

interface Run {
  status: number | null;
  lines: string[];
  stderr: string;
}

function runChecker(...args: string[]): Run {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, lines: r.stdout.split('\n').filter((l) => l.length > 0), stderr: r.stderr };
}

const dirs: string[] = [];

function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'iot-api-fixture-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: '@fixture/pkg', type: 'module' }));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const faulty = {
  'src/index.ts': "export { good, noDoc, loose, Device } from './api.js';\n",
  'src/api.ts': [
    '/** Documented and typed. */',
    'export function good(x: unknown): string { return String(x); }',
    'export function noDoc(): void {}',
    '/** Returns any, inferred. */',
    "export const loose = JSON.parse('{}');",
    '/** A device. */',
    'export class Device {',
    '  /** Documented. */',
    '  connect(): void {}',
    '  disconnect(): void {}',
    '  /** Explicit any in a public member. */',
    '  send(payload: any): void { void payload; }',
    '  private secret(): void {}',
    '}',
    '',
  ].join('\n'),
};

function relFile(dir: string): string {
  return path.relative(repoRoot, path.join(dir, 'src', 'api.ts')).split(path.sep).join('/');
}

describe('check-public-api', () => {
  test('reports missing TSDoc and any in the public surface, one line per finding, and exits 1', () => {
    const dir = fixture(faulty);
    const r = runChecker(dir);
    const file = relFile(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.lines.filter((l) => l.startsWith('@fixture/pkg: ') && !l.includes('finding(s)'))).toEqual([
      `@fixture/pkg: ${file}:3  noDoc  missing TSDoc`,
      `@fixture/pkg: ${file}:5  loose  any in public type`,
      `@fixture/pkg: ${file}:10  Device.disconnect  missing TSDoc`,
      `@fixture/pkg: ${file}:12  Device.send  any in public type`,
    ]);
    expect(r.lines).toContain('@fixture/pkg: 4 finding(s) (2 missing TSDoc, 2 any in public type; 7 declarations checked)');
  });

  test('--report prints the same findings but exits 0', () => {
    const dir = fixture(faulty);
    const r = runChecker('--report', dir);
    expect(r.status).toBe(0);
    expect(r.lines.filter((l) => l.endsWith('missing TSDoc') || l.endsWith('any in public type'))).toHaveLength(4);
  });

  test('a clean package passes', () => {
    const dir = fixture({
      'src/index.ts': "/**\n * Clean.\n * @packageDocumentation\n */\nexport * from './api.js';\n",
      'src/api.ts': '/** Typed with unknown. */\nexport function parse(text: string): unknown { return JSON.parse(text); }\n',
    });
    const r = runChecker(dir);
    expect(r.status).toBe(0);
    expect(r.lines).toContain('@fixture/pkg: 0 finding(s) (0 missing TSDoc, 0 any in public type; 1 declarations checked)');
  });

  test('its built-in self-test passes', () => {
    const r = runChecker('--self-test');
    expect(r.lines.at(-1)).toMatch(/^self-test: ok \(\d+ expected findings\)$/);
    expect(r.status).toBe(0);
  });

  test('an unknown package or option is a usage error (exit 2)', () => {
    expect(runChecker('no-such-package').status).toBe(2);
    expect(runChecker('--no-such-option').status).toBe(2);
  });

  test('@iot/core has no findings', () => {
    const r = runChecker('core');
    expect(r.lines.filter((l) => !l.startsWith('@iot/core: 0 finding(s)') && !l.startsWith('check-public-api:'))).toEqual([]);
    expect(r.status).toBe(0);
  });
});
