/**
 * Port of the vendor's `examples/tsl_demo/example.py` (same tsl.json): thing setup with the TSL, post the
 * `abs_speed` property and wait for the platform's reply. The demo's file upload command (`2`) shows that 1.2.13
 * removed it: `upload_file_sync` throws `StateError("not supported any more")`.
 * @module
 */
import { LinkKit, logging } from '@iot/aliyun';
import { runIfMain, sampleEnv, TSL_FILE, until, type SampleResult } from '../common/sample-env.js';

export { TSL_FILE };

/** What tsl_demo observed. */
export interface TslDemoDevice {
  /** `thing_post_property` return code. */
  postRc: number;
  /** `on_thing_prop_post` arguments. */
  reply: { request_id: unknown; code: unknown; data: unknown; message: unknown };
  /** What `upload_file_sync` threw. */
  uploadError: string;
}

/** Runs the sample; ok when the property post was answered with code 200. */
export async function run(): Promise<SampleResult<TslDemoDevice, { properties: Record<string, unknown> }>> {
  const env = await sampleEnv({ deviceName: 'tsl-demo-dev' });
  const { product_key: pk, device_name: dn } = env.config;
  const lk = env.create();
  try {
    lk.enable_logger(logging.WARNING);
    let enabled = false;
    let reply: TslDemoDevice['reply'] | undefined;
    lk.on_connect = (session_flag, rc) => console.log(`on_connect:${session_flag},rc:${rc},userdata:`);
    lk.on_disconnect = (rc) => console.log(`on_disconnect:rc:${rc},userdata:`);
    lk.on_thing_enable = () => {
      console.log('on_thing_enable');
      enabled = true;
    };
    lk.on_thing_prop_post = (request_id, code, data, message) => {
      console.log(`on_thing_prop_post request id:${String(request_id)}, code:${String(code)}, data:${JSON.stringify(data)} message:${String(message)}`);
      reply = { request_id, code, data, message };
    };
    if (lk.thing_setup(TSL_FILE) !== 0) throw new Error('thing_setup failed');
    lk.connect_async();
    await until(() => enabled, 'on_thing_enable');
    console.log(`state: ${String(lk.check_state())}`);
    const [postRc, request_id] = lk.thing_post_property({ abs_speed: 11 });
    console.log(`thing_post_property rc:${postRc} request_id:${request_id}`);
    await until(() => reply !== undefined, 'on_thing_prop_post');
    let uploadError = '';
    try {
      lk.upload_file_sync('./test.txt', 'test.txt');
    } catch (e) {
      uploadError = e instanceof LinkKit.StateError ? `StateError: ${e.message}` : String(e);
      console.log(`upload_file_sync: ${uploadError}`);
    }
    await lk.disconnect();
    const platform = env.console ? { properties: await env.console.properties(pk, dn) } : null;
    if (platform) console.log('platform running state:', JSON.stringify(platform.properties));
    return { ok: reply!.code === 200, device: { postRc, reply: reply!, uploadError }, platform };
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, run);
