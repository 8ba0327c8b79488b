// The README's migration tables name every public method, callback property and class of linkkit.py 1.2.13 (spec
// sections 1.1, 1.2, 2.3, 2.4 and 2.9), and their sync/Promise column agrees with the code.
import * as aliyun from '../src/index.js';
import { LinkKit, Shadow } from '../src/index.js';
import { CALLBACKS } from './helpers/device.js';
import { readmeProblems, readmeSection, readReadme, rowsNaming, type RequiredName } from './helpers/readme-check.js';
import { ASYNC_METHODS, CLASSES, PROTECTED_HOOKS, SHADOW_METHODS, SPEC_METHODS } from './helpers/spec-names.js';

const rows = readmeSection(readReadme(), 'How the port maps Python');
const ASYNC = new Set<string>(ASYNC_METHODS);

test('every method, callback property and class of the spec is in the migration tables, with the right sync/Promise form', () => {
  const required: RequiredName[] = [
    ...SPEC_METHODS.map((m) => ({ member: m, async: ASYNC.has(m) })),
    ...CALLBACKS.map((c) => ({ member: c, async: false })),
    ...CLASSES.map((c) => ({ member: c })),
    ...SHADOW_METHODS.map((m) => ({ owner: 'Shadow', member: m, async: false })),
    ...PROTECTED_HOOKS.map((m) => ({ member: m })),
  ];
  expect(readmeProblems(rows, required)).toEqual([]);
});

test('the Promise methods are the ones that return a Promise at run time', async () => {
  const lk = new LinkKit('cn-shanghai', 'pk', 'dn', 'ds');
  const disconnect = lk.disconnect();
  const download = lk.download_ota_firmware('', '', '', '');
  expect(disconnect).toBeInstanceOf(Promise);
  expect(download).toBeInstanceOf(Promise);
  expect(await download).toBe(aliyun.ErrorCode.OTA_INVALID_PARAM);
  await disconnect;
  const destruct = lk.destruct();
  expect(destruct).toBeInstanceOf(Promise);
  await destruct;
  const destroy = lk.destroy();
  expect(destroy).toBeInstanceOf(Promise);
  await destroy;
  const shadow = new Shadow();
  expect(shadow.to_json_string()).toBe('{"state": null, "metadata": null, "version": null, "timestamp": null}');
});

test('names the README calls "not ported" are really absent, the others exist', () => {
  const exported = aliyun as unknown as Record<string, unknown>;
  const statics = LinkKit as unknown as Record<string, unknown>;
  const proto = LinkKit.prototype as unknown as Record<string, unknown>;
  for (const c of CLASSES) {
    const present = c in exported || c in statics;
    const saysNotPorted = rowsNaming(rows, c).some((r) => /not ported/.test(r.cells.join(' ')));
    expect([c, present]).toEqual([c, !saysNotPorted]);
  }
  for (const h of PROTECTED_HOOKS) {
    expect(proto[h]).toBeUndefined();
    expect(rowsNaming(rows, h).some((r) => /not ported/.test(r.cells.join(' ')))).toBe(true);
  }
});

test('the checker reports a missing name and a wrong sync/Promise column', () => {
  const without = rows.filter((r) => !rowsNaming([r], 'on_gateway_logout_subdev_reply').length);
  expect(readmeProblems(without, [{ member: 'on_gateway_logout_subdev_reply' }])).toEqual(['on_gateway_logout_subdev_reply: not in the migration table']);
  expect(readmeProblems(rows, [{ member: 'disconnect', async: false }]).length).toBeGreaterThan(0);
  expect(readmeProblems(rows, [{ owner: 'Shadow', member: 'get_timestamp' }])).toEqual(['Shadow.get_timestamp: not in the migration table']);
});
