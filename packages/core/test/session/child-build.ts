// Compiles core's sources to plain ESM JavaScript for child processes (crash tests), inside node_modules/.cache
// so that the child resolves mqtt and eventemitter3 like the package does.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Transpiles all of src into a fresh directory (so new imports between modules keep working); returns it and a cleanup. */
export function buildForChild(): { dir: string; cleanup: () => void } {
  const dir = path.join(pkgDir, 'node_modules', '.cache', `iot-core-child-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  const walk = (rel: string): void => {
    const abs = path.join(pkgDir, 'src', rel);
    if (statSync(abs).isDirectory()) {
      for (const f of readdirSync(abs)) walk(path.join(rel, f));
      return;
    }
    if (!rel.endsWith('.ts')) return;
    const out = ts.transpileModule(readFileSync(abs, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const dest = path.join(dir, rel.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, out);
  };
  walk('');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
