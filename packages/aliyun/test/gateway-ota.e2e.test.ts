import { createHmac } from 'node:crypto';
import { mkdtempSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, LinkKit } from '../src/index.js';
import { startPlatform, type Platform } from './helpers/platform.js';
import { connectDevice, destructAll, DN, DS, PK, json } from './helpers/device.js';

const S = `/sys/${PK}/${DN}/thing`;

describe('gateway against the emulator aliyun plugin', () => {
  let p: Platform;
  const D = `/control/aliyun/devices/${PK}/${DN}`;
  beforeAll(async () => {
    p = await startPlatform({
      products: [{ pk: 'a1SubProduct', ps: 'SubProductSecret' }],
      devices: [{ pk: PK, dn: DN, ds: DS }, { pk: 'a1SubProduct', dn: 'sub01', ds: 'SubSecret987' }],
    });
  });
  afterEach(destructAll);
  afterAll(async () => {
    await p.close();
  });

  test('topo add / login / logout / delete / register / product register: wire, signatures and reply callbacks', async () => {
    const now = 1700000000123;
    const { lk, rec } = await connectDevice(p, { ext: { now: () => now, random: () => 0.5 } });
    const since = p.seq();

    const [rc, rid] = lk.gateway_add_subdev_topo([['a1SubProduct', 'sub01', 'SubSecret987']]);
    expect(rc).toBe(0);
    const add = await p.waitUplink(`${S}/topo/add`, 3000, since);
    expect(add.qos).toBe(1);
    expect(add.payload).toBe(
      `{"id": "${rid}", "version": "1.0", "params": [{"productKey": "a1SubProduct", "deviceName": "sub01", "clientId": "a1SubProduct.sub01", "timestamp": "1700000000123", "signmethod": "hmacSha256", "sign": "9f79640500d83828380c44b499a34c7edf1d7b60bcc0a9f5d39eef62a374f056"}]}`,
    );
    // the platform checks every signature and answers
    expect((await rec.wait('on_gateway_add_subdev_topo_reply'))[0]).toEqual([rid, 200, [{ productKey: 'a1SubProduct', deviceName: 'sub01' }], 'success', 'ud']);
    expect((await p.control('GET', `${D}/topo`)).body).toEqual({ subDevices: [{ productKey: 'a1SubProduct', deviceName: 'sub01', online: false }] });

    const [, lrid] = lk.gateway_login_subdev([['a1SubProduct', 'sub01', 'SubSecret987']]);
    const login = await p.waitUplink(`/ext/session/${PK}/${DN}/combine/batch_login`, 3000, since);
    expect(login.qos).toBe(0);
    expect(login.payload).toBe(
      `{"id": "${lrid}", "version": "1.0", "params": {"signMethod": "hmacSha256", "deviceList": [{"productKey": "a1SubProduct", "deviceName": "sub01", "clientId": "a1SubProduct.sub01|lan=Python,_v=2.2.1,_ss=1|", "timestamp": "1700000000123", "cleanSession": "false", "sign": "1100eaf085eb43ec345002e26d347eb1398a2764b6f6c0dc3717e3468b4904b5"}]}}`,
    );
    const sub01 = { productKey: 'a1SubProduct', deviceName: 'sub01' };
    expect((await rec.wait('on_gateway_login_subdev_reply'))[0]).toEqual([lrid, 200, { successList: [sub01], failList: [] }, 'success', 'ud']);
    expect((await p.control('GET', `${D}/topo`)).body).toEqual({ subDevices: [{ ...sub01, online: true }] });

    const [, orid] = lk.gateway_logout_subdev([['a1SubProduct', 'sub01']]);
    const logout = await p.waitUplink(`/ext/session/${PK}/${DN}/combine/batch_logout`, 3000, since);
    expect(logout.payload).toBe(`{"id": "${orid}", "version": "1.0", "params": [{"productKey": "a1SubProduct", "deviceName": "sub01"}]}`);
    expect((await rec.wait('on_gateway_logout_subdev_reply'))[0]).toEqual([orid, 200, { successList: [sub01], failList: [] }, 'success', 'ud']);
    expect((await p.control('GET', `${D}/topo`)).body).toEqual({ subDevices: [{ ...sub01, online: false }] });

    // the console notifies a topology change
    await p.control('POST', `${D}/topo/change`, { status: 2, subList: [sub01] });
    const [change] = await rec.wait('on_gateway_topo_change');
    expect(change).toEqual([expect.any(String), { status: 2, subList: [sub01] }, 'ud']);

    const [, drid] = lk.gateway_delete_subdev_topo([['a1SubProduct', 'sub01', 'extra ignored']]);
    const del = await p.waitUplink(`${S}/topo/delete`, 3000, since);
    expect([del.payload, del.qos]).toEqual([`{"id": "${drid}", "version": "1.0", "params": [{"productKey": "a1SubProduct", "deviceName": "sub01"}]}`, 1]);
    expect((await rec.wait('on_gateway_delete_subdev_topo_reply'))[0]).toEqual([drid, 200, [sub01], 'success', 'ud']);
    expect((await p.control('GET', `${D}/topo`)).body).toEqual({ subDevices: [] });

    // out of the topology: the platform refuses the login, the failure reaches the callback
    const [, frid] = lk.gateway_login_subdev([['a1SubProduct', 'sub01', 'SubSecret987']]);
    expect((await rec.wait('on_gateway_login_subdev_reply', 2))[1]).toEqual([frid, 6401, { successList: [], failList: [{ ...sub01, message: 'topo relation not exist' }] }, 'some sub-devices failed', 'ud']);

    const [, rrid] = lk.gateway_register_subdev([['a1SubProduct', 'sub02']]);
    const reg = await p.waitUplink(`${S}/sub/register`, 3000, since);
    expect(reg.payload).toBe(`{"id": "${rrid}", "version": "1.0", "params": [{"productKey": "a1SubProduct", "deviceName": "sub02"}]}`);
    const [registered] = await rec.wait('on_gateway_register_subdev_reply');
    const issued = (await p.control<{ deviceSecret: string }>('GET', '/control/aliyun/devices/a1SubProduct/sub02')).body.deviceSecret;
    expect(issued).toMatch(/^[0-9a-f]{32}$/);
    expect(registered).toEqual([rrid, 200, [{ productKey: 'a1SubProduct', deviceName: 'sub02', deviceSecret: issued }], 'success', 'ud']);

    const [, prid] = lk.gateway_product_register_subdev([['a1SubProduct', 'sub03', 'SubProductSecret']]);
    const preg = await p.waitUplink(`${S}/proxy/provisioning/product_register`, 3000, since);
    const body = json(preg.payload) as { params: { proxieds: Array<Record<string, string>> } };
    const entry = body.params.proxieds[0]!;
    expect(Object.keys(entry)).toEqual(['productKey', 'deviceName', 'random', 'signMethod', 'sign']);
    expect(entry['random']).toMatch(/^[0-9a-zA-Z]{15}$/);
    expect(entry['sign']).toBe(createHmac('sha256', 'SubProductSecret').update(`deviceNamesub03productKeya1SubProductrandom${entry['random']}`).digest('hex'));
    const [provisioned] = await rec.wait('on_gateway_product_register_subdev_reply');
    const issued3 = (await p.control<{ deviceSecret: string }>('GET', '/control/aliyun/devices/a1SubProduct/sub03')).body.deviceSecret;
    expect(provisioned).toEqual([prid, 200, { proxieds: [{ productKey: 'a1SubProduct', deviceName: 'sub03', deviceSecret: issued3 }] }, 'success', 'ud']);

    // untracked SDK publishes (login x2/logout/register/product register) reach on_publish_topic, tracked ones (topo add/delete) do not
    await rec.wait('on_publish_topic', 5);
    await new Promise((r) => setTimeout(r, 30));
    expect(rec.args('on_publish_topic')).toHaveLength(5);
  });

  test('after login a sub-device talks on its own /sys topics through the gateway connection (publish_topic / subscribe_topic), both ways; after logout its uplinks are dropped', async () => {
    const { lk, rec } = await connectDevice(p);
    const sub01 = { productKey: 'a1SubProduct', deviceName: 'sub01' };
    lk.gateway_add_subdev_topo([['a1SubProduct', 'sub01', 'SubSecret987']]);
    expect((await rec.wait('on_gateway_add_subdev_topo_reply'))[0]![1]).toBe(200);
    lk.gateway_login_subdev([['a1SubProduct', 'sub01', 'SubSecret987']]);
    expect((await rec.wait('on_gateway_login_subdev_reply'))[0]![1]).toBe(200);
    try {
      const subS = '/sys/a1SubProduct/sub01/thing';
      const [src] = lk.subscribe_topic([[`${subS}/event/property/post_reply`, 0], [`${subS}/service/property/set`, 1]]);
      expect(src).toBe(0);
      expect((await rec.wait('on_subscribe_topic'))[0]![1]).toEqual([0, 1]);
      // the sub-device's property post, answered by the platform on the sub-device's reply topic
      lk.publish_topic(`${subS}/event/property/post`, '{"id": "900", "version": "1.0", "params": {"temp": 5}, "method": "thing.event.property.post"}', 0);
      const [reply] = await rec.wait('on_topic_message');
      expect(reply![0]).toBe(`${subS}/event/property/post_reply`);
      expect(json((reply![1] as Buffer).toString())).toMatchObject({ code: 200, id: '900', message: 'success' });
      expect((await p.control('GET', '/control/aliyun/devices/a1SubProduct/sub01/properties')).body).toEqual({ temp: 5 });
      // the console sets a property of the sub-device: it arrives at the gateway, which answers for it
      const set = p.control<{ reply: unknown }>('POST', '/control/aliyun/devices/a1SubProduct/sub01/property/set', { params: { temp: 7 } });
      const [, req] = await rec.wait('on_topic_message', 2);
      expect(req![0]).toBe(`${subS}/service/property/set`);
      const { id } = json((req![1] as Buffer).toString()) as { id: string };
      lk.publish_topic(`${subS}/service/property/set_reply`, `{"id": "${id}", "code": 200, "data": {}}`, 0);
      expect((await set).body.reply).toEqual({ id, code: 200, data: {} });
      // the gateway's own set handler never saw the sub-device's request
      expect(rec.args('on_thing_prop_changed')).toEqual([]);
      // logged out, the sub-device is offline: the platform drops what the gateway still sends for it
      lk.gateway_logout_subdev([['a1SubProduct', 'sub01']]);
      await rec.wait('on_gateway_logout_subdev_reply');
      const before = p.seq();
      lk.publish_topic(`${subS}/event/property/post`, '{"id": "901", "version": "1.0", "params": {"temp": 6}, "method": "thing.event.property.post"}', 0);
      const dropped = await p.waitTrace((e) => e.kind === 'denied' && e.topic === `${subS}/event/property/post`, 3000, before);
      expect(dropped.payload).toContain('"901"');
      await new Promise((r) => setTimeout(r, 100));
      expect(rec.args('on_topic_message')).toHaveLength(2);
      expect((await p.control('GET', '/control/aliyun/devices/a1SubProduct/sub01/properties')).body).toEqual({ temp: 5 });
    } finally {
      lk.gateway_logout_subdev([['a1SubProduct', 'sub01']]);
      await rec.wait('on_gateway_logout_subdev_reply');
      lk.gateway_delete_subdev_topo([['a1SubProduct', 'sub01']]);
      expect((await rec.wait('on_gateway_delete_subdev_topo_reply'))[0]![2]).toEqual([sub01]);
    }
  });

  test('a wrong sub-device secret: the platform refuses the topo add (sign check) and the callback gets its code', async () => {
    const { lk, rec } = await connectDevice(p);
    const [, rid] = lk.gateway_add_subdev_topo([['a1SubProduct', 'sub01', 'not-the-secret']]);
    expect((await rec.wait('on_gateway_add_subdev_topo_reply'))[0]).toEqual([rid, 6402, {}, 'sign check failed: a1SubProduct/sub01', 'ud']);
    expect((await p.control('GET', `${D}/topo`)).body).toEqual({ subDevices: [] });
  });

  test('entry validation codes', async () => {
    const { lk } = await connectDevice(p);
    expect(lk.gateway_add_subdev_topo([null])).toEqual([ErrorCode.NULL_SUBDEV_ERR.value, null]);
    expect(lk.gateway_add_subdev_topo(['pk' as unknown as string[]])).toEqual([ErrorCode.SUBDEV_NOT_ARRAY_ERR.value, null]);
    expect(lk.gateway_login_subdev([['pk', 'dn']])).toEqual([ErrorCode.ARRAY_LENGTH_ERR.value, null]);
    expect(lk.gateway_logout_subdev([['pk']])).toEqual([ErrorCode.ARRAY_LENGTH_ERR.value, null]);
  });
});

