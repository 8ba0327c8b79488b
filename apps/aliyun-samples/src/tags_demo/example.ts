/**
 * Device tags from the vendor guide: `thing_update_tags({"floor": "2f", "room": "201"})` and
 * `thing_remove_tags(["floor", "room"])` with their replies.
 * @module
 */
import { runIfMain, sampleEnv, until } from '../common/sample-env.js';

/** Runs the sample. */
export async function main(): Promise<boolean> {
  const env = await sampleEnv('tags-demo-dev');
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
    console.log('remove tags:', JSON.stringify(lk.thing_remove_tags(['floor', 'room'])));
    await until(() => deleted !== undefined, 'the delete reply');
    await lk.disconnect();
    return updated === 200 && deleted === 200;
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, main);
