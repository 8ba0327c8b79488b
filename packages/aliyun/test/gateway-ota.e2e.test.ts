import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, LinkKit } from '../src/index.js';
import { startStubPlatform, type StubPlatform } from './helpers/stub-platform.js';
import { connectDevice, destructAll, DN, PK, json } from './helpers/device.js';

const S = `/sys/${PK}/${DN}/thing`;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('gateway', () => {
  let p: StubPlatform;
  beforeAll(async () => {
    p = await startStubPlatform({ devices: [{ pk: PK, dn: DN, ds: 'ds-0123456789' }] });
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
    await p.inject(`${S}/topo/add_reply`, { code: 200, data: [{ productKey: 'a1SubProduct', deviceName: 'sub01' }], id: rid, message: 'success' });
    expect((await rec.wait('on_gateway_add_subdev_topo_reply'))[0]).toEqual([rid, 200, [{ productKey: 'a1SubProduct', deviceName: 'sub01' }], 'success', 'ud']);

    const [, lrid] = lk.gateway_login_subdev([['a1SubProduct', 'sub01', 'SubSecret987']]);
    const login = await p.waitUplink(`/ext/session/${PK}/${DN}/combine/batch_login`, 3000, since);
    expect(login.qos).toBe(0);
    expect(login.payload).toBe(
      `{"id": "${lrid}", "version": "1.0", "params": {"signMethod": "hmacSha256", "deviceList": [{"productKey": "a1SubProduct", "deviceName": "sub01", "clientId": "a1SubProduct.sub01|lan=Python,_v=2.2.1,_ss=1|", "timestamp": "1700000000123", "cleanSession": "false", "sign": "1100eaf085eb43ec345002e26d347eb1398a2764b6f6c0dc3717e3468b4904b5"}]}}`,
    );
    await p.inject(`/ext/session/${PK}/${DN}/combine/batch_login_reply`, { code: 200, data: {}, id: lrid, message: 'success' });
    expect((await rec.wait('on_gateway_login_subdev_reply'))[0]).toEqual([lrid, 200, {}, 'success', 'ud']);

    const [, orid] = lk.gateway_logout_subdev([['a1SubProduct', 'sub01']]);
    const logout = await p.waitUplink(`/ext/session/${PK}/${DN}/combine/batch_logout`, 3000, since);
    expect(logout.payload).toBe(`{"id": "${orid}", "version": "1.0", "params": [{"productKey": "a1SubProduct", "deviceName": "sub01"}]}`);
    await p.inject(`/ext/session/${PK}/${DN}/combine/batch_logout_reply`, { code: 200, data: {}, id: orid, message: 'success' });
    await rec.wait('on_gateway_logout_subdev_reply');

    const [, drid] = lk.gateway_delete_subdev_topo([['a1SubProduct', 'sub01', 'extra ignored']]);
    const del = await p.waitUplink(`${S}/topo/delete`, 3000, since);
    expect([del.payload, del.qos]).toEqual([`{"id": "${drid}", "version": "1.0", "params": [{"productKey": "a1SubProduct", "deviceName": "sub01"}]}`, 1]);
    await p.inject(`${S}/topo/delete_reply`, { code: 200, data: {}, id: drid, message: 'success' });
    await rec.wait('on_gateway_delete_subdev_topo_reply');

    const [, rrid] = lk.gateway_register_subdev([['a1SubProduct', 'sub02']]);
    const reg = await p.waitUplink(`${S}/sub/register`, 3000, since);
    expect(reg.payload).toBe(`{"id": "${rrid}", "version": "1.0", "params": [{"productKey": "a1SubProduct", "deviceName": "sub02"}]}`);
    await p.inject(`${S}/sub/register_reply`, { code: 200, data: [{ deviceSecret: 'x' }], id: rrid, message: 'success' });
    expect((await rec.wait('on_gateway_register_subdev_reply'))[0]).toEqual([rrid, 200, [{ deviceSecret: 'x' }], 'success', 'ud']);

    const [, prid] = lk.gateway_product_register_subdev([['a1SubProduct', 'sub03', 'SubProductSecret']]);
    const preg = await p.waitUplink(`${S}/proxy/provisioning/product_register`, 3000, since);
    const body = json(preg.payload) as { params: { proxieds: Array<Record<string, string>> } };
    const entry = body.params.proxieds[0]!;
    expect(Object.keys(entry)).toEqual(['productKey', 'deviceName', 'random', 'signMethod', 'sign']);
    expect(entry['random']).toMatch(/^[0-9a-zA-Z]{15}$/);
    expect(entry['sign']).toBe(createHmac('sha256', 'SubProductSecret').update(`deviceNamesub03productKeya1SubProductrandom${entry['random']}`).digest('hex'));
    await p.inject(`${S}/proxy/provisioning/product_register_reply`, { code: 200, data: {}, id: prid, message: 'success' });
    await rec.wait('on_gateway_product_register_subdev_reply');

    await p.inject(`${S}/topo/change`, { id: '5', version: '1.0', params: { status: 0, subList: [{ productKey: 'a1SubProduct', deviceName: 'sub01' }] }, method: 'thing.topo.change' });
    expect((await rec.wait('on_gateway_topo_change'))[0]).toEqual(['5', { status: 0, subList: [{ productKey: 'a1SubProduct', deviceName: 'sub01' }] }, 'ud']);
    // untracked SDK publishes (login/logout/register) reach on_publish_topic, tracked ones (topo add/delete) do not
    await rec.wait('on_publish_topic', 4);
    expect(rec.args('on_publish_topic')).toHaveLength(4);
  });

  test('entry validation codes', async () => {
    const { lk } = await connectDevice(p);
    expect(lk.gateway_add_subdev_topo([null])).toEqual([ErrorCode.NULL_SUBDEV_ERR.value, null]);
    expect(lk.gateway_add_subdev_topo(['pk' as unknown as string[]])).toEqual([ErrorCode.SUBDEV_NOT_ARRAY_ERR.value, null]);
    expect(lk.gateway_login_subdev([['pk', 'dn']])).toEqual([ErrorCode.ARRAY_LENGTH_ERR.value, null]);
    expect(lk.gateway_logout_subdev([['pk']])).toEqual([ErrorCode.ARRAY_LENGTH_ERR.value, null]);
  });
});