describe('OTA against the emulator aliyun plugin (firmware hosted by the emulator)', () => {
  let p: Platform;
  let dir = '';
  const D = `/control/aliyun/devices/${PK}/${DN}`;
  const firmware = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7) % 251));
  let fw: { url: string; size: number; md5: string; sha256: string };
  beforeAll(async () => {
    p = await startPlatform({ devices: [{ pk: PK, dn: DN, ds: DS }] });
    dir = mkdtempSync(join(tmpdir(), 'aliyun-ota-'));
    const up = await p.control<typeof fw>('POST', `/control/aliyun/firmware?productKey=${PK}&version=2.0.0&module=MCU`, undefined, firmware);
    expect(up.status).toBe(201);
    fw = up.body;
  });
  afterEach(destructAll);
  afterAll(async () => {
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('report version and query: exact hand-formatted payloads; the platform records the version and answers the query', async () => {
    const { lk, rec } = await connectDevice(p);
    const since = p.seq();
    expect(lk.ota_report_version('MCU', '1.0.1')).toBe(ErrorCode.SUCCESS);
    expect((await p.waitUplink(`/ota/device/inform/${PK}/${DN}`, 3000, since)).payload).toBe('{"id": 1,"params": {"version":"1.0.1","module": "MCU"}}');
    expect(lk.ota_report_version(null, '')).toBe(ErrorCode.OTA_INVALID_PARAM);
    expect((await p.control<{ versions: unknown }>('GET', `${D}/ota`)).body.versions).toEqual({ MCU: '1.0.1' });
    expect(lk.query_ota_firmware()).toBe(0);
    expect((await p.waitUplink(`${S}/ota/firmware/get`, 3000, since)).payload).toMatch(/^\{"id": \d+, "params": \{\}\}$/);
    const [pulled] = await rec.wait('on_ota_message_arrived');
    expect(pulled).toEqual([2, '2.0.0', fw.size, fw.url, 'Md5', fw.md5, 'MCU', '']);
  });

  test('push from the console: callback arguments (extra is Python str of extData); invalid params stop silently', async () => {
    const { lk, rec } = await connectDevice(p);
    const push = await p.control<{ topic: string }>('POST', `${D}/ota/push`, { version: '2.0.0', module: 'MCU', signMethod: 'SHA256', extData: { key: 'v', ok: true } });
    expect(push.body.topic).toBe(`/ota/device/upgrade/${PK}/${DN}`);
    expect((await rec.wait('on_ota_message_arrived'))[0]).toEqual([1, '2.0.0', fw.size, fw.url, 'SHA256', fw.sha256, 'MCU', "{'key': 'v', 'ok': True}"]);
    // malformed pushes (as a misbehaving cloud would send them)
    const data = { size: fw.size, version: '2.0.0', url: fw.url, md5: fw.md5, sign: fw.md5, signMethod: 'Md5' };
    await p.inject(`/ota/device/upgrade/${PK}/${DN}`, { data: { ...data, url: '' } });
    await p.inject(`/ota/device/upgrade/${PK}/${DN}`, { data: 'not a dict' });
    const [fall] = await rec.wait('on_topic_message');
    expect(fall![0]).toBe(`/ota/device/upgrade/${PK}/${DN}`);
    expect(rec.args('on_topic_message')).toHaveLength(1);
    expect(rec.args('on_ota_message_arrived')).toHaveLength(1);
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTED);
  });

  test('download from the emulator: digest match with progress reports seen by the platform; tampered, truncated, bad URL, bad path, bad sign method', async () => {
    const { lk } = await connectDevice(p);
    const dest = join(dir, 'fw.bin');
    const since = p.seq();
    const progress: Array<number | undefined> = [];
    const ok = await lk.download_ota_firmware(fw.url, dest, 'SHA256', fw.sha256, 4096, { report_progress: true, module: 'MCU', on_progress: (pc) => progress.push(pc) });
    expect(ok).toBe(ErrorCode.SUCCESS);
    expect(readFileSync(dest).equals(firmware)).toBe(true);
    expect(progress.at(-1)).toBe(100);
    const progressTopic = `/ota/device/progress/${PK}/${DN}`;
    const last = await p.waitTrace((e) => e.kind === 'publish' && e.topic === progressTopic && (e.payload ?? '').includes('"100"'), 3000, since);
    expect((json(last.payload) as { params: unknown }).params).toEqual({ step: '100', desc: 'download verified', module: 'MCU' });
    const steps = p.uplinks(progressTopic).filter((e) => e.seq > since).map((e) => (json(e.payload) as { params: { step: string } }).params.step);
    expect(steps).toEqual(['10', '20', '30', '40', '50', '60', '70', '80', '90', '100']);
    const recorded = (await p.control<{ progress: Array<{ step: string; module: string }> }>('GET', `${D}/ota`)).body.progress;
    expect(recorded.map((r) => [r.step, r.module])).toEqual(steps.map((st) => [st, 'MCU']));
    expect(await lk.download_ota_firmware(fw.url, dest, 'Md5', fw.md5)).toBe(ErrorCode.SUCCESS);

    // tampered: the hosted bytes change after the push announced the digest
    const name = decodeURIComponent(new URL(fw.url).pathname.replace(/^\/files\//, ''));
    const tamperedBytes = Buffer.from(firmware);
    tamperedBytes[1000] = tamperedBytes[1000]! ^ 0xff;
    p.emu.files.put(name, tamperedBytes);
    const tampered = join(dir, 'tampered.bin');
    try {
      expect(await lk.download_ota_firmware(fw.url, tampered, 'SHA256', fw.sha256, 10240, { report_progress: true })).toBe(ErrorCode.OTA_DIGEST_MISMATCH);
      expect(await lk.download_ota_firmware(fw.url, tampered, 'Md5', fw.md5)).toBe(ErrorCode.OTA_DIGEST_MISMATCH);
    } finally {
      p.emu.files.put(name, firmware);
    }
    expect(existsSync(tampered)).toBe(false);
    const failed = await p.waitTrace((e) => e.kind === 'publish' && e.topic === progressTopic && (e.payload ?? '').includes('"-3"'), 3000, last.seq);
    expect(json(failed.payload)).toEqual({ id: expect.any(String), params: { step: '-3', desc: 'verification failed' } });

    // truncated: the emulator's file server cuts the connection after 1000 body bytes
    expect((await p.control('POST', '/control/faults', { cutDownloadAfterBytes: 1000 })).status).toBe(200);
    const truncated = join(dir, 'truncated.bin');
    try {
      expect(await lk.download_ota_firmware(fw.url, truncated, 'SHA256', fw.sha256)).toBe(ErrorCode.OTA_DOWNLOAD_FAIL);
    } finally {
      await p.control('DELETE', '/control/faults');
    }
    expect(existsSync(truncated)).toBe(false);

    expect(await lk.download_ota_firmware(`${p.emu.httpUrl}/files/aliyun/missing.bin`, dest, 'SHA256', 'x')).toBe(ErrorCode.OTA_INVALID_URL);
    expect(await lk.download_ota_firmware(fw.url, join(dir, 'no', 'such', 'dir', 'f'), 'SHA256', 'x')).toBe(ErrorCode.OTA_INVALID_PATH);
    expect(await lk.download_ota_firmware(fw.url, dest, 'CRC32', 'x')).toBe(ErrorCode.OTA_INVALID_SIGN_METHOD);
    expect(await lk.download_ota_firmware('', dest, 'SHA256', 'x')).toBe(ErrorCode.OTA_INVALID_PARAM);
    // the good file is still there after the failures
    expect(readFileSync(dest).equals(firmware)).toBe(true);
    // a single report (extension): flash failed
    const before = p.seq();
    expect(lk.ota_report_progress(-4, 'flash failed', 'MCU')[0]).toBe(0);
    expect(json((await p.waitUplink(progressTopic, 3000, before)).payload)).toEqual({ id: expect.any(String), params: { step: '-4', desc: 'flash failed', module: 'MCU' } });
    const all = (await p.control<{ progress: Array<{ step: string; desc: string }> }>('GET', `${D}/ota`)).body.progress;
    expect(all.at(-1)).toMatchObject({ step: '-4', desc: 'flash failed' });
  });
});
