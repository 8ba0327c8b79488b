/**
 * Device tags from the vendor guide: `thing_update_tags({"floor": "2f", "room": "201"})` and
 * `thing_remove_tags(["floor", "room"])` with their replies; the console reads the tags in between.
 * @module
 */
import { runIfMain, sampleEnv, until, type SampleResult } from '../common/sample-env.js';

/** What tags_demo observed on the device. */
export interface TagsDemoDevice {
  /** `on_thing_device_info_update` code. */
  updateCode: unknown;
  /** `on_thing_device_info_delete` code. */
  deleteCode: unknown;
}

/** Runs the sample. */
export async function run(): Promise<SampleResult<TagsDemoDevice, { afterUpdate: Record<string, unknown>; afterRemove: Record<string, unknown> }>> {
  const env = await sampleEnv({ deviceName: 'tags-demo-dev' });
  const { product_key: pk, device_name: dn } = env.config;
  const lk = env.create();
  try {
    let enabled = false;
    let updated: unknown;
    let deleted: unknown;
    lk.on_thing_enable = () => (enabled = true);
    lk.on_thing_device_info_update = (request_id, code, data, message) => {
      console.log(`on_thing_device_info_update: request_id:${String(request_id)}, code:${String(code)}, data:${JSON.stringify(data)}, message:${String(message)}`);
      updated = code;
    };
    lk.on_thing_device_info_delete = (request_id, code, data, message) => {
      console.log(`on_thing_device_info_delete: request_id:${String(request_id)}, code:${String(code)}, data:${JSON.stringify(data)}, message:${String(message)}`);
      deleted = code;
    };
    lk.thing_setup();
    lk.connect_async();
    await until(() => enabled, 'on_thing_enable');
    const [rc, request_id] = lk.thing_update_tags({ floor: '2f', room: '201' });
    if (rc === 0) console.log(`update tags request ${request_id}`);
    await until(() => updated !== undefined, 'the update reply');
    const afterUpdate = env.console ? await env.console.tags(pk, dn) : null;
    if (afterUpdate) console.log('console tags:', JSON.stringify(afterUpdate));
    console.log('remove tags:', JSON.stringify(lk.thing_remove_tags(['floor', 'room'])));
    await until(() => deleted !== undefined, 'the delete reply');
    const afterRemove = env.console ? await env.console.tags(pk, dn) : null;
    if (afterRemove) console.log('console tags:', JSON.stringify(afterRemove));
    await lk.disconnect();
    const platform = afterUpdate && afterRemove ? { afterUpdate, afterRemove } : null;
    const ok = updated === 200 && deleted === 200 && (platform === null || (platform.afterUpdate['room'] === '201' && Object.keys(platform.afterRemove).length === 0));
    return { ok, device: { updateCode: updated, deleteCode: deleted }, platform };
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, run);
