/**
 * RRPC from the vendor guide: `subscribe_rrpc_topic(...)`, `on_topic_rrpc_message(id, topic, payload, qos, ud)`
 * answered with `thing_answer_rrpc(id, payload)`; locally the console plays the server-side `RRpc` API call and
 * gets the device's answer back.
 * @module
 */
import { runIfMain, sampleEnv, until, untilAsync, type SampleResult } from '../common/sample-env.js';
import type { RrpcAnswer } from '../common/emulator-cloud.js';

/** What rrpc_demo observed on the device. */
export interface RrpcDemoDevice {
  /** `on_topic_rrpc_message` arguments. */
  requests: Array<{ id: string; topic: string; payload: string }>;
  /** Topics that also fell through to `on_topic_message` (linkkit.py behaviour, spec Q5). */
  fallThrough: string[];
}

/** Runs the sample. */
export async function run(): Promise<SampleResult<RrpcDemoDevice, { answer: RrpcAnswer }>> {
  const env = await sampleEnv({ deviceName: 'rrpc-demo-dev' });
  const { product_key: pk, device_name: dn } = env.config;
  const lk = env.create();
  try {
    let subscribed = false;
    const device: RrpcDemoDevice = { requests: [], fallThrough: [] };
    lk.on_connect = (_flag, rc) => {
      if (rc === 0) console.log('subscribe_rrpc_topic:', JSON.stringify(lk.subscribe_rrpc_topic(lk.to_full_topic('user/get'))));
    };
    lk.on_topic_rrpc_message = (id, topic, payload) => {
      console.log(`on_topic_rrpc_message: id:${id}, topic:${topic}, payload:${payload.toString()}`);
      device.requests.push({ id, topic, payload: payload.toString() });
      lk.thing_answer_rrpc(id, `pong:${payload.toString()}`);
    };
    lk.on_topic_message = (topic) => device.fallThrough.push(topic);
    lk.connect_async();
    // the rrpc SUBACK notifies nobody (spec Q6): wait until the platform has the subscription
    if (env.console) {
      const cloud = env.console;
      await untilAsync(async () => (await cloud.trace({ topic: `/ext/rrpc/+/${pk}/${dn}/user/get`, kind: ['subscribe'] })).length > 0, 'the rrpc subscription');
      subscribed = true;
    } else {
      await new Promise((r) => setTimeout(r, 2000));
    }
    let platform: { answer: RrpcAnswer } | null = null;
    if (env.console && subscribed) {
      const answer = await env.console.rrpc(pk, dn, 'ping', `/${pk}/${dn}/user/get`);
      console.log('server got:', answer.payload);
      platform = { answer };
      await until(() => device.fallThrough.length >= 1, 'the on_topic_message fall-through');
    }
    await lk.disconnect();
    return { ok: platform === null || platform.answer.payload === 'pong:ping', device, platform };
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, run);
