// End to end against the emulator's own huawei plugin: OTA version query, firmware (v1, token-protected URL) and
// software (v2, plain URL) packages pushed from the control API, downloaded with the SHA-256 check, progress and
// result reports tracked by the platform; a tampered and a truncated package are rejected with the right codes.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IotDevice, OTAListener, OTAPackageInfo, OTAPackageInfoV2, OTAQueryVersion, OTAService } from '../src/index.js';
import { eventOf, startCloud, until, type HuaweiCloud } from './emulator-helpers.js';

const ID = 'prod_ota';
const SYS = `$oc/devices/${ID}/sys/`;
let cloud: HuaweiCloud;

interface OtaTaskView {
  task_id: string;
  status: string;
  version: string;
  progress?: number;
  reports: Array<{ result_code: number; version: string; progress?: number; description?: string }>;
}

beforeAll(async () => {
  cloud = await startCloud();
  await cloud.register(ID);
});
afterEach(() => cloud.reset());
afterAll(() => cloud.close());

/** The OTA sample's listener: report versions, download (token, SHA-256), report the result. */
class Updater extends OTAListener {
  queries: OTAQueryVersion[] = [];
  packages: Array<OTAPackageInfo | OTAPackageInfoV2> = [];
  results: Array<string | null> = [];
  gate: Promise<void> = Promise.resolve();
  constructor(
    private readonly ota: OTAService,
    private readonly dir: string,
  ) {
    super();
  }
  on_query_version(queryInfo: OTAQueryVersion): void {
    this.queries.push(queryInfo);
    this.ota.report_version('v1.0.0', 'v1.0.0');
  }
  tamperToken = false;
  async on_receive_package_info(pkg: OTAPackageInfo | OTAPackageInfoV2): Promise<void> {
    this.packages.push(pkg);
    await this.gate;
    if (this.tamperToken && pkg instanceof OTAPackageInfo) pkg.access_token = 'not-the-token';
    const file = path.join(this.dir, `${pkg.version}.bin`);
    const r = await this.ota.download_package(pkg, file, { progress_step: 25 });
    if (r) this.ota.report_ota_status(OTAService.OTA_CODE_SUCCESS, pkg.version, 100, 'upgrade success');
    this.results.push(r ? file : null);
  }
}

async function updater(): Promise<[IotDevice, Updater]> {
  const d = cloud.device(ID);
  const u = new Updater(d.get_ota_service(), cloud.dir);
  d.get_ota_service().set_ota_listener(u);
  expect(await d.connect()).toBe(0);
  return [d, u];
}

async function host(name: string, data: Buffer): Promise<void> {
  const res = await fetch(`${cloud.emu.httpUrl}/files/${name}`, { method: 'PUT', body: new Uint8Array(data) });
  expect(res.status).toBeLessThan(300);
}

async function task(id: string, done = true): Promise<OtaTaskView> {
  let t: OtaTaskView | undefined;
  await until(async () => {
    const ota = (await cloud.control<{ tasks: OtaTaskView[] }>('GET', `/devices/${ID}/ota`)).body;
    t = ota.tasks.find((x) => x.task_id === id);
    return t !== undefined && (!done || t.status === 'SUCCESS' || t.status === 'FAILED');
  }, 10_000, `OTA task ${id}`);
  return t!;
}

test('version query answered with the current versions', async () => {
  const [, u] = await updater();
  expect((await cloud.control('POST', `/devices/${ID}/ota/version-query`, { task_id: 'q1', sub_device_count: 0 })).status).toBe(202);
  await until(async () => (await cloud.control<{ version_report: unknown }>('GET', `/devices/${ID}/ota`)).body.version_report !== null);
  expect(u.queries.map((q) => [q.task_id, q.sub_device_count])).toEqual([['q1', 0]]);
  expect((await cloud.control('GET', `/devices/${ID}/ota`)).body).toMatchObject({ fw_version: 'v1.0.0', sw_version: 'v1.0.0', version_report: { fw_version: 'v1.0.0', sw_version: 'v1.0.0' } });
});

test('firmware package (v1): token-protected download, SHA-256 checked, progress and success reported', async () => {
  const [, u] = await updater();
  const fw = randomBytes(200_000);
  await host('fw-2.0.bin', fw);
  const since = cloud.seq();
  const push = await cloud.control<{ task_id: string; access_token: string }>('POST', `/devices/${ID}/ota/upgrade`, { file: 'fw-2.0.bin', version: '2.0', type: 'firmware' });
  const t = await task(push.body.task_id);
  expect(t.status).toBe('SUCCESS');
  const pkg = u.packages[0] as OTAPackageInfo;
  expect(pkg).toBeInstanceOf(OTAPackageInfo);
  expect([pkg.version, pkg.file_size, pkg.sign, pkg.access_token, pkg.task_id, pkg.file_name]).toEqual(['2.0', fw.length, createHash('sha256').update(fw).digest('hex'), push.body.access_token, push.body.task_id, 'fw-2.0.bin']);
  expect(readFileSync(u.results[0]!).equals(fw)).toBe(true);
  // progress while downloading (one report per 25 % step crossed by a received chunk), then the result
  const steps = t.reports.slice(0, -1).map((r) => [r.result_code, r.version, r.progress ?? -1] as const);
  expect(steps.length).toBeGreaterThanOrEqual(1);
  steps.forEach(([code, version, p], i) => {
    expect([code, version, [25, 50, 75].includes(p)]).toEqual([0, '2.0', true]);
    if (i > 0) expect(p).toBeGreaterThan(steps[i - 1]![2]);
  });
  expect(t.reports.at(-1)).toEqual({ result_code: 0, version: '2.0', progress: 100, description: 'upgrade success' });
  // the download went to the token-protected package URL
  const http = cloud.emu.trace.entries({ kind: 'http', since }).filter((e) => e.path === `/huawei/ota/${push.body.task_id}`);
  expect(http.map((e) => [e.method, e.status])).toEqual([['GET', 200]]);
  const ev = eventOf(cloud.wire('deliver', `${SYS}events/down`, since)[0]);
  expect([ev.service_id, ev.event_type]).toEqual(['$ota', 'firmware_upgrade']);
  expect((await cloud.control('GET', `/devices/${ID}`)).body).toMatchObject({ fwVersion: '2.0' });
});

