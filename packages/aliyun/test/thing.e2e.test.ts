import { ErrorCode, LinkKit, StateError, TslValidationError, ValueError } from '../src/index.js';
import { startPlatform, type Platform } from './helpers/platform.js';
import { connectDevice, destructAll, DN, DS, PK, TSL_DOC, TSL_PATH, json } from './helpers/device.js';
import { delay } from './helpers/recorder.js';

const S = `/sys/${PK}/${DN}/thing`;

describe('thing model end to end against the emulator aliyun plugin (tsl.json of the tsl_demo)', () => {
  let p: Platform;
  const D = `/control/aliyun/devices/${PK}/${DN}`;
  beforeAll(async () => {
    // the platform knows the TSL: it auto-subscribes its services and checks posted identifiers
    p = await startPlatform({ devices: [{ pk: PK, dn: DN, ds: DS, extra: { tsl: TSL_DOC } }] });
  });
  afterEach(destructAll);
  afterAll(async () => {
    await p.close();
  });

  test('thing_post_property: exact wire, QoS 1, the platform stores the values and its reply reaches the callback; request ids count up', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH, ext: { tsl_validation: 'off' } });
    await rec.wait('on_thing_enable');
    const since = p.seq();
    const [rc, rid] = lk.thing_post_property({ abs_speed: 11 });
    expect([rc, rid]).toEqual([0, '1']);
    const up = await p.waitUplink(`${S}/event/property/post`, 3000, since);
    expect(up.qos).toBe(1);
    expect(up.payload).toBe('{"id": "1", "version": "1.0", "params": {"abs_speed": 11}, "method": "thing.event.property.post"}');
    const [args] = await rec.wait('on_thing_prop_post');
    expect(args).toEqual(['1', 200, {}, 'success', 'ud']);
    expect((await p.control(`GET`, `${D}/properties`)).body).toEqual({ abs_speed: 11 });
    // an identifier the platform's TSL does not know: its error reply reaches the callback
    expect(lk.thing_post_property({ no_such_prop: 12 })).toEqual([0, '2']);
    expect((await rec.wait('on_thing_prop_post', 2))[1]).toEqual(['2', 6304, {}, 'tsl property not exist: no_such_prop', 'ud']);
    // the SDK's own publishes never reach on_publish_topic
    await delay(50);
    expect(rec.args('on_publish_topic')).toEqual([]);
    await lk.destruct();
  });

  test('property set from the console: automatic 200 reply on set_reply (QoS 1) returned to the caller, then on_thing_prop_changed', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH });
    const since = p.seq();
    const answer = await p.control<{ request: { id: string }; reply: unknown }>('POST', `${D}/property/set`, { params: { abs_speed: 99 } });
    expect(answer.status).toBe(200);
    const id = answer.body.request.id;
    expect(answer.body.reply).toEqual({ id, code: 200, data: {} });
    const [args] = await rec.wait('on_thing_prop_changed');
    expect(args).toEqual([{ abs_speed: 99 }, 'ud']);
    const reply = await p.waitUplink(`${S}/service/property/set_reply`, 3000, since);
    expect(reply.payload).toBe(`{"id": "${id}", "code": 200, "data": {}}`);
    expect(reply.qos).toBe(1);
    await lk.destruct();
  });

  test('property get from the console: linkkit 1.2.13 does not answer it, the request falls through to on_topic_message and the console times out', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH });
    const answer = await p.control<{ error: string }>('POST', `${D}/property/get`, { params: ['abs_speed'], timeoutMs: 300 });
    expect(answer.status).toBe(504);
    const [msg] = await rec.wait('on_topic_message');
    expect(msg![0]).toBe(`${S}/service/property/get`);
    expect(json((msg![1] as Buffer).toString())).toMatchObject({ version: '1.0', params: ['abs_speed'], method: 'thing.service.property.get' });
    expect(p.uplinks(`${S}/service/property/get_reply`)).toEqual([]);
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
    // an event of the local TSL the platform's model lacks: the platform's error reaches the callback
    await p.control('POST', '/control/aliyun/devices', { productKey: PK, deviceName: DN, deviceSecret: DS, tsl: { ...TSL_DOC, events: [] } });
    try {
      const [, rid2] = lk.thing_trigger_event(['power_state', { power: 10, power_style: 1 }]) as [number, string];
      expect((await rec.wait('on_thing_event_post', 2))[1]).toEqual(['power_state', rid2, 6304, {}, 'tsl event not exist: power_state', 'ud']);
    } finally {
      await p.control('POST', '/control/aliyun/devices', { productKey: PK, deviceName: DN, deviceSecret: DS, tsl: TSL_DOC });
    }
    expect(lk.thing_trigger_event('power_state' as unknown as [string, unknown])).toEqual([1, null]);
    expect(() => lk.thing_trigger_event(['a', 1, 2] as unknown as [string, unknown])).toThrow(new ValueError('too many values to unpack (expected 2)'));
    await lk.destruct();
  });

  test('async service: console call, on_thing_call_service, thing_answer_service on {id}_reply returned to the console', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH });
    const since = p.seq();
    const call = p.control<{ request: { id: string }; reply: unknown }>('POST', `${D}/service/attack`, { params: { count: 3 } });
    const [args] = await rec.wait('on_thing_call_service');
    const id = args![1] as string;
    expect(args).toEqual(['attack', id, { count: 3 }, 'ud']);
    expect(lk.thing_answer_service('attack', id, 200, { ok: 1 })).toBe(0);
    const up = await p.waitUplink(`${S}/service/attack_reply`, 3000, since);
    expect(up.payload).toBe(`{"id": "${id}", "code": 200, "data": {"ok": 1}}`);
    expect(up.qos).toBe(0);
    const answer = await call;
    expect(answer.status).toBe(200);
    expect(answer.body.request.id).toBe(id);
    expect(answer.body.reply).toEqual({ id, code: 200, data: { ok: 1 } });
    await lk.destruct();
  });

  test('sync (RRPC) service: the answer goes to the request topic and back to the console', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH });
    const call = p.control<{ messageId: string; topic: string; reply: unknown }>('POST', `${D}/service/test1`, { params: { x: 1 }, sync: true });
    const [args] = await rec.wait('on_thing_call_service');
    const id = args![1] as string;
    expect(args).toEqual(['test1', id, { x: 1 }, 'ud']);
    expect(lk.thing_answer_service('test1', id, 200)).toBe(0);
    const answer = await call;
    expect(answer.status).toBe(200);
    expect(answer.body.topic).toBe(`/ext/rrpc/${answer.body.messageId}/sys/${PK}/${DN}/thing/service/test1`);
    expect(answer.body.reply).toEqual({ id, code: 200, data: {} });
    // the answer is on the request topic (the platform consumes it: the trace shows it as not forwarded)
    const up = p.emu.trace.entries({ kind: 'denied', topic: answer.body.topic });
    expect(up.map((e) => e.payload)).toEqual([`{"id": "${id}", "code": 200, "data": {}}`]);
    await delay(30);
    // the request was consumed by on_thing_call_service
    expect(rec.args('on_topic_message')).toEqual([]);
    await lk.destruct();
  });

  test('raw data up/down and replies (no setup check)', async () => {
    const { lk, rec } = await connectDevice(p);
    const since = p.seq();
    expect(lk.thing_raw_post_data(Buffer.from([1, 2, 3]))).toBe(0);
    const up = await p.waitUplink(`${S}/model/up_raw`, 3000, since);
    expect(up.payload).toBe('\u0001\u0002\u0003');
    // the platform (no parser script) answers up_raw with the same bytes
    const [post] = await rec.wait('on_thing_raw_data_post');
    expect(post).toEqual([Buffer.from([1, 2, 3]), 'ud']);
    const down = p.control<{ replyHex: string }>('POST', `${D}/raw`, { payloadHex: 'aa00ff', wait: true });
    const [arrived] = await rec.wait('on_thing_raw_data_arrived');
    expect(arrived).toEqual([Buffer.from([0xaa, 0x00, 0xff]), 'ud']);
    expect(lk.thing_raw_data_reply(Buffer.from([0x6f, 0x6b]))).toBe(0);
    expect((await down).body.replyHex).toBe('6f6b');
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
    expect((await rec.wait('on_thing_device_info_update'))[0]).toEqual([rid, 200, {}, 'success', 'ud']);
    expect((await p.control('GET', `${D}/tags`)).body).toEqual({ floor: '2f', room: '201' });
    const [rc2, rid2] = lk.thing_remove_tags(['floor', 'room']) as [number, string];
    expect(rc2).toBe(0);
    const del = await p.waitUplink(`${S}/deviceinfo/delete`, 3000, since);
    expect(del.payload).toBe(`{"id": "${rid2}", "version": "1.0", "params": [{"attrKey": "floor"}, {"attrKey": "room"}], "method": "thing.deviceinfo.delete"}`);
    expect((await rec.wait('on_thing_device_info_delete'))[0]).toEqual([rid2, 200, {}, 'success', 'ud']);
    expect((await p.control('GET', `${D}/tags`)).body).toEqual({});
    expect(() => lk.thing_update_tags([] as unknown as Record<string, string>)).toThrow(new ValueError('tagMap must be a dictionary'));
    expect(() => lk.thing_remove_tags('floor' as unknown as string[])).toThrow(new ValueError('tagKeys must be a list or tuple'));
    await lk.destruct();
  });

  test('shadow: update/get wire (QoS 1, mid returned), version conflict, console desired push; every reply updates the local cache', async () => {
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
    expect(reply).toEqual([{ method: 'reply', payload: { status: 'success', version: 1 }, timestamp: expect.any(Number) }, 'ud']);

    // the same version again: the platform refuses it (409)
    expect(lk.thing_update_shadow({ color: 'blue' }, 1)[0]).toBe(0);
    const [, conflict] = await rec.wait('on_thing_shadow_get', 2);
    expect(conflict).toEqual([{ method: 'reply', payload: { status: 'error', content: { errorcode: '409', errormessage: 'version conflict' } }, timestamp: expect.any(Number) }, 'ud']);

    expect(lk.thing_get_shadow()[0]).toBe(0);
    expect((await p.waitTrace((e) => e.kind === 'publish' && e.topic === `/shadow/update/${PK}/${DN}` && e.payload === '{"method": "get"}', 3000, up.seq)).qos).toBe(1);
    const [, , got] = await rec.wait('on_thing_shadow_get', 3);
    const doc = (got![0] as { payload: { state: unknown; metadata: { reported: { color: { timestamp: number } } }; timestamp: number; version: number } }).payload;
    expect(doc.state).toEqual({ reported: { color: 'red' } });
    expect(doc.version).toBe(1);
    const shadow = lk.local_get_latest_shadow();
    expect(shadow).toBeInstanceOf(LinkKit.Shadow);
    expect(shadow.to_dict()).toEqual({ state: { reported: { color: 'red' } }, metadata: { reported: { color: { timestamp: doc.metadata.reported.color.timestamp } } }, version: 1, timestamp: doc.timestamp });

    // the console sets desired state: a stale version is refused, a newer one is pushed as method "control"
    expect((await p.control('PUT', `${D}/shadow/desired`, { desired: { color: 'green' }, version: 1 })).status).toBe(409);
    expect((await p.control('PUT', `${D}/shadow/desired`, { desired: { color: 'green' }, version: 2 })).status).toBe(200);
    const [, , , control] = await rec.wait('on_thing_shadow_get', 4);
    expect(control).toEqual([{ method: 'control', payload: { status: 'success', state: { reported: { color: 'red' }, desired: { color: 'green' } }, metadata: expect.any(Object) }, timestamp: expect.any(Number), version: 2 }, 'ud']);
    expect(lk.local_get_latest_shadow().get_version()).toBe(2);
    expect(lk.local_get_latest_shadow().get_state()).toEqual({ reported: { color: 'red' }, desired: { color: 'green' } });
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
    // the platform's reply releases its id
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
