/**
 * Port of the vendor's `examples/simple_demo/example.py`: raw-only thing setup, subscribe `/{pk}/{dn}/user/echo`
 * when the thing model is enabled, publish to `user/update` and `user/echo` (the broker delivers the echo back to
 * the publisher, which subscribed it: `on_topic_message`). The interactive stdin menu is replaced by running its
 * commands `1`, `2`, `0` in turn.
 * @module
 */
import { logging } from '@iot/aliyun';
import { runIfMain, sampleEnv, until, type SampleResult } from '../common/sample-env.js';

/** What simple_demo observed. */
export interface SimpleDemoDevice {
  /** `granted_qos` of the echo subscription. */
  grantedQos: number[];
  /** Payloads that came back on `user/echo`. */
  echoes: string[];
  /** `check_state()` after the run. */
  state: string;
}

/** What the platform recorded for simple_demo. */
export interface SimpleDemoPlatform {
  /** Payloads the platform accepted on `user/update`. */
  updates: string[];
  /** Payloads the platform delivered on `user/echo`. */
  echoDeliveries: string[];
}

/** Runs the sample. */
export async function run(): Promise<SampleResult<SimpleDemoDevice, SimpleDemoPlatform>> {
  const env = await sampleEnv({ deviceName: 'simple-demo-dev' });
  const { product_key: productKey, device_name: deviceName } = env.config;
  const lk = env.create();
  try {
    lk.enable_logger(logging.WARNING);
    const echoes: string[] = [];
    let grantedQos: number[] | undefined;
    lk.on_connect = (session_flag, rc) => console.log(`on_connect:${session_flag},rc:${rc},userdata:`);
    lk.on_disconnect = (rc) => console.log(`on_disconnect:rc:${rc},userdata:`);
    lk.on_thing_enable = () => {
      console.log('on_thing_enable');
      const [rc, mid] = lk.subscribe_topic(`/${productKey}/${deviceName}/user/echo`, 0);
      console.log(`subscribe user/echo rc:${rc} mid:${mid}`);
    };
    lk.on_subscribe_topic = (mid, granted_qos) => {
      console.log(`on_subscribe_topic mid:${mid}, granted_qos:${granted_qos.join(',')}`);
      grantedQos = [...granted_qos];
    };
    lk.on_topic_message = (topic, payload, qos) => {
      console.log(`on_topic_message:${topic} payload:${payload.toString()} qos:${qos}`);
      if (topic === `/${productKey}/${deviceName}/user/echo`) echoes.push(payload.toString());
    };
    lk.on_unsubscribe_topic = (mid) => console.log(`on_unsubscribe_topic mid:${mid}`);
    lk.thing_setup();
    lk.connect_async();
    await until(() => grantedQos !== undefined, 'the echo subscription');
    for (let i = 1; i <= 3; i++) {
      // command 1
      let [rc, mid] = lk.publish_topic(`/${productKey}/${deviceName}/user/update`, `test, id: ${i}`, 0);
      console.log(`publish user/update rc:${rc} mid:${mid}`);
      // command 2
      [rc, mid] = lk.publish_topic(`/${productKey}/${deviceName}/user/echo`, `{id: ${i}}`, 0);
      console.log(`publish user/echo rc:${rc} mid:${mid}`);
    }
    await until(() => echoes.length >= 3, 'the echoes');
    // command 0
    const state = String(lk.check_state());
    console.log(`state: ${state}`);
    await lk.disconnect();
    let platform: SimpleDemoPlatform | null = null;
    if (env.console) {
      const updates = await env.console.trace({ topic: `/${productKey}/${deviceName}/user/update`, kind: ['publish'] });
      const echoDeliveries = await env.console.trace({ topic: `/${productKey}/${deviceName}/user/echo`, kind: ['deliver'] });
      platform = { updates: updates.map((e) => e.payload ?? ''), echoDeliveries: echoDeliveries.map((e) => e.payload ?? '') };
    }
    const ok = echoes.length === 3 && (platform === null || platform.updates.length === 3);
    return { ok, device: { grantedQos: grantedQos ?? [], echoes, state }, platform };
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, run);
