import { LinkKit } from '../src/index.js';
import { DeviceRegistry, startPlatform, type Platform } from './helpers/platform.js';
import { connectDevice, destructAll, DN, DS, PK, TSL_DOC, TSL_PATH } from './helpers/device.js';
import { Recorder, delay } from './helpers/recorder.js';

/** Seeded PRNG (mulberry32) so a failing fuzz run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('malformed downlinks never throw into user code (emulator aliyun plugin)', () => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform({ devices: [{ pk: PK, dn: DN, ds: DS, extra: { tsl: TSL_DOC } }] });
  });
  afterEach(destructAll);
  afterAll(async () => {
    await p.close();
  });

  test('bounded fuzz over every handled topic: random bytes, JSON of wrong shapes, missing keys', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH });
    await rec.wait('on_thing_enable');
    const S = `/sys/${PK}/${DN}/thing`;
    const topics = [
      `${S}/service/property/set`, `${S}/deviceinfo/update_reply`, `${S}/event/property/post_reply`, `${S}/service/property/get`,
      `${S}/event/power_state/post_reply`, `${S}/service/attack`, `${S}/model/down_raw`, `${S}/model/up_raw_reply`,
      `${S}/deviceinfo/delete_reply`, `/shadow/get/${PK}/${DN}`, `/ext/rrpc/1/sys/${PK}/${DN}/thing/service/test1`,
      `${S}/topo/change`, `${S}/topo/add_reply`, `${S}/topo/delete_reply`, `/ext/session/${PK}/${DN}/combine/batch_login_reply`,
      `/ext/session/${PK}/${DN}/combine/batch_logout_reply`, `${S}/sub/register_reply`, `${S}/proxy/provisioning/product_register_reply`,
      `${S}/ota/firmware/get_reply`, `/ota/device/upgrade/${PK}/${DN}`,
    ];
    const shapes: unknown[] = [
      null, 1, 'str', [], [1, 2], {}, { id: 1 }, { id: null, params: null }, { id: '1', code: 'x', data: null, message: 5 },
      { data: [] }, { data: { url: 'u', version: 'v', size: 1, signMethod: 'Md5', sign: 's', extData: [1, { a: null }] } },
      { payload: 'x', version: 1 }, { payload: { status: 'success', state: 5 } }, { id: {}, params: {} },
    ];
    const rnd = prng(20261123);
    let sent = 0;
    for (let i = 0; i < 400; i++) {
      const topic = topics[Math.floor(rnd() * topics.length)]!;
      let payload: Buffer;
      const kind = rnd();
      if (kind < 0.3) payload = Buffer.from(Array.from({ length: Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256)));
      else if (kind < 0.5) payload = Buffer.from(JSON.stringify(shapes[Math.floor(rnd() * shapes.length)]).slice(0, Math.floor(rnd() * 30)));
      else payload = Buffer.from(JSON.stringify(shapes[Math.floor(rnd() * shapes.length)]));
      await p.inject(topic, payload);
      sent++;
    }
    await p.inject(`/${PK}/${DN}/user/after-fuzz`, 'still alive');
    await delay(200);
    expect(sent).toBe(400);
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTED);
    // the device still works after the fuzz
    expect(lk.thing_post_property({ abs_speed: 3 })[0]).toBe(0);
    expect(lk.publish_topic(lk.to_full_topic('user/x'), 'ok')[0]).toBe(0);
    expect(rec.calls.every((c) => Array.isArray(c.args))).toBe(true);
    // callbacks linkkit.py 1.2.13 never calls stay silent even under fuzz
    expect(rec.args('on_thing_create')).toEqual([]);
    expect(rec.args('on_file_upload_begin')).toEqual([]);
    expect(rec.args('on_file_upload_end')).toEqual([]);
  });

  test('dispatch semantics of malformed replies follow linkkit.py (Q10): dropped, fallback or consumed', async () => {
    const { rec } = await connectDevice(p, { tsl: TSL_PATH });
    await rec.wait('on_thing_enable');
    const S = `/sys/${PK}/${DN}/thing`;
    const since = p.seq();
    // parsed outside the try block: a missing key drops the message (no callback, no fallback)
    await p.inject(`${S}/event/property/post_reply`, { code: 200, data: {}, id: '1' });
    // property set without "id": the reply fails inside the try block, so the message falls through
    await p.inject(`${S}/service/property/set`, { params: { abs_speed: 1 } });
    // OTA with invalid download params: stops without fallback
    await p.inject(`/ota/device/upgrade/${PK}/${DN}`, { data: { url: '' } });
    // a marker (property/get always falls through) to know everything before it was handled
    await p.inject(`${S}/service/property/get`, 'm');
    await rec.wait('on_topic_message', 2);
    expect(rec.args('on_topic_message').map((a) => a[0])).toEqual([`${S}/service/property/set`, `${S}/service/property/get`]);
    expect(rec.args('on_thing_prop_post')).toEqual([]);
    expect(rec.args('on_thing_prop_changed')).toEqual([]);
    expect(rec.args('on_ota_message_arrived')).toEqual([]);
    expect(p.uplinks(`${S}/service/property/set_reply`).filter((e) => e.seq > since)).toEqual([]);
  });

  test('a throwing user callback is contained and later callbacks still arrive', async () => {
    const { lk, rec } = await connectDevice(p, { tsl: TSL_PATH });
    lk.on_thing_prop_changed = () => {
      throw new Error('user bug');
    };
    const D = `/control/aliyun/devices/${PK}/${DN}`;
    // the console's property set is still answered (the reply goes out before the callback runs)
    const set = await p.control<{ reply: { code: number } }>('POST', `${D}/property/set`, { params: { abs_speed: 1 } });
    expect(set.body.reply.code).toBe(200);
    await p.control('POST', `${D}/raw`, { payload: 'after' });
    const [args] = await rec.wait('on_thing_raw_data_arrived');
    expect(args![0]).toEqual(Buffer.from('after'));
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTED);
  });
});

describe('reconnect after a broker restart', () => {
  test('the device reconnects by itself to the restarted emulator with a freshly signed password (new timestamp, accepted by the plugin)', async () => {
    const registry = new DeviceRegistry();
    let p = await startPlatform({ registry, devices: [{ pk: PK, dn: DN, ds: DS }] });
    const port = p.mqttPort;
    let now = 1_700_000_000_000;
    const rec = new Recorder();
    const lk = new LinkKit<string>('127.0.0.1', PK, DN, DS, { user_data: 'ud', extensions: { second_ms: 10, random: () => 0, now: () => now } });
    lk.config_mqtt({ port, secure: '' });
    lk.on_connect = rec.fn('on_connect');
    lk.on_disconnect = rec.fn('on_disconnect');
    try {
      lk.connect_async();
      await rec.wait('on_connect');
      const first = p.connects().at(-1)!;
      expect(first.clientId).toContain('timestamp=1700000000|');
      expect(p.connacks().at(-1)?.returnCode).toBe(0);
      now += 61_000;
      await p.close();
      expect((await rec.wait('on_disconnect'))[0]).toEqual([7, 'ud']);
      // a new emulator process on the same port with the same registry
      p = await startPlatform({ registry, mqttPort: port });
      await rec.wait('on_connect', 2, 8000);
      const ok = rec.args('on_connect').filter((a) => a[1] === 0);
      expect(ok.length).toBeGreaterThanOrEqual(2);
      const connect = await p.waitTrace((e) => e.kind === 'connack' && e.returnCode === 0, 3000);
      const last = p.connects().find((c) => c.clientId === connect.clientId)!;
      // the plugin checks HMAC-SHA1(ds, clientId..deviceName..productKey..timestamp) against the new client id's
      // timestamp: CONNACK 0 means the password was signed afresh
      expect(last.clientId).toContain('timestamp=1700000061|');
      expect(last.passwordPresent).toBe(true);
      expect(p.connacks().filter((c) => c.returnCode !== 0)).toEqual([]);
      expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTED);
    } finally {
      await lk.destruct();
      await p.close();
    }
  });
});
