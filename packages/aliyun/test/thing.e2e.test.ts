import { ErrorCode, LinkKit, StateError, TslValidationError, ValueError } from '../src/index.js';
import { startStubPlatform, type StubPlatform } from './helpers/stub-platform.js';
import { connectDevice, destructAll, DN, PK, TSL_PATH, json } from './helpers/device.js';
import { delay } from './helpers/recorder.js';

const S = `/sys/${PK}/${DN}/thing`;

describe('thing model end to end (tsl.json of the tsl_demo)', () => {
  let p: StubPlatform;
  beforeAll(async () => {
    p = await startStubPlatform({ devices: [{ pk: PK, dn: DN, ds: 'ds-0123456789' }], services: ['attack', 'test1', 'test2'], events: ['power_state'] });
  });
  afterEach(destructAll);
  afterAll(async () => {
    await p.close();
  });

  test('thing_post_property: exact wire, QoS 1, reply callback; request ids count up', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH });
    await rec.wait('on_thing_enable');
    const since = p.seq();
    const [rc, rid] = lk.thing_post_property({ abs_speed: 11 });
    expect([rc, rid]).toEqual([0, '1']);
    const up = await p.waitUplink(`${S}/event/property/post`, 3000, since);
    expect(up.qos).toBe(1);
    expect(up.payload).toBe('{"id": "1", "version": "1.0", "params": {"abs_speed": 11}, "method": "thing.event.property.post"}');
    await p.inject(`${S}/event/property/post_reply`, { code: 200, data: {}, id: '1', message: 'success', method: 'thing.event.property.post', version: '1.0' });
    const [args] = await rec.wait('on_thing_prop_post');
    expect(args).toEqual(['1', 200, {}, 'success', 'ud']);
    expect(lk.thing_post_property({ abs_speed: 12 })[1]).toBe('2');
    // the SDK's own publishes never reach on_publish_topic
    await delay(50);
    expect(rec.args('on_publish_topic')).toEqual([]);
    await lk.destruct();
  });

  test('property set: automatic 200 reply on set_reply (QoS 1) before on_thing_prop_changed', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH });
    const since = p.seq();
    await p.inject(`${S}/service/property/set`, { id: '123', version: '1.0', params: { abs_speed: 99 }, method: 'thing.service.property.set' });
    const [args] = await rec.wait('on_thing_prop_changed');
    expect(args).toEqual([{ abs_speed: 99 }, 'ud']);
    const reply = await p.waitUplink(`${S}/service/property/set_reply`, 3000, since);
    expect(reply.payload).toBe('{"id": "123", "code": 200, "data": {}}');
    expect(reply.qos).toBe(1);
    await lk.destruct();
  });

  test('events: post wire, reply callback with the event name; unknown event and wrong container', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH });
    const since = p.seq();
    const [rc, rid] = lk.thing_trigger_event(['power_state', { power: 10, power_style: 1 }]) as [number, string];
    expect(rc).toBe(0);
    const up = await p.waitUplink(`${S}/event/power_state/post`, 3000, since);
    expect(up.qos).toBe(0);
    expect(up.payload).toBe(`{"id": "${rid}", "version": "1.0", "params": {"value": {"power": 10, "power_style": 1}}, "method": "thing.event.power_state.post"}`);
    const [args] = await rec.wait('on_thing_event_post');
    expect(args).toEqual(['power_state', rid, 200, {}, 'success', 'ud']);
    expect(lk.thing_trigger_event(['nope', {}])).toEqual([1, null]);
    expect(lk.thing_trigger_event('power_state' as unknown as [string, unknown])).toEqual([1, null]);
    expect(() => lk.thing_trigger_event(['a', 1, 2] as unknown as [string, unknown])).toThrow(new ValueError('too many values to unpack (expected 2)'));
    await lk.destruct();
  });

  test('async service: on_thing_call_service then thing_answer_service on {id}_reply', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH });
    const since = p.seq();
    await p.inject(`${S}/service/attack`, { id: '77', version: '1.0', params: { count: 3 }, method: 'thing.service.attack' });
    const [args] = await rec.wait('on_thing_call_service');
    expect(args).toEqual(['attack', '77', { count: 3 }, 'ud']);
    expect(lk.thing_answer_service('attack', '77', 200, { ok: 1 })).toBe(0);
    const up = await p.waitUplink(`${S}/service/attack_reply`, 3000, since);
    expect(up.payload).toBe('{"id": "77", "code": 200, "data": {"ok": 1}}');
    expect(up.qos).toBe(0);
    await lk.destruct();
  });

  test('sync (RRPC) service: the answer goes to the request topic', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH });
    const since = p.seq();
    const topic = `/ext/rrpc/1466732133486047232/sys/${PK}/${DN}/thing/service/test1`;
    await p.inject(topic, { id: '88', version: '1.0', params: {}, method: 'thing.service.test1' });
    const [args] = await rec.wait('on_thing_call_service');
    expect(args).toEqual(['test1', '88', {}, 'ud']);
    expect(lk.thing_answer_service('test1', '88', 200)).toBe(0);
    const up = await p.waitUplink(topic, 3000, since);
    expect(up.payload).toBe('{"id": "88", "code": 200, "data": {}}');
    await delay(30);
    // the request was consumed by on_thing_call_service; only the broker's echo of our own reply (the test platform
    // auto-subscribes the rrpc service filter) may reach on_topic_message
    expect(rec.args('on_topic_message').filter((a) => (a[1] as Buffer).toString().includes('thing.service.test1'))).toEqual([]);
    await lk.destruct();
  });

  test('raw data up/down and replies (no setup check)', async () => {
    const { lk, rec } = await connectDevice(p);
    const since = p.seq();
    expect(lk.thing_raw_post_data(Buffer.from([1, 2, 3]))).toBe(0);
    const up = await p.waitUplink(`${S}/model/up_raw`, 3000, since);
    expect(up.payload).toBe('\u0001\u0002\u0003');
    await p.inject(`${S}/model/up_raw_reply`, Buffer.from([0xff, 0x00]));
    const [post] = await rec.wait('on_thing_raw_data_post');
    expect(post).toEqual([Buffer.from([0xff, 0x00]), 'ud']);
    await p.inject(`${S}/model/down_raw`, Buffer.from([0xaa]));
    const [down] = await rec.wait('on_thing_raw_data_arrived');
    expect(down).toEqual([Buffer.from([0xaa]), 'ud']);
    expect(lk.thing_raw_data_reply('ok')).toBe(0);
    expect((await p.waitUplink(`${S}/model/down_raw_reply`, 3000, since)).payload).toBe('ok');
    await lk.destruct();
  });

  test('tags / device info: update and delete wire and replies', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: null });
    await rec.wait('on_thing_enable');
    const since = p.seq();
    const [rc, rid] = lk.thing_update_tags({ floor: '2f', room: '201' });
    expect(rc).toBe(0);
    const up = await p.waitUplink(`${S}/deviceinfo/update`, 3000, since);
    expect(up.payload).toBe(`{"id": "${rid}", "version": "1.0", "params": [{"attrKey": "floor", "attrValue": "2f"}, {"attrKey": "room", "attrValue": "201"}], "method": "thing.deviceinfo.update"}`);
    await p.inject(`${S}/deviceinfo/update_reply`, { code: 200, data: {}, id: rid, message: 'success' });
    expect((await rec.wait('on_thing_device_info_update'))[0]).toEqual([rid, 200, {}, 'success', 'ud']);
    const [rc2, rid2] = lk.thing_remove_tags(['floor', 'room']) as [number, string];
    expect(rc2).toBe(0);
    const del = await p.waitUplink(`${S}/deviceinfo/delete`, 3000, since);
    expect(del.payload).toBe(`{"id": "${rid2}", "version": "1.0", "params": [{"attrKey": "floor"}, {"attrKey": "room"}], "method": "thing.deviceinfo.delete"}`);
    await p.inject(`${S}/deviceinfo/delete_reply`, { code: 200, data: {}, id: rid2, message: 'success' });
    expect((await rec.wait('on_thing_device_info_delete'))[0]).toEqual([rid2, 200, {}, 'success', 'ud']);
    expect(() => lk.thing_update_tags([] as unknown as Record<string, string>)).toThrow(new ValueError('tagMap must be a dictionary'));
    expect(() => lk.thing_remove_tags('floor' as unknown as string[])).toThrow(new ValueError('tagKeys must be a list or tuple'));
    await lk.destruct();
  });

  test('shadow: update/get wire (QoS 1, mid returned), replies update the local cache', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: null });
    await rec.wait('on_thing_enable');
    const since = p.seq();
    const [rc, mid] = lk.thing_update_shadow({ color: 'red' }, 1);
    expect(rc).toBe(0);
    expect(typeof mid).toBe('number');
    const up = await p.waitUplink(`/shadow/update/${PK}/${DN}`, 3000, since);
    expect(up.payload).toBe('{"state": {"reported": {"color": "red"}}, "method": "update", "version": 1}');
    expect(up.qos).toBe(1);
    const [reply] = await rec.wait('on_thing_shadow_get');
    expect(reply).toEqual([{ method: 'reply', payload: { status: 'success', version: 1 }, timestamp: 1544686266 }, 'ud']);
    expect(lk.thing_get_shadow()[0]).toBe(0);
    expect((await p.waitUplink(`/shadow/update/${PK}/${DN}`, 3000, up.seq)).payload).toBe('{"method": "get"}');
    await p.inject(`/shadow/get/${PK}/${DN}`, { method: 'reply', payload: { status: 'success', state: { reported: { color: 'red' } }, metadata: { reported: { color: { timestamp: 1 } } } }, timestamp: 2, version: 1 });
    await rec.wait('on_thing_shadow_get', 2);
    const shadow = lk.local_get_latest_shadow();
    expect(shadow).toBeInstanceOf(LinkKit.Shadow);
    expect(shadow.to_dict()).toEqual({ state: { reported: { color: 'red' } }, metadata: { reported: { color: { timestamp: 1 } } }, version: 1, timestamp: 2 });
    await lk.destruct();
  });

  test('setup check and state errors', async () => {
    const { lk, rec } = await connectDevice(p);
    expect(lk.thing_post_property({ a: 1 })).toEqual([1, null]);
    expect(lk.thing_trigger_event(['power_state', {}])).toEqual([1, null]);
    expect(lk.thing_answer_service('x', '1', 200)).toBe(1);
    expect(lk.thing_update_shadow({}, 1)).toEqual([1, null]);
    expect(lk.thing_delete_device_info([])).toBe(1);
    expect(() => lk.thing_update_device_info([])).toThrow(new StateError('not in SETUP & ENABLE state'));
    expect(() => lk.thing_setup()).toThrow(new StateError('not in INITIALIZED state'));
    expect(() => lk.config_mqtt()).toThrow(new StateError('not in INITIALIZED state'));
    expect(() => lk.config_device_info('x')).toThrow(new StateError('LinkKit object not in INITIALIZED'));
    expect(() => lk.connect_async()).toThrow(new StateError('not in INITIALIZED or DISCONNECTED state'));
    await lk.disconnect();
    await rec.wait('on_disconnect');
    expect(lk.thing_post_property({ a: 1 })).toEqual([-1, null]);
    expect(lk.thing_raw_post_data('x')).toBe(-1);
    expect(lk.thing_raw_data_reply('x')).toBe(-1);
    expect(lk.thing_answer_service('x', '1', 200)).toBe(-1);
    expect(lk.thing_update_device_info([])).toEqual([-1, null]);
    expect(lk.thing_get_shadow()).toEqual([-1, null]);
    expect(lk.publish_topic('/a')).toEqual([ErrorCode.NETWORK_DISCONNECTED.value, null]);
    await lk.destruct();
  });

  test('TSL validation: warn by default (still sent), strict mode throws and sends nothing', async () => {
    const warnings: string[] = [];
    const logger = { debug: () => undefined, info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined };
    const { lk } = await connectDevice(p, { tsl: TSL_PATH, ext: { tsl_logger: logger } });
    await delay(20);
    expect(lk.thing_post_property({ abs_speed: 0 })[0]).toBe(0);
    expect(warnings.join('\n')).toMatch(/property payload does not match the thing model: .*abs_speed.*>= 1/);
    expect(lk.thing_post_property({ abs_speed: { value: 5, time: 1524448722000 } })[0]).toBe(0);
    expect(warnings).toHaveLength(1);
    await lk.destruct();

    const strict = await connectDevice(p, { tsl: TSL_PATH, ext: { tsl_validation: 'strict' } });
    await delay(20);
    const since = p.seq();
    expect(() => strict.lk.thing_post_property({ unknown_prop: 1 })).toThrow(TslValidationError);
    expect(() => strict.lk.thing_trigger_event(['power_state', { power: 10, power_style: 9 }])).toThrow(/event "power_state" payload does not match the thing model/);
    expect((strict.lk.thing_trigger_event(['power_state', { power: 10, power_style: 2 }]) as [number, string])[0]).toBe(0);
    await delay(50);
    expect(p.uplinks(`${S}/event/property/post`).filter((e) => e.seq > since)).toEqual([]);
    await strict.lk.destruct();
  });

  test('request-id pool exhaustion (max_queued_message + 1 outstanding): the SDK\'s return shapes and "id": null', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH, mqtt: { max_queued_message: 1 } });
    await rec.wait('on_thing_enable');
    const since = p.seq();
    expect(lk.thing_post_property({ abs_speed: 1 })).toEqual([0, '1']);
    expect(lk.thing_post_property({ abs_speed: 2 })).toEqual([0, '2']);
    expect(lk.thing_post_property({ abs_speed: 3 })).toEqual([1, null]);
    expect(lk.thing_trigger_event(['power_state', { power: 1, power_style: 1 }])).toBe(1);
    expect(lk.thing_update_device_info([{ attrKey: 'k', attrValue: 'v' }])).toEqual([0, null]);
    const up = await p.waitUplink(`${S}/deviceinfo/update`, 3000, since);
    expect(up.payload).toBe('{"id": null, "version": "1.0", "params": [{"attrKey": "k", "attrValue": "v"}], "method": "thing.deviceinfo.update"}');
    // a reply releases its id
    await p.inject(`${S}/event/property/post_reply`, { code: 200, data: {}, id: '1', message: 'success' });
    await rec.wait('on_thing_prop_post');
    expect(lk.thing_post_property({ abs_speed: 4 })[0]).toBe(0);
  });

  test('thing_setup with a bad file returns 2 and stays not set up', () => {
    const lk = new LinkKit('cn-shanghai', PK, DN, 'x');
    expect(lk.thing_setup('/nonexistent/tsl.json')).toBe(2);
    expect(lk.thing_setup(TSL_PATH)).toBe(0);
    expect(json('{"a":1}')).toEqual({ a: 1 });
    void lk.destruct();
  });
});
