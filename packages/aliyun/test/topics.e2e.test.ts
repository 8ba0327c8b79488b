import { ErrorCode, LinkKit, ValueError } from '../src/index.js';
import { startStubPlatform, type StubPlatform } from './helpers/stub-platform.js';
import { connectDevice, destructAll, DN, PK } from './helpers/device.js';
import { delay } from './helpers/recorder.js';

describe('custom topics and RRPC', () => {
  let p: StubPlatform;
  beforeAll(async () => {
    p = await startStubPlatform({ devices: [{ pk: PK, dn: DN, ds: 'ds-0123456789' }] });
  });
  afterEach(destructAll);
  afterAll(async () => {
    await p.close();
  });

  test('subscribe / message / publish / unsubscribe with their callbacks (vendor guide flow)', async () => {
    const { lk, rec } = await connectDevice(p);
    const topic = lk.to_full_topic('user/test');
    expect(topic).toBe(`/${PK}/${DN}/user/test`);
    expect(LinkKit.to_user_topic(topic)).toBe('user/test');
    const [rc, mid] = lk.subscribe_topic(topic);
    expect(rc).toBe(0);
    const [sub] = await rec.wait('on_subscribe_topic');
    expect(sub).toEqual([mid, [1], 'ud']);
    expect(lk.dump_user_topics()).toEqual({ [topic]: 1 });
    expect(lk.subscribe_topic(topic, 0)).toEqual([1, null]);
    expect(p.emu.trace.entries({ kind: 'subscribe', topic }).at(-1)?.qos).toBe(1);

    await p.inject(topic, 'hello', 1);
    const [msg] = await rec.wait('on_topic_message');
    expect(msg).toEqual([topic, Buffer.from('hello'), 1, 'ud']);

    const since = p.seq();
    const [prc, pmid] = lk.publish_topic(lk.to_full_topic('user/pub'), '123');
    expect(prc).toBe(0);
    const up = await p.waitUplink(`/${PK}/${DN}/user/pub`, 3000, since);
    expect([up.payload, up.qos]).toEqual(['123', 1]);
    const [pub] = await rec.wait('on_publish_topic');
    expect(pub).toEqual([pmid, 'ud']);
    const [, qos0mid] = lk.publish_topic(lk.to_full_topic('user/pub'), null, 0);
    await rec.wait('on_publish_topic', 2);
    expect(rec.args('on_publish_topic')[1]).toEqual([qos0mid, 'ud']);

    const [urc, umid] = lk.unsubscribe_topic(topic);
    expect(urc).toBe(0);
    expect((await rec.wait('on_unsubscribe_topic'))[0]).toEqual([umid, 'ud']);
    expect(lk.dump_user_topics()).toEqual({});
    expect(lk.unsubscribe_topic(topic)).toEqual([1, null]);
    expect(lk.unsubscribe_topic([topic])).toEqual([2, null]);
  });

  test('callbacks never run inside the API call and arrive in network order', async () => {
    const { lk, rec } = await connectDevice(p);
    const topic = lk.to_full_topic('user/order');
    lk.subscribe_topic(topic, 1);
    await rec.wait('on_subscribe_topic');
    let inside = false;
    lk.on_publish_topic = () => {
      if (inside) throw new Error('re-entrant callback');
      rec.fn('on_publish_topic')();
    };
    inside = true;
    for (let i = 0; i < 20; i++) lk.publish_topic(lk.to_full_topic('user/x'), String(i), 0);
    inside = false;
    for (let i = 0; i < 50; i++) await p.inject(topic, String(i), 1);
    const msgs = await rec.wait('on_topic_message', 50);
    expect(msgs.map((a) => (a[1] as Buffer).toString())).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    await rec.wait('on_publish_topic', 20);
  });

  test('list subscriptions, pair form, argument errors in the SDK order', async () => {
    const { lk, rec } = await connectDevice(p);
    const a = lk.to_full_topic('user/a');
    const b = lk.to_full_topic('user/b');
    const [rc, mid] = lk.subscribe_topic([[a, 0], [b, 1]]);
    expect(rc).toBe(0);
    const [sub] = await rec.wait('on_subscribe_topic');
    expect(sub![0]).toBe(mid);
    expect(sub![1]).toEqual([0, 1]);
    expect(lk.dump_user_topics()).toEqual({ [a]: 0, [b]: 1 });
    const c = lk.to_full_topic('user/c');
    expect(lk.subscribe_topic([c, 0])[0]).toBe(0);
    await rec.wait('on_subscribe_topic', 2);
    expect(lk.dump_user_topics()[c]).toBe(0);

    expect(lk.publish_topic('', 'x')).toEqual([ErrorCode.INVALID_TOPIC.value, null]);
    expect(lk.publish_topic(a, 'x', 2)).toEqual([ErrorCode.INVALID_QOS.value, null]);
    expect(() => lk.publish_topic('/' + 'x'.repeat(128), 'x')).toThrow(new ValueError('topic string length too long,need decrease -1 bytes'));
    expect(lk.subscribe_topic('', 5)).toEqual([ErrorCode.INVALID_QOS.value, null]);
    expect(lk.subscribe_topic('', 0)).toEqual([ErrorCode.INVALID_TOPIC.value, null]);
    expect(lk.subscribe_topic([[a, 3]])).toEqual([ErrorCode.INVALID_QOS.value, null]);
    expect(lk.subscribe_topic(5 as unknown as string)).toEqual([ErrorCode.INVALID_TOPIC.value, null]);
    expect(lk.unsubscribe_topic('')).toEqual([ErrorCode.INVALID_TOPIC.value, null]);
    const [u, umid] = lk.unsubscribe_topic([a, b, '/not/subscribed']);
    expect(u).toBe(0);
    expect((await rec.wait('on_unsubscribe_topic'))[0]).toEqual([umid, 'ud']);
    expect(lk.dump_user_topics()).toEqual({ [c]: 0 });
  });

  test('user RRPC: subscribe filter, request, answer to the same topic; also falls through to on_topic_message (Q5)', async () => {
    const { lk, rec } = await connectDevice(p);
    const [rc] = lk.subscribe_rrpc_topic('user/get');
    expect(rc).toBe(0);
    expect(lk.subscribe_rrpc_topic(' /user/get ')).toEqual([1, null]);
    const sub = await p.emu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === '/ext/rrpc/+/user/get', 3000);
    expect(sub.qos).toBe(0);
    await delay(30);
    expect(rec.args('on_subscribe_topic')).toEqual([]);
    const topic = '/ext/rrpc/9876/user/get';
    await p.inject(topic, 'ping');
    const [req] = await rec.wait('on_topic_rrpc_message');
    expect(req).toEqual(['9876', topic, Buffer.from('ping'), 0, 'ud']);
    const [fallthrough] = await rec.wait('on_topic_message');
    expect(fallthrough).toEqual([topic, Buffer.from('ping'), 0, 'ud']);
    const since = p.seq();
    const [arc, amid] = lk.thing_answer_rrpc('9876', 'pong');
    expect(arc).toBe(0);
    expect(typeof amid).toBe('number');
    const up = await p.waitUplink(topic, 3000, since);
    expect([up.payload, up.qos]).toEqual(['pong', 0]);
    expect(lk.thing_answer_rrpc('9876', 'again')).toEqual([1, null]);
    expect(lk.unsubscribe_rrpc_topic('user/get')[0]).toBe(0);
    expect(lk.unsubscribe_rrpc_topic('user/get')).toEqual([1, null]);
    expect(lk.unsubscribe_rrpc_topic(['user/x'])).toEqual([2, null]);
    await delay(30);
    expect(rec.args('on_unsubscribe_topic')).toEqual([]);
  });

  test('subscriptions are not restored after a reconnect, and the granted map is cleared', async () => {
    const { lk, rec } = await connectDevice(p, { ext: { second_ms: 5, random: () => 0 } });
    lk.subscribe_topic(lk.to_full_topic('user/x'), 0);
    await rec.wait('on_subscribe_topic');
    const clientId = p.connects().at(-1)!.clientId;
    const before = p.emu.trace.entries({ kind: 'subscribe' }).length;
    p.ctx().disconnectClient(clientId);
    await rec.wait('on_connect', 2);
    expect(lk.dump_user_topics()).toEqual({});
    await delay(50);
    const resubs = p.emu.trace.entries({ kind: 'subscribe' }).slice(before).filter((e) => e.topic === lk.to_full_topic('user/x'));
    expect(resubs).toEqual([]);
  });

  test('force_reconnect: on_disconnect(1) then a new connection', async () => {
    const { lk, rec } = await connectDevice(p, { ext: { second_ms: 5, random: () => 0 } });
    lk.force_reconnect();
    const [d] = await rec.wait('on_disconnect');
    expect(d).toEqual([1, 'ud']);
    await rec.wait('on_connect', 2);
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTED);
  });
});
