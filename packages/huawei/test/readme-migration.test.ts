// The README's migration table names every public class, method and listener method of the Python SDK (spec
// sections 1.1 and 2), each method under its class, and its sync/Promise column agrees with the code.
import * as hw from '../src/index.js';
import { readmeProblems, readmeSection, readReadme, rowsNaming, type RequiredName } from './readme-check.js';
import { ASYNC_METHODS, info, instanceOf, LISTENERS, OTHER_CLASSES, SPEC } from './spec-names.js';

const rows = readmeSection(readReadme(), 'Migration table');
const MODULES = new Set(['iot_util', 'iot_result', 'module']);

function isAsync(fn: unknown): boolean {
  return typeof fn === 'function' && fn.constructor.name === 'AsyncFunction';
}

/** Spec members that are functions in the port (methods, static methods, module functions), per owner. */
function specMethods(device: hw.IotDevice, gateway: hw.AbstractGateway): RequiredName[] {
  const out: RequiredName[] = [];
  for (const [cls, names] of Object.entries(SPEC)) {
    if (cls === 'iot_result') continue; // IotResult (a class) and the SUCCESS/FAIL/TIMEOUT constants
    const inst = instanceOf(cls, device, gateway) as Record<string, unknown> | null;
    const ctor = (hw as unknown as Record<string, unknown>)[cls] as Record<string, unknown> | undefined;
    for (const n of names) {
      const has = (inst !== null && n in inst) || (typeof ctor === 'function' && n in ctor);
      const fn = inst?.[n] ?? (typeof ctor === 'function' ? ctor[n] : undefined);
      const owner = cls === 'module' ? undefined : cls;
      if (typeof fn === 'function') out.push({ owner, member: n, async: isAsync(fn) });
      else if (!has) out.push({ owner, member: n }); // not ported: the README must still say so
    }
  }
  return out;
}

test('every class, method and listener method of the spec is in the migration table, with the right sync/Promise form', async () => {
  const device = new hw.IotDevice(new hw.ClientConf(info()));
  const gateway = new hw.AbstractGateway(null, new hw.ClientConf(info()));
  const required: RequiredName[] = [
    ...Object.keys(SPEC).filter((c) => !MODULES.has(c)).map((c) => ({ member: c })),
    ...OTHER_CLASSES.map((c) => ({ member: c })),
    ...Object.entries(LISTENERS).flatMap(([cls, ms]) => [
      { member: cls },
      ...ms.map((m) => ({ owner: cls, member: m, async: cls === 'Connection' ? m === 'connect' || m === 'close' : undefined })),
    ]),
    ...specMethods(device, gateway),
  ];
  expect(required.length).toBeGreaterThan(250);
  expect(readmeProblems(rows, required)).toEqual([]);
  await device.destroy();
  await gateway.destroy();
});

test('the Promise methods found at run time are the ones the spec-name list declares (checked against the types)', async () => {
  const device = new hw.IotDevice(new hw.ClientConf(info()));
  const gateway = new hw.AbstractGateway(null, new hw.ClientConf(info()));
  const found: Record<string, string[]> = {};
  for (const r of specMethods(device, gateway)) if (r.async) (found[r.owner ?? 'module'] ??= []).push(r.member);
  expect(found).toEqual(Object.fromEntries(Object.entries(ASYNC_METHODS).map(([k, v]) => [k, [...v]])));
  await device.destroy();
  await gateway.destroy();
});

test('the checker reports a missing method, a method under the wrong class and a wrong sync/Promise column', () => {
  expect(readmeProblems(rows, [{ owner: 'TimerRuleInstance', member: 'no_such_method' }])).toEqual(['TimerRuleInstance.no_such_method: not in the migration table']);
  expect(readmeProblems(rows, [{ owner: 'TimeRange', member: 'submit_rule' }])).toEqual(['TimeRange.submit_rule: not in the migration table']);
  const without = rows.filter((r) => !rowsNaming([r], 'publish_message').length);
  expect(readmeProblems(without, [{ owner: 'MqttConnection', member: 'publish_message', async: false }])).toHaveLength(1);
  expect(readmeProblems(rows, [{ owner: 'DeviceClient', member: 'close', async: false }]).length).toBeGreaterThan(0);
});
