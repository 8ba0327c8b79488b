// OTA end to end: MQTT notification and reports on a real broker, firmware over HTTP with Range, chunked
// otaFetchYield with progress reports and running MD5, resume after a mid-file cut, MD5 mismatch, truncated file.
import { createHash, randomBytes } from 'node:crypto';
import { QcloudHubProvider, OtaCmdType } from '../src/index.js';
import { DEVICE, deviceFile, startWire, waitFor, type DeviceDir, type Wire } from './helpers.js';
import { startCloudHttp, type CloudHttp } from './cloud-http.js';

const PID = DEVICE.productId;
const DN = DEVICE.deviceName;
const REPORT = `$ota/report/${PID}/${DN}`;
const UPDATE = `$ota/update/${PID}/${DN}`;
let wire: Wire;
let dev: DeviceDir;
let cloud: CloudHttp;
const hubs: QcloudHubProvider<string>[] = [];
const fw = randomBytes(64 * 1024 + 123);
const fwMd5 = createHash('md5').update(fw).digest('hex');

async function hub(): Promise<QcloudHubProvider<string>> {
  const h = new QcloudHubProvider<string>(dev.file, 'UD', false, '127.0.0.1', false, { port: wire.broker.port, timeScale: 0.1 });
  hubs.push(h);
  h.connect();
  await waitFor(() => h.isMqttConnected());
  return h;
}

function reports(): Array<{ payload: string; qos: number }> {
  return wire.publishes.filter((p) => p.topic === REPORT).map((p) => ({ payload: p.payload, qos: p.qos }));
}

async function notify(h: QcloudHubProvider<string>, over: Record<string, unknown> = {}, pid = PID, dn = DN): Promise<void> {
  await wire.down(`$ota/update/${pid}/${dn}`, { file_size: fw.length, md5sum: fwMd5, type: 'update_firmware', url: `${cloud.url}/fw/fw.bin?sign=x`, version: '1.0.0', ...over });
  await waitFor(() => h.otaIsFetching(pid, dn), 3000, 'FETCHING');
}

async function fetchAll(h: QcloudHubProvider<string>, chunk = 5000): Promise<{ data: Buffer; rc: number }> {
  const parts: Buffer[] = [];
  while (!h.otaIsFetchFinished(PID, DN)) {
    const [buf, n] = await h.otaFetchYield(PID, DN, chunk);
    if (n < 0) return { data: Buffer.concat(parts), rc: n };
    if (n > 0) parts.push(buf!);
  }
  return { data: Buffer.concat(parts), rc: 0 };
}

beforeAll(async () => {
  wire = await startWire();
  dev = deviceFile();
  cloud = await startCloudHttp();
  cloud.files.set('fw.bin', fw);
});
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.destroy();
  wire.subackDelayMs = 0;
  cloud.cutNextAfter = undefined;
  cloud.truncateNextTo = undefined;
  cloud.forceStatus = undefined;
});
afterAll(async () => {
  await wire.close();
  await cloud.close();
  dev.cleanup();
});

test('no handler sentinels', async () => {
  const h = await hub();
  expect(h.otaIsFetching('X', 'Y')).toBe(false);
  expect(h.otaIsFetchFinished('X', 'Y')).toBe(false);
  expect(h.otaReportVersion('X', 'Y', '1')).toEqual([-1, -1]);
  expect(h.otaReportUpgradeSuccess('X', 'Y', null)).toEqual([-1, -1]);
  expect(h.otaReportUpgradeFail('X', 'Y', null)).toEqual([-1, -1]);
  expect(h.otaIoctlNumber('X', 'Y', OtaCmdType.IOT_OTAG_FILE_SIZE)).toEqual([-1, 'no handle']);
  expect(h.otaIoctlString('X', 'Y', OtaCmdType.IOT_OTAG_VERSION, 32)).toEqual(['null', 'no handle']);
  expect(h.otaResetMd5('X', 'Y')).toBe(-1);
  expect(h.otaMd5Update('X', 'Y', Buffer.from('a'))).toBe(-1);
  expect(await h.otaDownloadStart('X', 'Y', 0, 10)).toBe(-1);
  expect(await h.httpInit('X', 'Y', 'h', 'http://x/', 0, 1, 1)).toBe(-1);
  expect(await h.otaFetchYield('X', 'Y', 10)).toEqual([null, -1]);
  expect(await h.httpFetch('X', 'Y', 10)).toEqual([null, -1]);
});

