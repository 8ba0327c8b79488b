import { randomBytes } from 'node:crypto';
import { LinkKit, type TslDocument } from '@iot/aliyun';
import { silentLogger } from '@iot/core';
import { control, expectThat, field, payloadJson, short, traced, until } from './helpers.js';
import type { DemoScenario } from './scenario.js';

const PRODUCT_KEY = 'a1DemoLamp0';
const DEVICE_NAME = 'desk-lamp-01';

const int = (min: number, max: number): { type: string; specs: Record<string, string> } => ({ type: 'int', specs: { min: String(min), max: String(max) } });

/** The lamp's thing model: two properties and one async service, in the shape the Aliyun console exports. */
export const LAMP_TSL: TslDocument = {
  schema: 'https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json',
  profile: { productKey: PRODUCT_KEY },
  properties: [
    { identifier: 'LightSwitch', name: 'switch', dataType: { type: 'bool', specs: { '0': 'off', '1': 'on' } } },
    { identifier: 'Brightness', name: 'brightness', dataType: int(0, 100) },
  ],
  events: [
    {
      identifier: 'post',
      method: 'thing.event.property.post',
      outputData: [
        { identifier: 'LightSwitch', dataType: { type: 'bool' } },
        { identifier: 'Brightness', dataType: int(0, 100) },
      ],
    },
  ],
  services: [
    { identifier: 'set', callType: 'async', method: 'thing.service.property.set', inputData: [{ identifier: 'LightSwitch' }, { identifier: 'Brightness' }], outputData: [] },
    { identifier: 'get', callType: 'async', method: 'thing.service.property.get', inputData: ['LightSwitch', 'Brightness'], outputData: [{ identifier: 'LightSwitch' }, { identifier: 'Brightness' }] },
    {
      identifier: 'Blink',
      name: 'blink',
      callType: 'async',
      method: 'thing.service.Blink',
      inputData: [{ identifier: 'times', dataType: int(1, 10) }],
      outputData: [{ identifier: 'blinked', dataType: int(0, 10) }],
    },
  ],
};

/** What the Aliyun story observed, for tests. */
export interface AliyunOutcome {
  /** Product key and device name of the lamp. */
  readonly device: { readonly productKey: string; readonly deviceName: string };
  /** `[request_id, code]` of every `on_thing_prop_post` the device got. */
  readonly propertyPostReplies: ReadonlyArray<readonly [unknown, unknown]>;
  /** Params of every `on_thing_prop_changed` (console property sets). */
  readonly propertySets: readonly unknown[];
  /** `[identifier, params]` of every `on_thing_call_service`. */
  readonly serviceCalls: ReadonlyArray<readonly [string, unknown]>;
  /** The device's `set_reply` as the console's control call returned it. */
  readonly setReply: unknown;
  /** The device's `Blink_reply` as the console's control call returned it. */
  readonly serviceReply: unknown;
  /** Property values the cloud stored from the device's posts. */
  readonly storedProperties: unknown;
}

/**
 * A Link Kit lamp on the emulator's own `aliyun` plugin: it signs in with its device secret, posts its properties,
 * takes a property set and a service call from the console and answers both.
 */
