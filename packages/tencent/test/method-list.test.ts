// The spec's section 2 method list (58 public methods of QcloudHubProvider) against the class.
import { QcloudHubProvider } from '../src/index.js';
import { ASYNC, SPEC_METHODS } from './spec-names.js';

/**
 * Methods of the spec list not implemented yet. Must be exactly the set of missing names:
 * the test fails when a method is added without updating this list (or removed without adding it here).
 */
const NOT_YET: string[] = [];

test('the spec lists 58 methods', () => {
  expect(SPEC_METHODS.length).toBe(58);
  expect(new Set(SPEC_METHODS).size).toBe(58);
});

test('every spec method exists on QcloudHubProvider, except exactly NOT_YET', () => {
  const proto = QcloudHubProvider.prototype as unknown as Record<string, unknown>;
  const missing = SPEC_METHODS.filter((m) => typeof proto[m] !== 'function');
  expect(missing.sort()).toEqual([...NOT_YET].sort());
});

test('the blocking Python calls are async, everything else is synchronous', () => {
  const proto = QcloudHubProvider.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of SPEC_METHODS) {
    if (NOT_YET.includes(m)) continue;
    const isAsync = proto[m]!.constructor.name === 'AsyncFunction';
    expect([m, isAsync]).toEqual([m, ASYNC.has(m)]);
  }
});