test('otaInit / resourceInit give [-1, mid] without a SUBACK inside the 2 s window (scaled)', async () => {
  const h = await hub();
  wire.subackDelayMs = 400;
  expect((await h.resourceInit(PID, DN, () => 0))[0]).toBe(-1);
  const [rc, mid] = await h.otaInit(PID, DN, () => 0);
  expect(rc).toBe(-1);
  expect(typeof mid).toBe('number');
  expect(h.otaReportVersion(PID, DN, '1')).toEqual([-1, -1]);
});

test('full flow: version report, notification, download with progress, MD5 check, done report', async () => {
  const h = await hub();
  const rsp: unknown[][] = [];
  const [rc] = await h.otaInit(PID, DN, (...a) => rsp.push(a));
  expect(rc).toBe(0);
  expect(wire.subscribes.find((s) => s.subs[0]!.topic === UPDATE)!.subs[0]!.qos).toBe(1);
  expect(() => h.otaReportVersion(PID, DN, '')).toThrow(new TypeError('Invalid param.'));
  expect(() => h.otaReportVersion(PID, DN, 'x'.repeat(33))).toThrow(new RangeError('Invalid version length'));
  expect(h.otaIoctlNumber(PID, DN, OtaCmdType.IOT_OTAG_FILE_SIZE)).toEqual([-1, 'state error']);
  const [vrc] = h.otaReportVersion(PID, DN, '0.1.0');
  expect(vrc).toBe(0);
  await waitFor(() => reports().length === 1);
  expect(reports()[0]).toEqual({ payload: '{"type": "report_version", "report": {"version": "0.1.0"}}', qos: 1 });
  const ack = { result_code: 0, result_msg: 'success', type: 'report_version_rsp', version: '0.1.0' };
  await wire.down(UPDATE, ack, 1);
  await waitFor(() => rsp.length === 1);
  expect(rsp[0]).toEqual([UPDATE, 1, ack, 'UD']);

  await notify(h);
  expect(rsp).toHaveLength(1); // update_firmware is absorbed
  expect(h.otaIoctlNumber(PID, DN, OtaCmdType.IOT_OTAG_FILE_SIZE)).toEqual([fw.length, 'success']);
  expect(h.otaIoctlNumber(PID, DN, { value: 1 })).toEqual([fw.length, 'success']);
  expect(h.otaIoctlString(PID, DN, OtaCmdType.IOT_OTAG_VERSION, 32)).toEqual(['1.0.0', 'success']);
  expect(h.otaIoctlString(PID, DN, OtaCmdType.IOT_OTAG_MD5SUM, 32)).toEqual([fwMd5, 'success']);
  expect(h.otaIoctlString(PID, DN, OtaCmdType.IOT_OTAG_MD5SUM, 8)).toEqual(['null', 'md5sum length error']);
  expect(h.otaIoctlString(PID, DN, OtaCmdType.IOT_OTAG_FILE_SIZE, 8)).toEqual(['null', 'cmd type error']);
  expect(h.otaIoctlNumber(PID, DN, OtaCmdType.IOT_OTAG_CHECK_FIRMWARE)).toEqual([-1, 'state error']);
  await expect(h.otaDownloadStart(PID, DN, -1, 10)).rejects.toThrow(new RangeError('Invalid length.'));

  const events: number[] = [];
  h.events.on('otaProgress', (p) => events.push(p.percent));
  const n0 = cloud.requests.length;
  expect(await h.otaDownloadStart(PID, DN, 0, fw.length)).toBe(0);
  const get = cloud.requests[n0]!;
  expect(get.url).toBe('/fw/fw.bin?sign=x');
  expect(get.headers.range).toBe(`bytes=0-${fw.length}`);
  expect(get.headers.host).toBe(`${cloud.url.slice(7)}/fw`); // vendor rule: up to the last '/'
  expect(get.headers.accept).toBe('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
  expect(get.headers['accept-encoding']).toBe('gzip, deflate');
  const { data, rc: frc } = await fetchAll(h);
  expect(frc).toBe(0);
  expect(data.equals(fw)).toBe(true);
  expect(h.otaIoctlNumber(PID, DN, OtaCmdType.IOT_OTAG_FETCHED_SIZE)).toEqual([fw.length, 'success']);
  expect(h.otaIoctlNumber(PID, DN, OtaCmdType.IOT_OTAG_CHECK_FIRMWARE)).toEqual([0, 'success']);
  await h.flushCallbacks();
  expect(events.length).toBeGreaterThan(5);
  expect(events.at(-1)).toBe(100);
  expect([...events].sort((a, b) => a - b)).toEqual(events);
  const [src, smid] = h.otaReportUpgradeSuccess(PID, DN, null);
  expect(src).toBe(0);
  await waitFor(() => reports().some((r) => r.payload.includes('"done"')));
  const progress = reports().filter((r) => r.payload.includes('downloading'));
  expect(progress[0]).toEqual({ payload: '{"type": "report_progress", "report": {"progress": {"state": "downloading", "percent": "0", "result_code": "0", "result_msg": ""}, "version": "1.0.0"}}', qos: 0 });
  expect(progress.at(-1)!.payload).toContain('"percent": "100"');
  expect(reports().at(-1)).toEqual({ payload: '{"type": "report_progress", "report": {"progress": {"state": "done", "result_code": "0", "result_msg": ""}, "version": "1.0.0"}}', qos: 1 });
  expect(typeof smid).toBe('number');
  const [frc2] = h.otaReportUpgradeFail(PID, DN, '9.9');
  expect(frc2).toBe(0);
  await waitFor(() => reports().some((r) => r.payload.includes('"-5"')));
  expect(reports().at(-1)!.payload).toBe('{"type": "report_progress", "report": {"progress": {"state": "fail", "result_code": "-5", "result_msg": "time_out"}, "version": "9.9"}}');
});

test('resume after a mid-file cut: fail report, MD5 re-hash of the stored part, Range from the offset, valid firmware', async () => {
  const h = await hub();
  await h.otaInit(PID, DN, () => 0);
  await notify(h);
  cloud.cutNextAfter = 20000;
  expect(await h.otaDownloadStart(PID, DN, 0, fw.length)).toBe(0);
  const first = await fetchAll(h);
  expect(first.rc).toBe(-2);
  await waitFor(() => reports().some((r) => r.payload.includes('"-1"')));
  expect(reports().find((r) => r.payload.includes('"-1"'))).toEqual({ payload: '{"type": "report_progress", "report": {"progress": {"state": "fail", "result_code": "-1", "result_msg": "time_out"}, "version": "1.0.0"}}', qos: 1 });
  const stored = first.data;
  expect(stored.length).toBeGreaterThan(0);
  expect(stored.length).toBeLessThan(fw.length);
  // the application resumes as the vendor sample does
  expect(h.otaResetMd5(PID, DN)).toBe(0);
  for (let off = 0; off < stored.length; off += 5000) expect(h.otaMd5Update(PID, DN, stored.subarray(off, off + 5000))).toBe(0);
  const n0 = cloud.requests.length;
  expect(await h.otaDownloadStart(PID, DN, stored.length, fw.length)).toBe(0);
  expect(cloud.requests[n0]!.headers.range).toBe(`bytes=${stored.length}-${fw.length}`);
  const rest = await fetchAll(h);
  expect(rest.rc).toBe(0);
  expect(Buffer.concat([stored, rest.data]).equals(fw)).toBe(true);
  expect(h.otaIoctlNumber(PID, DN, OtaCmdType.IOT_OTAG_FETCHED_SIZE)).toEqual([fw.length, 'success']);
  expect(h.otaIoctlNumber(PID, DN, OtaCmdType.IOT_OTAG_CHECK_FIRMWARE)).toEqual([0, 'success']);
});

test('MD5 mismatch: CHECK_FIRMWARE → [-1, "md5 error"] and a "-4" fail report', async () => {
  const h = await hub();
  await h.otaInit(PID, DN, () => 0);
  await notify(h, { md5sum: '0'.repeat(32) });
  expect(await h.otaDownloadStart(PID, DN, 0, fw.length)).toBe(0);
  expect((await fetchAll(h, 30000)).rc).toBe(0);
  expect(h.otaIoctlNumber(PID, DN, OtaCmdType.IOT_OTAG_CHECK_FIRMWARE)).toEqual([-1, 'md5 error']);
  await waitFor(() => reports().some((r) => r.payload.includes('"-4"')));
  expect(reports().find((r) => r.payload.includes('"-4"'))!.qos).toBe(1);
});

test('truncated firmware ends with a read error and a "-1" report instead of looping for ever (documented fix)', async () => {
  const h = await hub();
  await h.otaInit(PID, DN, () => 0);
  await notify(h);
  cloud.truncateNextTo = 1000;
  const before = reports().filter((r) => r.payload.includes('"-1"')).length;
  expect(await h.otaDownloadStart(PID, DN, 0, fw.length)).toBe(0);
  const r = await fetchAll(h);
  expect(r.rc).toBe(-2);
  expect(r.data.length).toBe(1000);
  await waitFor(() => reports().filter((x) => x.payload.includes('"-1"')).length === before + 1);
});

test('HTTP open failure returns 1 (plain-http branch: no report, as in the vendor SDK)', async () => {
  const h = await hub();
  await h.otaInit(PID, DN, () => 0);
  await notify(h, { url: `${cloud.url}/fw/missing.bin` });
  const before = reports().length;
  expect(await h.otaDownloadStart(PID, DN, 0, 10)).toBe(1);
  await new Promise((r) => setTimeout(r, 50));
  expect(reports().length).toBe(before);
  await expect(h.otaFetchYield(PID, DN, 10)).resolves.toEqual([null, -2]);
});

test('low-level httpInit/httpFetch; httpFetch before httpInit raises AttributeError', async () => {
  const h = await hub();
  await h.otaInit(PID, DN, () => 0);
  await expect(h.httpFetch(PID, DN, 10)).rejects.toThrow("'NoneType' object has no attribute 'handle'");
  expect(await h.httpInit(PID, DN, cloud.url.slice(7), `${cloud.url}/fw/fw.bin`, 10, 19, 5)).toBe(0);
  const [buf, n] = await h.httpFetch(PID, DN, 100);
  expect(n).toBe(10);
  expect(buf!.equals(fw.subarray(10, 20))).toBe(true);
  expect(await h.httpFetch(PID, DN, 100)).toEqual([Buffer.alloc(0), 0]);
});

test('sub-device OTA: otaInit with the sub-device ids subscribes and reports on its topics', async () => {
  const h = await hub();
  const [rc] = await h.otaInit('SUBPID0001', 'sub1', () => 0);
  expect(rc).toBe(0);
  expect(wire.subscribes.some((s) => s.subs[0]!.topic === '$ota/update/SUBPID0001/sub1' && s.subs[0]!.qos === 1)).toBe(true);
  h.otaReportVersion('SUBPID0001', 'sub1', '0.1.0');
  await waitFor(() => wire.publishes.some((p) => p.topic === '$ota/report/SUBPID0001/sub1'));
  await notify(h, {}, 'SUBPID0001', 'sub1');
  expect(h.otaIsFetching(PID, DN)).toBe(false);
});
