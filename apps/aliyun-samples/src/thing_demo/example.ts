/**
 * Thing model walk-through from the vendor guide: property post (one the TSL does not define is refused), an
 * event, then the console sets a property (the device reports it back), calls the async service `attack` and the
 * sync service `test1` (over RRPC); the device answers both with `thing_answer_service`.
 * @module
 */
import { runIfMain, sampleEnv, TSL_FILE, until, type SampleResult } from '../common/sample-env.js';
import type { RequestAnswer, RrpcAnswer } from '../common/emulator-cloud.js';

/** What thing_demo observed on the device. */
export interface ThingDemoDevice {
  /** `on_thing_prop_post` codes, in order (own posts and the report-back after the set). */
  propPostCodes: unknown[];
  /** `on_thing_prop_post` message of the guide's post with `power_stage` (not in the TSL). */
  unknownPropertyMessage: unknown;
  /** `on_thing_event_post` as `event:code`. */
  eventPosts: string[];
  /** `on_thing_prop_changed` params. */
  propChanged: Record<string, unknown>[];
  /** `on_thing_call_service` as `{identifier, params}`. */
  services: Array<{ identifier: string; params: unknown }>;
}

/** What the console saw. */
export interface ThingDemoPlatform {
  /** property/set → the device's set_reply. */
  set: RequestAnswer;
  /** async service attack → attack_reply. */
  attack: RequestAnswer;
  /** sync service test1 → the RRPC answer. */
  test1: RrpcAnswer;
  /** Property values the platform stored. */
  properties: Record<string, unknown>;
}

/** Runs the sample. */
export async function run(): Promise<SampleResult<ThingDemoDevice, ThingDemoPlatform>> {
  const env = await sampleEnv({ deviceName: 'thing-demo-dev' });
  const { product_key: pk, device_name: dn } = env.config;
  const lk = env.create();
  try {
    let enabled = false;
    const device: ThingDemoDevice = { propPostCodes: [], unknownPropertyMessage: undefined, eventPosts: [], propChanged: [], services: [] };
    const guidePost: { id?: unknown } = {};
    lk.on_thing_enable = () => (enabled = true);
    lk.on_thing_prop_post = (request_id, code, _data, message) => {
      console.log(`on_thing_prop_post: request_id:${String(request_id)} code:${String(code)} message:${String(message)}`);
      if (guidePost.id !== undefined && String(request_id) === String(guidePost.id)) device.unknownPropertyMessage = message;
      else device.propPostCodes.push(code);
    };
    lk.on_thing_event_post = (event, request_id, code) => {
      console.log(`on_thing_event_post: ${event} request_id:${String(request_id)} code:${String(code)}`);
      device.eventPosts.push(`${event}:${String(code)}`);
    };
    lk.on_thing_prop_changed = (params) => {
      console.log(`on_thing_prop_changed: ${JSON.stringify(params)}`);
      device.propChanged.push(params as Record<string, unknown>);
      lk.thing_post_property(params); // report the new value back, as the guide recommends
    };
    lk.on_thing_call_service = (identifier, request_id, params) => {
      console.log(`on_thing_call_service: ${identifier} request_id:${String(request_id)} params:${JSON.stringify(params)}`);
      device.services.push({ identifier, params });
      lk.thing_answer_service(identifier, request_id, 200, identifier === 'test1' ? { answered: 'sync' } : { hits: 3 });
    };
    lk.thing_setup(TSL_FILE);
    lk.connect_async();
    await until(() => enabled, 'on_thing_enable');
    lk.thing_post_property({ abs_speed: 11 });
    // the guide's example also posts power_stage, which this product's TSL does not define
    guidePost.id = lk.thing_post_property({ abs_speed: 11, power_stage: 10 })[1];
    lk.thing_trigger_event(['power_state', { power: 10, power_style: 1 }]);
    await until(() => device.propPostCodes.length >= 1 && device.unknownPropertyMessage !== undefined && device.eventPosts.length >= 1, 'the post replies');
    let platform: ThingDemoPlatform | null = null;
    if (env.console) {
      const set = await env.console.setProperty(pk, dn, { abs_speed: 42 });
      console.log('console set → device replied', JSON.stringify(set.reply));
      await until(() => device.propPostCodes.length >= 2, 'the report-back of the set value');
      const attack = await env.console.callService(pk, dn, 'attack', { count: 3 });
      console.log('console attack → device replied', JSON.stringify(attack.reply));
      const test1 = await env.console.callSyncService(pk, dn, 'test1', {});
      console.log('console test1 (sync) → device replied', test1.payload);
      platform = { set, attack, test1, properties: await env.console.properties(pk, dn) };
    }
    await lk.disconnect();
    const ok =
      device.propPostCodes.every((c) => c === 200) &&
      device.eventPosts.includes('power_state:200') &&
      (platform === null || (platform.properties['abs_speed'] === 42 && device.services.length === 2));
    return { ok, device, platform };
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, run);
