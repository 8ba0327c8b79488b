// The README's migration table names every public method, callback and class of the Python hub SDK (spec sections
// 1.1 and 2), and its sync/Promise column agrees with the code.
import * as tencent from '../src/index.js';
import { QcloudHubProvider } from '../src/index.js';
import { readmeProblems, readmeSection, readReadme, rowsNaming, type RequiredName } from './readme-check.js';
import { ASYNC, CALLBACKS, CLASSES, LOG_METHODS, SPEC_METHODS } from './spec-names.js';

const rows = readmeSection(readReadme(), 'Migration table');

const required: RequiredName[] = [
  ...SPEC_METHODS.map((m) => ({ member: m, async: ASYNC.has(m) })),
  ...CALLBACKS.map((c) => ({ member: c })),
  ...CLASSES.map((c) => ({ member: c })),
  ...LOG_METHODS.map((m) => ({ owner: 'Log', member: m, async: false })),
];

test('every method, callback and class of the spec is in the migration table, with the right sync/Promise form', () => {
  expect(readmeProblems(rows, required)).toEqual([]);
});

test('the sync/Promise flags used above are the real ones (async functions of QcloudHubProvider)', () => {
  const proto = QcloudHubProvider.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of SPEC_METHODS) expect([m, proto[m]!.constructor.name === 'AsyncFunction']).toEqual([m, ASYNC.has(m)]);
});

test('classes the README documents as exported are exported', () => {
  const internal = new Set(['NtpTime', 'LoopWorker', 'EventWorker']);
  const exported = tencent as unknown as Record<string, unknown>;
  for (const c of CLASSES) if (!internal.has(c)) expect([c, typeof exported[c]]).toEqual([c, expect.stringMatching(/function|object/)]);
  for (const c of internal) {
    expect(exported[c]).toBeUndefined();
    expect(rowsNaming(rows, c).some((r) => /not exported/.test(r.cells.join(' ')))).toBe(true);
  }
});

test('the checker reports a missing name and a wrong sync/Promise column', () => {
  const without = rows.filter((r) => !rowsNaming([r], 'gatewaySubdevBind').length);
  expect(readmeProblems(without, [{ member: 'gatewaySubdevBind', async: true }])).toEqual(['gatewaySubdevBind: not in the migration table']);
  const flipped = rows.map((r) => (rowsNaming([r], 'publish').length ? { ...r, cells: [r.cells[0]!, '**Promise**', ...r.cells.slice(2)] } : r));
  expect(readmeProblems(flipped, [{ member: 'publish', async: false }])).toHaveLength(1);
  expect(readmeProblems(rows, [{ owner: 'Log', member: 'no_such_method' }])).toEqual(['Log.no_such_method: not in the migration table']);
});
