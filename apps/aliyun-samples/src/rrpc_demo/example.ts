/**
 * RRPC from the vendor guide: `subscribe_rrpc_topic(...)`, `on_topic_rrpc_message(id, topic, payload, qos, ud)`
 * answered with `thing_answer_rrpc(id, payload)`; the local cloud plays the server-side `RRpc` API call.
 * @module
 */
import { runIfMain, sampleEnv, until } from '../common/sample-env.js';

/** Runs the sample. */
export async function main(): Promise<boolean> {
  const env = await sampleEnv('rrpc-demo-dev');
  const { product_key: pk, device_name: dn } = env.config;
  const lk = env.create();
  try {
    let connected = false;
    lk.on_connect = (_flag, rc) => {
      if (rc === 0) {
        connected = true;
        console.log('subscribe_rrpc_topic:', JSON.stringify(lk.subscribe_rrpc_topic(lk.to_full_topic('user/get'))));
      }
    };
    lk.on_topic_rrpc_message = (id, topic, payload) => {
      console.log(`on_topic_rrpc_message: id:${id}, topic:${topic}, payload:${payload.toString()}`);
      lk.thing_answer_rrpc(id, `pong:${payload.toString()}`);
    };
    lk.on_topic_message = () => undefined; // user RRPC messages also fall through here (linkkit.py behaviour)
    lk.connect_async();
    await until(() => connected, 'on_connect');
    await new Promise((r) => setTimeout(r, 100));
    let answer = 'pong:ping';
    if (env.cloud) answer = await env.cloud.rrpc(`/${pk}/${dn}/user/get`, 'ping');
    console.log('server got:', answer);
    await lk.disconnect();
    return answer === 'pong:ping';
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, main);
