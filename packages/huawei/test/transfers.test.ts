// OTA package download (token, SHA-256 check, progress and status reports, tampered/truncated) and file upload/download over HTTP.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileManagerListener, IotDevice, OTAListener, OTAPackageInfo, OTAPackageInfoV2, OTAQueryVersion, OTAService, UrlInfo } from '../src/index.js';
import { makeDevice, startRecorder, waitFor, type Recorder } from './helpers.js';

const ID = 'productId_nodeId';
const T = (s: string): string => `$oc/devices/${ID}/sys/${s}`;
const firmware = Buffer.alloc(64 * 1024, 7);
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

let rec: Recorder;
let http: Server;
let base: string;
let dir: string;
const uploads = new Map<string, Buffer>();
const auth: string[] = [];
let device: IotDevice;

beforeAll(async () => {
  rec = await startRecorder();
  dir = mkdtempSync(path.join(tmpdir(), 'hw-tx-'));
  http = createServer((req, res) => {
    auth.push(String(req.headers['authorization'] ?? ''));
    if (req.url === '/fw.bin') {
      res.writeHead(200, { 'Content-Length': String(firmware.length) });
      res.end(firmware);
    } else if (req.url === '/truncated.bin') {
      res.writeHead(200, { 'Content-Length': String(firmware.length) });
      res.write(firmware.subarray(0, 1000));
      setTimeout(() => res.socket?.destroy(), 20);
    } else if (req.url?.startsWith('/obs/') && req.method === 'PUT') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        uploads.set(req.url!.slice(5), Buffer.concat(chunks));
        res.writeHead(200).end();
      });
    } else if (req.url?.startsWith('/obs/') && uploads.has(req.url.slice(5))) {
      res.writeHead(200).end(uploads.get(req.url.slice(5)));
    } else res.writeHead(404).end('no');
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  device = makeDevice(rec);
  expect(await device.connect()).toBe(0);
});
afterAll(async () => {
  await device.destroy();
  await rec.close();
  await new Promise<void>((r) => http.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  rec.publishes.length = 0;
  auth.length = 0;
});

function otaReports(): Array<Record<string, unknown>> {
  return rec
    .on(T('events/up'))
    .map((p) => JSON.parse(p.text) as { services: Array<{ event_type: string; paras: Record<string, unknown> }> })
    .filter((e) => e.services[0]!.event_type === 'upgrade_progress_report')
    .map((e) => e.services[0]!.paras);
}

test('OTA v1 end to end: version query answered, package downloaded with the token, verified, progress and success reported', async () => {
  const ota = device.get_ota_service();
  const dest = path.join(dir, 'fw-ok.bin');
  const done: Array<string | null> = [];
  ota.set_ota_listener(
    new (class extends OTAListener {
      on_query_version(_q: OTAQueryVersion): void {
        ota.report_version('v1.0.0', 'v1.0.0');
      }
      async on_receive_package_info(pkg: OTAPackageInfo | OTAPackageInfoV2): Promise<void> {
        const res = await ota.download_package(pkg, dest, { progress_step: 25 });
        if (res) ota.report_ota_status(OTAService.OTA_CODE_SUCCESS, pkg.version, 100, 'upgrade success');
        done.push(res ? res.sha256 : null);
      }
    })(),
  );
  await rec.down(T('events/down'), `{"object_device_id": "${ID}", "services": [{"service_id": "$ota", "event_type": "version_query", "paras": {}}]}`);
  await rec.down(
    T('events/down'),
    JSON.stringify({ object_device_id: ID, services: [{ service_id: '$ota', event_type: 'firmware_upgrade', paras: { version: 'v2.0', url: `${base}/fw.bin`, file_size: firmware.length, access_token: 'tok123', expires: 86400, sign: sha(firmware) } }] }),
  );
  await waitFor(() => done.length === 1);
  expect(done[0]).toBe(sha(firmware));
  expect(auth).toEqual(['Bearer tok123']);
  expect(readFileSync(dest)).toEqual(firmware);
  await waitFor(() => otaReports().some((r) => r['progress'] === 100));
  const reports = otaReports();
  expect(reports[reports.length - 1]).toEqual({ result_code: 0, version: 'v2.0', progress: 100, description: 'upgrade success' });
  expect(reports.slice(0, -1).every((r) => r['result_code'] === 0 && typeof r['progress'] === 'number' && (r['progress'] as number) < 100)).toBe(true);
  await waitFor(() => rec.on(T('events/up')).some((p) => p.text.includes('version_report')));
});

test('OTA tampered package: check failure (7) reported, no file left', async () => {
  const dest = path.join(dir, 'fw-bad.bin');
  const pkg = new OTAPackageInfo();
  pkg.url = `${base}/fw.bin`;
  pkg.version = 'v3';
  pkg.sign = sha('something else');
  expect(await device.get_ota_service().download_package(pkg, dest, { progress_step: 0 })).toBeNull();
  expect(existsSync(dest)).toBe(false);
  await waitFor(() => otaReports().length === 1);
  expect(otaReports()[0]).toMatchObject({ result_code: 7, version: 'v3' });
});

test('OTA truncated package and HTTP errors: failure reported, no file left', async () => {
  const dest = path.join(dir, 'fw-short.bin');
  const pkg = new OTAPackageInfoV2();
  pkg.url = `${base}/truncated.bin`;
  pkg.version = 'v4';
  expect(await device.get_ota_service().download_package(pkg, dest, { progress_step: 0 })).toBeNull();
  expect(auth).toEqual(['']);
  const missing = new OTAPackageInfoV2();
  missing.url = `${base}/nothing`;
  missing.version = 'v5';
  expect(await device.get_ota_service().download_package(missing, dest, { progress_step: 0 })).toBeNull();
  expect(existsSync(dest)).toBe(false);
  await waitFor(() => otaReports().length === 2);
  expect(otaReports().map((r) => [r['result_code'], r['version']])).toEqual([
    [6, 'v4'],
    [255, 'v5'],
  ]);
});

test('file upload then download through the URLs of the platform', async () => {
  const fm = device.get_file_manager_service();
  const src = path.join(dir, 'upload_test.txt');
  writeFileSync(src, 'upload file test for iot_device_demo!');
  const results: string[] = [];
  fm.set_listener(
    new (class extends FileManagerListener {
      async on_upload_url(u: UrlInfo): Promise<void> {
        results.push(`up:${await fm.transfer_upload(u)}`);
      }
      async on_download_url(u: UrlInfo): Promise<void> {
        results.push(`down:${(await fm.transfer_download(u))?.bytes ?? 'failed'}`);
      }
    })(),
  );
  await fm.upload_file('upload_test.txt', src);
  await waitFor(() => rec.on(T('events/up')).some((p) => p.text.includes('get_upload_url')));
  const answer = (type: string): string =>
    JSON.stringify({ object_device_id: ID, services: [{ service_id: '$file_manager', event_type: type, paras: { url: `${base}/obs/upload_test.txt`, bucket_name: 'b', object_name: 'upload_test.txt', expire: 3600, file_attributes: {} } }] });
  await rec.down(T('events/down'), answer('get_upload_url_response'));
  await waitFor(() => results.length === 1);
  expect(uploads.get('upload_test.txt')!.toString()).toBe('upload file test for iot_device_demo!');
  const dest = path.join(dir, 'download.txt');
  fm.download_file('upload_test.txt', dest);
  await rec.down(T('events/down'), answer('get_download_url_response'));
  await waitFor(() => results.length === 2);
  expect(results).toEqual(['up:200', 'down:37']);
  expect(readFileSync(dest, 'utf8')).toBe('upload file test for iot_device_demo!');
  await waitFor(() => rec.on(T('events/up')).filter((p) => /(upload|download)_result_report/.test(p.text)).length === 2);
  const reports = rec.on(T('events/up')).filter((p) => /_result_report/.test(p.text)).map((p) => p.text.slice(p.text.indexOf('"paras": ') + 9, -3));
  expect(reports).toEqual(['{"object_name": "upload_test.txt", "result_code": 0, "status_code": 200}', '{"object_name": "upload_test.txt", "result_code": 0, "status_code": 200}']);
});
