/**
 * Thing model walk-through from the vendor guide: property post and set, an event, an async service answered with
 * `thing_answer_service`, and a sync (RRPC) service answered the same way.
 * @module
 */
import { TSL_FILE } from '../tsl_demo/example.js';
import { runIfMain, sampleEnv, until } from '../common/sample-env.js';

/** Runs the sample. */
export async function main(): Promise<boolean> {
  const env = await sampleEnv('thing-demo-dev');
  const { product_key: pk, device_name: dn } = env.config;
  const lk = env.create();
  try {
    let enabled = false;
    const seen: string[] = [];
    lk.on_thing_enable = () => (enabled = true);
    lk.on_thing_prop_post = (request_id, code) => seen.push(`prop_post ${String(request_id)} ${String(code)}`);
    lk.on_thing_event_post = (event, request_id, code) => seen.push(`event_post ${event} ${String(request_id)} ${String(code)}`);
    lk.on_thing_prop_changed = (params) => {
      seen.push(`prop_changed ${JSON.stringify(params)}`);
      lk.thing_post_property(params); // report the new value back, as the guide recommends
    };
    lk.on_thing_call_service = (identifier, request_id, params) => {
      seen.push(`call_service ${identifier} ${JSON.stringify(params)}`);
      lk.thing_answer_service(identifier, request_id, 200, identifier === 'test1' ? { answered: 'sync' } : {});
    };
    lk.thing_setup(TSL_FILE);
    lk.connect_async();
    await until(() => enabled, 'on_thing_enable');
    lk.thing_post_property({ abs_speed: 11 });
    lk.thing_trigger_event(['power_state', { power: 10, power_style: 1 }]);
    if (env.cloud) {
      await env.cloud.setProperty(pk, dn, { abs_speed: 42 });
      await env.cloud.callService(pk, dn, 'attack', { count: 3 });
      const answer = await env.cloud.callSyncService(pk, dn, 'test1', {});
      console.log('sync service answer:', JSON.stringify(answer));
    }
    await until(() => seen.filter((s) => s.startsWith('prop_post')).length >= (env.cloud ? 2 : 1) && seen.some((s) => s.startsWith('event_post')), 'the replies');
    for (const s of seen) console.log(s);
    await lk.disconnect();
    return true;
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, main);
