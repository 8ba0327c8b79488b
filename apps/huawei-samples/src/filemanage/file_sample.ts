/**
 * File upload then download through OBS URLs (Python `filemanage/file_sample.py`).
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileManagerListener, FileManagerService, IotDevice, type UrlInfo } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

class FileManagerSampleListener extends FileManagerListener {
  done = 0;
  constructor(private readonly file_manager: FileManagerService) {
    super();
  }
  async on_upload_url(url_info: UrlInfo): Promise<void> {
    logger.info(`upload to ${url_info.url}`);
    const status = await this.file_manager.transfer_upload(url_info);
    logger.info(`upload status ${status}`);
    this.done++;
  }
  async on_download_url(url_info: UrlInfo): Promise<void> {
    logger.info(`download from ${url_info.url}`);
    const res = await this.file_manager.transfer_download(url_info);
    logger.info(`downloaded ${res?.bytes ?? 0} bytes`);
    this.done++;
  }
}

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  const cloud = target.cloud;
  const dir = cloud?.dir ?? path.resolve('download');
  try {
    const file_manager = device.get_file_manager_service();
    const listener = new FileManagerSampleListener(file_manager);
    file_manager.set_listener(listener);
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const upload_file_path = path.join(dir, 'upload_test.txt');
    if (cloud) writeFileSync(upload_file_path, 'upload file test for iot_device_demo!');
    const file_name = 'upload_test.txt';
    await file_manager.upload_file(file_name, upload_file_path);
    const answer = async (type: string): Promise<void> => {
      await cloud!.down(`$oc/devices/${target.device_id}/sys/events/down`, {
        object_device_id: target.device_id,
        services: [{ service_id: '$file_manager', event_type: type, paras: { url: `${cloud!.httpUrl}/bucket/${file_name}`, bucket_name: 'bucket', object_name: file_name, expire: 3600, file_attributes: {} } }],
      });
    };
    if (cloud) {
      await cloud.waitUp('/sys/events/up', (u) => u.text.includes('get_upload_url'));
      await answer('get_upload_url_response');
      for (let i = 0; i < 300 && listener.done < 1; i++) await sleep(10);
    } else await sleep(10_000);
    const download_file_path = path.join(dir, 'download.txt');
    file_manager.download_file(file_name, download_file_path);
    if (cloud) {
      await answer('get_download_url_response');
      for (let i = 0; i < 300 && listener.done < 2; i++) await sleep(10);
      check(readFileSync(download_file_path, 'utf8') === 'upload file test for iot_device_demo!', 'file round trip');
      await cloud.waitUp('/sys/events/up', (u) => u.text.includes('download_result_report'));
    } else await sleep(10_000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
