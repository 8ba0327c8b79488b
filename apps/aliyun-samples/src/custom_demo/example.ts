/**
 * Custom topics from the vendor guide: subscribe `to_full_topic("user/test")` (`on_subscribe_topic`), publish `"123"`
 * to `to_full_topic("user/pub")` (`on_publish_topic`), receive on `on_topic_message`, unsubscribe
 * (`on_unsubscribe_topic`). Locally the console adds a forwarding rule `user/pub` → `user/test` (so the device gets
 * its own publication back) and publishes one message of its own on `user/test`.
 * @module
 */
import { runIfMain, sampleEnv, until, type SampleResult } from '../common/sample-env.js';

/** What custom_demo observed on the device. */
export interface CustomDemoDevice {
  /** `granted_qos` of the subscription. */
  grantedQos: number[];
  /** Mids confirmed by `on_publish_topic`. */
  published: number[];
  /** `[topic, payload]` of every `on_topic_message`. */
  messages: Array<[string, string]>;
  /** `on_unsubscribe_topic` fired. */
  unsubscribed: boolean;
}

/** Runs the sample. */
export async function run(): Promise<SampleResult<CustomDemoDevice, { pubUplinks: string[]; testDeliveries: string[] }>> {
  const env = await sampleEnv({ deviceName: 'custom-demo-dev' });
  const { product_key: pk, device_name: dn } = env.config;
  const lk = env.create();
  try {
    const device: CustomDemoDevice = { grantedQos: [], published: [], messages: [], unsubscribed: false };
    let connected = false;
    let subscribed = false;
    let pubMid: number | null = null;
    lk.on_connect = (_f, rc) => (connected = rc === 0);
    lk.on_subscribe_topic = (mid, granted_qos) => {
      console.log(`on_subscribe_topic mid:${mid} granted_qos:${granted_qos.join(',')}`);
      device.grantedQos = [...granted_qos];
      subscribed = true;
    };
    lk.on_publish_topic = (mid) => {
      console.log(`on_publish_topic mid:${mid}`);
      device.published.push(mid);
    };
    lk.on_topic_message = (topic, payload) => {
      console.log(`on_topic_message topic:${topic} payload:${payload.toString()}`);
      device.messages.push([topic, payload.toString()]);
    };
    lk.on_unsubscribe_topic = (mid) => {
      console.log(`on_unsubscribe_topic mid:${mid}`);
      device.unsubscribed = true;
    };
    if (env.console) await env.console.addRoute(`/${pk}/${dn}/user/pub`, `/${pk}/${dn}/user/test`);
    lk.connect_async();
    await until(() => connected, 'on_connect');
    const test = lk.to_full_topic('user/test');
    console.log('subscribe_topic:', JSON.stringify(lk.subscribe_topic(test, 1)));
    await until(() => subscribed, 'on_subscribe_topic');
    const [rc, mid] = lk.publish_topic(lk.to_full_topic('user/pub'), '123', 1);
    console.log(`publish_topic rc:${rc} mid:${String(mid)}`);
    pubMid = mid;
    await until(() => pubMid !== null && device.published.includes(pubMid), 'on_publish_topic');
    let platform: { pubUplinks: string[]; testDeliveries: string[] } | null = null;
    if (env.console) {
      await env.console.publishCustom(pk, dn, 'user/test', 'hello from the console', 1);
      await until(() => device.messages.length >= 2, 'the forwarded and the console message');
      platform = {
        pubUplinks: (await env.console.trace({ topic: `/${pk}/${dn}/user/pub`, kind: ['publish'] })).map((e) => e.payload ?? ''),
        testDeliveries: (await env.console.trace({ topic: test, kind: ['deliver'] })).map((e) => e.payload ?? ''),
      };
    }
    console.log('unsubscribe_topic:', JSON.stringify(lk.unsubscribe_topic(test)));
    await until(() => device.unsubscribed, 'on_unsubscribe_topic');
    await lk.disconnect();
    const ok = device.grantedQos[0] === 1 && (platform === null || (platform.pubUplinks.includes('123') && device.messages.some(([, p]) => p === '123')));
    return { ok, device, platform };
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, run);