describe('OTA', () => {
  let p: StubPlatform;
  let http: Server;
  let base = '';
  let dir = '';
  const firmware = Buffer.alloc(64 * 1024, 7);
  beforeAll(async () => {
    p = await startStubPlatform({ devices: [{ pk: PK, dn: DN, ds: 'ds-0123456789' }] });
    dir = mkdtempSync(join(tmpdir(), 'aliyun-ota-'));
    http = createServer((req, res) => {
      if (req.url === '/fw.bin') {
        res.writeHead(200, { 'content-length': String(firmware.length) });
        res.end(firmware);
      } else if (req.url === '/truncated.bin') {
        res.writeHead(200, { 'content-length': String(firmware.length) });
        res.write(firmware.subarray(0, 1000));
        setTimeout(() => res.destroy(), 20);
      } else {
        res.writeHead(404);
        res.end('nope');
      }
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterEach(destructAll);
  afterAll(async () => {
    await p.close();
    await new Promise<void>((r) => http.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('report version and query: exact hand-formatted payloads', async () => {
    const { lk } = await connectDevice(p);
    const since = p.seq();
    expect(lk.ota_report_version('MCU', '1.0.1')).toBe(ErrorCode.SUCCESS);
    expect((await p.waitUplink(`/ota/device/inform/${PK}/${DN}`, 3000, since)).payload).toBe('{"id": 1,"params": {"version":"1.0.1","module": "MCU"}}');
    expect(lk.ota_report_version(null, '')).toBe(ErrorCode.OTA_INVALID_PARAM);
    expect(lk.query_ota_firmware()).toBe(0);
    expect((await p.waitUplink(`${S}/ota/firmware/get`, 3000, since)).payload).toMatch(/^\{"id": \d+, "params": \{\}\}$/);
  });

  test('push and pull notifications: callback arguments (extra is Python str of extData); invalid params stop silently', async () => {
    const { lk, rec } = await connectDevice(p);
    const data = { size: 432945, version: '2.0.0', url: `${base}/fw.bin`, md5: 'x', sign: 'abc', signMethod: 'SHA256', module: 'MCU', extData: { key: 'v', ok: true } };
    await p.inject(`/ota/device/upgrade/${PK}/${DN}`, { code: '1000', data, id: 1507707025, message: 'success' });
    expect((await rec.wait('on_ota_message_arrived'))[0]).toEqual([1, '2.0.0', 432945, `${base}/fw.bin`, 'SHA256', 'abc', 'MCU', "{'key': 'v', 'ok': True}"]);
    await p.inject(`${S}/ota/firmware/get_reply`, { code: 200, data: { ...data, module: undefined, extData: undefined }, id: '3', message: 'success' });
    expect((await rec.wait('on_ota_message_arrived', 2))[1]).toEqual([2, '2.0.0', 432945, `${base}/fw.bin`, 'SHA256', 'abc', 'default', '']);
    await p.inject(`/ota/device/upgrade/${PK}/${DN}`, { data: { ...data, url: '' } });
    await p.inject(`/ota/device/upgrade/${PK}/${DN}`, { data: 'not a dict' });
    const [fall] = await rec.wait('on_topic_message');
    expect(fall![0]).toBe(`/ota/device/upgrade/${PK}/${DN}`);
    expect(rec.args('on_topic_message')).toHaveLength(1);
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTED);
  });

  test('download: digest match, tampered, truncated, bad URL, bad path, bad sign method; progress reports', async () => {
    const { lk } = await connectDevice(p);
    const dest = join(dir, 'fw.bin');
    const since = p.seq();
    const progress: Array<number | undefined> = [];
    const ok = await lk.download_ota_firmware(`${base}/fw.bin`, dest, 'SHA256', sha256(firmware), 4096, { report_progress: true, module: 'MCU', on_progress: (pc) => progress.push(pc) });
    expect(ok).toBe(ErrorCode.SUCCESS);
    expect(readFileSync(dest).equals(firmware)).toBe(true);
    expect(progress.at(-1)).toBe(100);
    const progressTopic = `/ota/device/progress/${PK}/${DN}`;
    const last = await p.emu.trace.waitFor((e) => e.kind === 'publish' && e.topic === progressTopic && e.seq > since && (e.payload ?? '').includes('"100"'), 3000);
    expect((json(last.payload) as { params: unknown }).params).toEqual({ step: '100', desc: 'download verified', module: 'MCU' });
    const steps = p.uplinks(progressTopic).filter((e) => e.seq > since).map((e) => (json(e.payload) as { params: { step: string } }).params.step);
    expect(steps).toEqual(['10', '20', '30', '40', '50', '60', '70', '80', '90', '100']);
    expect(await lk.download_ota_firmware(`${base}/fw.bin`, dest, 'Md5', createHash('md5').update(firmware).digest('hex'))).toBe(ErrorCode.SUCCESS);

    const tampered = join(dir, 'tampered.bin');
    expect(await lk.download_ota_firmware(`${base}/fw.bin`, tampered, 'SHA256', sha256(Buffer.from('other')), 10240, { report_progress: true })).toBe(ErrorCode.OTA_DIGEST_MISMATCH);
    expect(existsSync(tampered)).toBe(false);
    const truncated = join(dir, 'truncated.bin');
    expect(await lk.download_ota_firmware(`${base}/truncated.bin`, truncated, 'SHA256', sha256(firmware))).toBe(ErrorCode.OTA_DOWNLOAD_FAIL);
    expect(existsSync(truncated)).toBe(false);
    expect(await lk.download_ota_firmware(`${base}/missing.bin`, dest, 'SHA256', 'x')).toBe(ErrorCode.OTA_INVALID_URL);
    expect(await lk.download_ota_firmware(`${base}/fw.bin`, join(dir, 'no', 'such', 'dir', 'f'), 'SHA256', 'x')).toBe(ErrorCode.OTA_INVALID_PATH);
    expect(await lk.download_ota_firmware(`${base}/fw.bin`, dest, 'CRC32', 'x')).toBe(ErrorCode.OTA_INVALID_SIGN_METHOD);
    expect(await lk.download_ota_firmware('', dest, 'SHA256', 'x')).toBe(ErrorCode.OTA_INVALID_PARAM);
    const failed = await p.emu.trace.waitFor((e) => e.kind === 'publish' && e.topic === progressTopic && e.seq > last.seq && (e.payload ?? '').includes('"-3"'), 3000);
    expect(json(failed.payload)).toEqual({ id: expect.any(String), params: { step: '-3', desc: 'verification failed' } });
  });
});
