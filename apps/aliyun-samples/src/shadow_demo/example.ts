/**
 * Device shadow from the vendor guide: `thing_update_shadow({"color": "red"}, 1)`, `thing_get_shadow()`,
 * `on_thing_shadow_get` and the local cache `local_get_latest_shadow()`.
 * @module
 */
import { runIfMain, sampleEnv, until } from '../common/sample-env.js';

/** Runs the sample. */
export async function main(): Promise<boolean> {
  const env = await sampleEnv('shadow-demo-dev');
  const lk = env.create();
  try {
    let enabled = false;
    const replies: unknown[] = [];
    lk.on_thing_enable = () => (enabled = true);
    lk.on_thing_shadow_get = (payload) => {
      console.log('on_thing_shadow_get:', JSON.stringify(payload));
      replies.push(payload);
    };
    lk.thing_setup();
    lk.connect_async();
    await until(() => enabled, 'on_thing_enable');
    const [rc] = lk.thing_update_shadow({ color: 'red' }, 1);
    if (rc === 0) console.log('success');
    await until(() => replies.length >= 1, 'the update reply');
    lk.thing_get_shadow();
    await until(() => replies.length >= 2, 'the get reply');
    const shadow = lk.local_get_latest_shadow();
    console.log('local shadow:', shadow.to_json_string());
    await lk.disconnect();
    return shadow.get_version() === 1;
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, main);