test('software package (v2): plain URL, sign parsed and checked, success reported', async () => {
  const [, u] = await updater();
  const sw = randomBytes(50_000);
  await host('sw-3.1.bin', sw);
  const push = await cloud.control<{ task_id: string }>('POST', `/devices/${ID}/ota/upgrade`, { file: 'sw-3.1.bin', version: '3.1', type: 'software', v2: true });
  const t = await task(push.body.task_id);
  expect(t.status).toBe('SUCCESS');
  const pkg = u.packages[0]!;
  expect(pkg).toBeInstanceOf(OTAPackageInfoV2);
  expect([pkg.url, pkg.sign, pkg.file_size]).toEqual([`${cloud.emu.httpUrl}/files/sw-3.1.bin`, createHash('sha256').update(sw).digest('hex'), sw.length]);
  expect(readFileSync(u.results[0]!).equals(sw)).toBe(true);
  expect((await cloud.control('GET', `/devices/${ID}`)).body).toMatchObject({ swVersion: '3.1' });
});

test('a tampered package fails the SHA-256 check: code 7 reported, task FAILED, nothing left on disk', async () => {
  const [, u] = await updater();
  let open!: () => void;
  u.gate = new Promise((r) => (open = r));
  await host('fw-tampered.bin', randomBytes(30_000));
  const push = await cloud.control<{ task_id: string }>('POST', `/devices/${ID}/ota/upgrade`, { file: 'fw-tampered.bin', version: '4.0', type: 'firmware' });
  await until(() => u.packages.length === 1);
  // the package is replaced after the platform signed it
  await host('fw-tampered.bin', randomBytes(30_000));
  open();
  const t = await task(push.body.task_id);
  expect(t.status).toBe('FAILED');
  expect(u.results).toEqual([null]);
  expect(t.reports.at(-1)).toMatchObject({ result_code: OTAService.OTA_CODE_CHECK_FAIL, version: '4.0' });
  expect(t.reports.some((r) => r.progress === 100)).toBe(false);
  expect(existsSync(path.join(cloud.dir, '4.0.bin'))).toBe(false);
});

test('a truncated package (connection cut mid-download) is reported as code 6, task FAILED', async () => {
  const [, u] = await updater();
  await host('sw-cut.bin', randomBytes(80_000));
  const fault = await fetch(`${cloud.emu.httpUrl}/control/faults`, { method: 'POST', body: JSON.stringify({ cutDownloadAfterBytes: 10_000, once: true }) });
  expect(fault.status).toBe(200);
  const push = await cloud.control<{ task_id: string }>('POST', `/devices/${ID}/ota/upgrade`, { file: 'sw-cut.bin', version: '5.0', type: 'software', v2: true });
  const t = await task(push.body.task_id);
  expect(t.status).toBe('FAILED');
  expect(u.results).toEqual([null]);
  expect(t.reports.at(-1)).toMatchObject({ result_code: OTAService.OTA_CODE_DOWNLOAD_TIMEOUT, version: '5.0' });
  expect(existsSync(path.join(cloud.dir, '5.0.bin'))).toBe(false);
});

test('the v1 package URL needs the access token: a wrong one is refused (401) and reported as an internal error', async () => {
  const [, u] = await updater();
  u.tamperToken = true;
  await host('fw-token.bin', randomBytes(5_000));
  const since = cloud.seq();
  const push = await cloud.control<{ task_id: string }>('POST', `/devices/${ID}/ota/upgrade`, { file: 'fw-token.bin', version: '6.0', type: 'firmware' });
  const t = await task(push.body.task_id);
  expect(t.status).toBe('FAILED');
  expect(t.reports.at(-1)).toMatchObject({ result_code: OTAService.OTA_CODE_INNER_ERROR, version: '6.0' });
  expect(cloud.emu.trace.entries({ kind: 'http', since }).filter((e) => e.path === `/huawei/ota/${push.body.task_id}`).map((e) => e.status)).toEqual([401]);
  expect(existsSync(path.join(cloud.dir, '6.0.bin'))).toBe(false);
});
