/**
 * Port of the vendor's `examples/simple_demo/example.py`: raw-only thing setup, subscribe `/{pk}/{dn}/user/echo`
 * when the thing model is enabled, publish to `user/update` and `user/echo` (the echo comes back through
 * `on_topic_message`). The interactive stdin menu is replaced by running its commands `1`, `2`, `0` in turn.
 * @module
 */
import { logging } from '@iot/aliyun';
import { runIfMain, sampleEnv, until } from '../common/sample-env.js';

/** Runs the sample; resolves true when the echo came back. */
export async function main(): Promise<boolean> {
  const env = await sampleEnv('simple-demo-dev');
  const { product_key: productKey, device_name: deviceName } = env.config;
  const lk = env.create();
  try {
    lk.enable_logger(logging.WARNING);
    let echoed = 0;
    let enabled = false;
    lk.on_connect = (session_flag, rc) => console.log(`on_connect:${session_flag},rc:${rc},userdata:`);
    lk.on_disconnect = (rc) => console.log(`on_disconnect:rc:${rc},userdata:`);
    lk.on_thing_enable = () => {
      console.log('on_thing_enable');
      const [rc, mid] = lk.subscribe_topic(`/${productKey}/${deviceName}/user/echo`, 0);
      console.log(`subscribe user/echo rc:${rc} mid:${mid}`);
    };
    lk.on_subscribe_topic = (mid, granted_qos) => {
      console.log(`on_subscribe_topic mid:${mid}, granted_qos:${granted_qos.join(',')}`);
      enabled = true;
    };
    lk.on_topic_message = (topic, payload, qos) => {
      console.log(`on_topic_message:${topic} payload:${payload.toString()} qos:${qos}`);
      echoed += 1;
    };
    lk.on_unsubscribe_topic = (mid) => console.log(`on_unsubscribe_topic mid:${mid}`);
    lk.thing_setup();
    lk.connect_async();
    await until(() => enabled, 'the echo subscription');
    for (let i = 1; i <= 3; i++) {
      let [rc, mid] = lk.publish_topic(`/${productKey}/${deviceName}/user/update`, `test, id: ${i}`, 0);
      console.log(`publish user/update rc:${rc} mid:${mid}`);
      [rc, mid] = lk.publish_topic(`/${productKey}/${deviceName}/user/echo`, `{id: ${i}}`, 0);
      console.log(`publish user/echo rc:${rc} mid:${mid}`);
    }
    await until(() => echoed >= 3, 'the echoes');
    console.log(`state: ${String(lk.check_state())}`);
    await lk.disconnect();
    return true;
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, main);
