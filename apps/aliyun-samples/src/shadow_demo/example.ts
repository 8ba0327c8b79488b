/**
 * Device shadow from the vendor guide: `thing_update_shadow({"color": "red"}, 1)`, `thing_get_shadow()`,
 * `on_thing_shadow_get` and the local cache `local_get_latest_shadow()`. Locally the console then sets a desired
 * value, which the platform pushes to the device (method `control`).
 * @module
 */
import { runIfMain, sampleEnv, until, type SampleResult } from '../common/sample-env.js';

/** What shadow_demo observed on the device. */
export interface ShadowDemoDevice {
  /** Every `on_thing_shadow_get` payload. */
  messages: unknown[];
  /** `local_get_latest_shadow().get_version()` after the get. */
  version: number;
}

/** Runs the sample. */
export async function run(): Promise<SampleResult<ShadowDemoDevice, { shadow: unknown }>> {
  const env = await sampleEnv({ deviceName: 'shadow-demo-dev' });
  const { product_key: pk, device_name: dn } = env.config;
  const lk = env.create();
  try {
    let enabled = false;
    const messages: unknown[] = [];
    lk.on_thing_enable = () => (enabled = true);
    lk.on_thing_shadow_get = (payload) => {
      console.log('on_thing_shadow_get:', JSON.stringify(payload));
      messages.push(payload);
    };
    lk.thing_setup();
    lk.connect_async();
    await until(() => enabled, 'on_thing_enable');
    const [rc] = lk.thing_update_shadow({ color: 'red' }, 1);
    if (rc === 0) console.log('success');
    await until(() => messages.length >= 1, 'the update reply');
    lk.thing_get_shadow();
    await until(() => messages.length >= 2, 'the get reply');
    const shadow = lk.local_get_latest_shadow();
    const version = Number(shadow.get_version());
    console.log('local shadow:', shadow.to_json_string());
    let platform: { shadow: unknown } | null = null;
    if (env.console) {
      await env.console.setDesired(pk, dn, { color: 'green' });
      await until(() => messages.length >= 3, 'the desired push');
      platform = { shadow: await env.console.shadow(pk, dn) };
      console.log('console shadow:', JSON.stringify(platform.shadow));
    }
    await lk.disconnect();
    return { ok: version === 1, device: { messages, version }, platform };
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, run);
