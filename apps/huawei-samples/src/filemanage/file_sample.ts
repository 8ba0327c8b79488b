/**
 * File upload then download through OBS URLs (Python `filemanage/file_sample.py`).
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileManagerListener, FileManagerService, IotDevice, type UrlInfo } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

const CONTENT = 'upload file test for iot_device_demo!';

class FileManagerSampleListener extends FileManagerListener {
  readonly statuses: number[] = [];
  constructor(private readonly file_manager: FileManagerService) {
    super();
  }
  async on_upload_url(url_info: UrlInfo): Promise<void> {
    logger.info(`upload to ${url_info.url}`);
    const status = await this.file_manager.transfer_upload(url_info);
    logger.info(`upload status ${status}`);
    this.statuses.push(status);
  }
  async on_download_url(url_info: UrlInfo): Promise<void> {
    logger.info(`download from ${url_info.url}`);
    const res = await this.file_manager.transfer_download(url_info);
    logger.info(`downloaded ${res?.bytes ?? 0} bytes`);
    this.statuses.push(res ? 200 : 0);
  }
}

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  const cloud = target.cloud;
  const dir = cloud ? target.dir : path.resolve('download');
  try {
    const file_manager = device.get_file_manager_service();
    const listener = new FileManagerSampleListener(file_manager);
    file_manager.set_listener(listener);
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const upload_file_path = path.join(dir, 'upload_test.txt');
    if (cloud) writeFileSync(upload_file_path, CONTENT);
    const file_name = 'upload_test.txt';
    // the platform answers get_upload_url with an OBS URL; the listener PUTs the file and reports the result
    await file_manager.upload_file(file_name, upload_file_path);
    if (cloud) await cloud.waitFor(() => listener.statuses.length === 1, 'upload done');
    else await sleep(10_000);
    const download_file_path = path.join(dir, 'download.txt');
    file_manager.download_file(file_name, download_file_path);
    if (cloud) {
      await cloud.waitFor(() => listener.statuses.length === 2, 'download done');
      check(listener.statuses[0] === 200, 'upload accepted by OBS');
      check(readFileSync(download_file_path, 'utf8') === CONTENT, 'file round trip');
      const stored = await cloud.http<string>('GET', `${cloud.emulator.httpUrl}/files/huawei/${target.device_id}/${file_name}`);
      check(stored.status === 200 && stored.body === CONTENT, 'object stored on the platform side');
      // the platform recorded both URL requests and both result reports
      const files = await cloud.waitFor(async () => {
        const f = await cloud.call<{ topic: string; data: Record<string, unknown> }[]>('GET', `/devices/${target.device_id}/files`);
        return f.length === 4 ? f : undefined;
      }, 'four file events recorded');
      check(files.map((f) => f.topic).join(',') === 'get_upload_url,upload_result_report,get_download_url,download_result_report', 'file events');
      check(files[1]!.data['result_code'] === 0 && files[3]!.data['result_code'] === 0, 'results reported as success');
    } else await sleep(10_000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
