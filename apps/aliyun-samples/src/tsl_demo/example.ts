/**
 * Port of the vendor's `examples/tsl_demo/example.py` (same tsl.json): thing setup with the TSL, post the
 * `abs_speed` property and wait for the platform's reply. The demo's file upload command (`2`) shows that 1.2.13
 * removed it: `upload_file_sync` throws `StateError("not supported any more")`.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { LinkKit, logging } from '@iot/aliyun';
import { runIfMain, sampleEnv, until } from '../common/sample-env.js';

/** Path of the demo's tsl.json (works from src and from dist). */
export const TSL_FILE = fileURLToPath(new URL('../../src/tsl_demo/tsl.json', import.meta.url));

/** Runs the sample; resolves true when the property post was answered with code 200. */
export async function main(): Promise<boolean> {
  const env = await sampleEnv('tsl-demo-dev');
  const lk = env.create();
  try {
    lk.enable_logger(logging.WARNING);
    let enabled = false;
    let replyCode: unknown;
    lk.on_connect = (session_flag, rc) => console.log(`on_connect:${session_flag},rc:${rc},userdata:`);
    lk.on_disconnect = (rc) => console.log(`on_disconnect:rc:${rc},userdata:`);
    lk.on_thing_enable = () => {
      console.log('on_thing_enable');
      enabled = true;
    };
    lk.on_thing_prop_post = (request_id, code, data, message) => {
      console.log(`on_thing_prop_post request id:${String(request_id)}, code:${String(code)}, data:${JSON.stringify(data)} message:${String(message)}`);
      replyCode = code;
    };
    if (lk.thing_setup(TSL_FILE) !== 0) throw new Error('thing_setup failed');
    lk.connect_async();
    await until(() => enabled, 'on_thing_enable');
    console.log(`state: ${String(lk.check_state())}`);
    const [rc, request_id] = lk.thing_post_property({ abs_speed: 11 });
    console.log(`thing_post_property rc:${rc} request_id:${request_id}`);
    await until(() => replyCode !== undefined, 'on_thing_prop_post');
    try {
      lk.upload_file_sync('./test.txt', 'test.txt');
    } catch (e) {
      console.log(`upload_file_sync: ${e instanceof LinkKit.StateError ? `StateError: ${e.message}` : String(e)}`);
    }
    await lk.disconnect();
    return replyCode === 200;
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, main);