export const aliyunScenario: DemoScenario<AliyunOutcome> = {
  title: 'Aliyun Link Kit lamp (@iot/aliyun LinkKit, emulator aliyun plugin)',
  vendors: ['aliyun'],
  async run(emu, say) {
    const since = emu.trace.lastSeq;
    const deviceSecret = randomBytes(16).toString('hex');
    emu.registry.put({ vendor: 'aliyun', key: `${PRODUCT_KEY}/${DEVICE_NAME}`, productKey: PRODUCT_KEY, deviceName: DEVICE_NAME, deviceSecret, tsl: LAMP_TSL });
    say(`console: device ${PRODUCT_KEY}/${DEVICE_NAME} registered with a device secret and a thing model (LightSwitch, Brightness, service Blink)`);

    const lk = new LinkKit({
      host_name: '127.0.0.1',
      product_key: PRODUCT_KEY,
      device_name: DEVICE_NAME,
      device_secret: deviceSecret,
      extensions: { logger: silentLogger, tsl_validation: 'strict' },
    });
    const connects: unknown[] = [];
    let enabled = false;
    const propertyPostReplies: Array<[unknown, unknown]> = [];
    const propertySets: unknown[] = [];
    const serviceCalls: Array<[string, unknown]> = [];
    lk.on_connect = (_flag, rc) => connects.push(rc);
    lk.on_thing_enable = () => (enabled = true);
    lk.on_thing_prop_post = (request_id, code) => propertyPostReplies.push([request_id, code]);
    lk.on_thing_prop_changed = (params) => {
      propertySets.push(params);
      say(`device: on_thing_prop_changed ${JSON.stringify(params)} (the SDK already answered 200); reporting the new value`);
      lk.thing_post_property(params);
    };
    lk.on_thing_call_service = (identifier, request_id, params) => {
      serviceCalls.push([identifier, params]);
      const times = Number(field(params, 'times') ?? 0);
      say(`device: on_thing_call_service ${identifier} ${JSON.stringify(params)} -> blinking ${times} times, thing_answer_service 200`);
      lk.thing_answer_service(identifier, request_id, 200, { blinked: times });
    };
    try {
      lk.config_mqtt({ port: Number(new URL(emu.mqttUrl).port), secure: '' });
      expectThat(lk.thing_setup(LAMP_TSL) === 0, 'thing_setup to accept the thing model');
      lk.connect_async();
      await until(() => enabled && connects.length > 0, 'on_connect and on_thing_enable');
      expectThat(connects[0] === 0, `on_connect rc 0, got ${String(connects[0])}`);
      const hello = traced(emu, since, (e) => e.kind === 'connect')[0];
      say(`device: connected as client id ${hello?.clientId ?? '?'} (password: HMAC-SHA1 of the client params, not shown)`);

      const [rc, requestId] = lk.thing_post_property({ LightSwitch: 1, Brightness: 60 });
      expectThat(rc === 0, `thing_post_property rc 0, got ${rc}`);
      await until(() => propertyPostReplies.length >= 1, 'the property post reply');
      say(`device: thing_post_property {LightSwitch: 1, Brightness: 60} -> request ${String(requestId)}, on_thing_prop_post code ${String(propertyPostReplies[0]?.[1])}`);

      say('console: property/set {"Brightness": 30}');
      const set = await control(emu, 'POST', `/control/aliyun/devices/${PRODUCT_KEY}/${DEVICE_NAME}/property/set`, { params: { Brightness: 30 }, timeoutMs: 3000 });
      const setReply = field(set.body, 'reply');
      expectThat(field(setReply, 'code') === 200, `set_reply code 200, got ${JSON.stringify(setReply)}`);
      say(`cloud: set_reply ${short(JSON.stringify(setReply))}`);
      await until(() => propertyPostReplies.length >= 2, 'the report after the set');

      say('console: call service Blink {"times": 3}');
      const call = await control(emu, 'POST', `/control/aliyun/devices/${PRODUCT_KEY}/${DEVICE_NAME}/service/Blink`, { params: { times: 3 }, timeoutMs: 3000 });
      const serviceReply = field(call.body, 'reply');
      expectThat(field(serviceReply, 'code') === 200 && field(field(serviceReply, 'data'), 'blinked') === 3, `Blink_reply code 200 with blinked 3, got ${JSON.stringify(serviceReply)}`);
      say(`cloud: Blink_reply ${short(JSON.stringify(serviceReply))}`);

      const stored = (await control(emu, 'GET', `/control/aliyun/devices/${PRODUCT_KEY}/${DEVICE_NAME}/properties`)).body;
      say(`cloud: properties stored from the device's posts ${short(JSON.stringify(stored))}`);
      const posts = traced(emu, since, (e) => e.kind === 'publish' && e.topic === `/sys/${PRODUCT_KEY}/${DEVICE_NAME}/thing/event/property/post`);
      const answers = traced(emu, since, (e) => e.kind === 'deliver' && e.topic === `/sys/${PRODUCT_KEY}/${DEVICE_NAME}/thing/event/property/post_reply`);
      say(`cloud: trace shows ${posts.length} property posts, answered ${answers.map((e) => String(field(payloadJson(e), 'code'))).join(', ')}`);

      await lk.disconnect();
      return {
        device: { productKey: PRODUCT_KEY, deviceName: DEVICE_NAME },
        propertyPostReplies,
        propertySets,
        serviceCalls,
        setReply,
        serviceReply,
        storedProperties: stored,
      };
    } finally {
      await lk.destruct();
    }
  },
};
