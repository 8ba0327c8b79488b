import { ErrorCode, LinkKit, ValueError } from '../src/index.js';
import { startPlatform, type Platform } from './helpers/platform.js';
import { connectDevice, destructAll, DN, DS, PK } from './helpers/device.js';
import { delay } from './helpers/recorder.js';

describe('custom topics and RRPC against the emulator aliyun plugin', () => {
  let p: Platform;
  const D = `/control/aliyun/devices/${PK}/${DN}`;
  beforeAll(async () => {
    p = await startPlatform({ devices: [{ pk: PK, dn: DN, ds: DS }] });
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

    // the console publishes on the device's custom topic
    expect((await p.control('POST', `${D}/custom`, { topic: 'user/test', payload: 'hello', qos: 1 })).body).toEqual({ topic });
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

  test('custom-topic route of the platform: an uplink on one topic reaches the device on another', async () => {
    const { lk, rec } = await connectDevice(p);
    const get = lk.to_full_topic('user/get');
    lk.subscribe_topic(get, 0);
    await rec.wait('on_subscribe_topic');
    expect((await p.control('POST', '/control/aliyun/routes', { from: lk.to_full_topic('user/update'), to: get })).status).toBe(201);
    try {
      expect(lk.publish_topic(lk.to_full_topic('user/update'), '{"temp": 21}', 0)[0]).toBe(0);
      const [msg] = await rec.wait('on_topic_message');
      expect(msg).toEqual([get, Buffer.from('{"temp": 21}'), 0, 'ud']);
    } finally {
      await p.control('DELETE', '/control/aliyun/routes');
    }
  });

  test('user RRPC: subscribe filter, console request, answer to the same topic returned to the console; also falls through to on_topic_message (Q5)', async () => {
    const { lk, rec } = await connectDevice(p);
    const [rc] = lk.subscribe_rrpc_topic(`${PK}/${DN}/user/get`);
    expect(rc).toBe(0);
    expect(lk.subscribe_rrpc_topic(` /${PK}/${DN}/user/get `)).toEqual([1, null]);
    const filter = `/ext/rrpc/+/${PK}/${DN}/user/get`;
    const sub = await p.waitTrace((e) => e.kind === 'subscribe' && e.topic === filter, 3000);
    expect(sub.qos).toBe(0);
    await delay(30);
    expect(rec.args('on_subscribe_topic')).toEqual([]);
    const call = p.control<{ messageId: string; topic: string; payload: string }>('POST', `${D}/rrpc`, { topic: 'user/get', payload: 'ping' });
    const [req] = await rec.wait('on_topic_rrpc_message');
    const rrpcId = req![0] as string;
    const topic = `/ext/rrpc/${rrpcId}/${PK}/${DN}/user/get`;
    expect(req).toEqual([rrpcId, topic, Buffer.from('ping'), 0, 'ud']);
    const [fallthrough] = await rec.wait('on_topic_message');
    expect(fallthrough).toEqual([topic, Buffer.from('ping'), 0, 'ud']);
    const since = p.seq();
    const [arc, amid] = lk.thing_answer_rrpc(rrpcId, 'pong');
    expect(arc).toBe(0);
    expect(typeof amid).toBe('number');
    const answer = await call;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ messageId: rrpcId, topic, payload: 'pong' });
    // on the wire: QoS 0 on the request topic, consumed by the platform (never echoed back to the device)
    const up = await p.waitTrace((e) => e.kind === 'denied' && e.topic === topic, 3000, since);
    expect([up.payload, up.qos]).toEqual(['pong', 0]);
    expect(lk.thing_answer_rrpc(rrpcId, 'again')).toEqual([1, null]);
    expect(lk.unsubscribe_rrpc_topic(`${PK}/${DN}/user/get`)[0]).toBe(0);
    expect(lk.unsubscribe_rrpc_topic(`${PK}/${DN}/user/get`)).toEqual([1, null]);
    expect(lk.unsubscribe_rrpc_topic(['user/x'])).toEqual([2, null]);
    await p.waitTrace((e) => e.kind === 'unsubscribe' && e.topic === filter, 3000, since);
    await delay(30);
    expect(rec.args('on_unsubscribe_topic')).toEqual([]);
    expect(rec.args('on_topic_rrpc_message')).toHaveLength(1);
  });

  test('system RRPC (/sys/{pk}/{dn}/rrpc/request/{id}) reaches on_topic_message; the answer on rrpc/response goes back to the console', async () => {
    const { lk, rec } = await connectDevice(p);
    const call = p.control<{ messageId: string; payload: string }>('POST', `${D}/rrpc`, { payload: 'status?' });
    const [msg] = await rec.wait('on_topic_message');
    const topic = msg![0] as string;
    expect(topic).toMatch(new RegExp(`^/sys/${PK}/${DN}/rrpc/request/\\d+$`));
    expect(msg![1]).toEqual(Buffer.from('status?'));
    const id = topic.split('/').at(-1)!;
    expect(lk.publish_topic(`/sys/${PK}/${DN}/rrpc/response/${id}`, 'ok', 0)[0]).toBe(0);
    expect((await call).body).toMatchObject({ messageId: id, payload: 'ok' });
  });

  test('subscriptions are not restored after a reconnect, and the granted map is cleared', async () => {
    const { lk, rec } = await connectDevice(p, { ext: { second_ms: 5, random: () => 0 } });
    lk.subscribe_topic(lk.to_full_topic('user/x'), 0);
    await rec.wait('on_subscribe_topic');
    const clientId = p.connects().at(-1)!.clientId;
    const before = p.emu.trace.entries({ kind: 'subscribe' }).length;
    p.emu.disconnectClient(clientId);
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
