/**
 * OTA: version query, package download with the token, SHA-256 check, status report (Python `ota/ota_sample.py`).
 * @module
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { IotDevice, OTAListener, OTAService, type OTAPackageInfo, type OTAPackageInfoV2, type OTAQueryVersion } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

class OTASampleListener extends OTAListener {
  finished = false;
  constructor(
    private readonly ota_service: OTAService,
    private readonly dir: string,
  ) {
    super();
  }
  on_query_version(queryInfo: OTAQueryVersion): void {
    logger.info(`query version, task ${String(queryInfo.task_id)}`);
    this.ota_service.report_version('v1.0.0', 'v1.0.0');
  }
  async on_receive_package_info(pkg: OTAPackageInfo | OTAPackageInfoV2): Promise<void> {
    logger.info(`new package ${pkg.version} at ${pkg.url}`);
    const res = await this.ota_service.download_package(pkg, path.join(this.dir, 'test.txt'), { progress_step: 50 });
    if (res) {
      logger.info('install the package (device-specific)');
      this.ota_service.report_ota_status(OTAService.OTA_CODE_SUCCESS, pkg.version, 100, 'upgrade success');
    }
    this.finished = true;
  }
}

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  const cloud = target.cloud;
  try {
    const ota_service = device.get_ota_service();
    const listener = new OTASampleListener(ota_service, cloud?.dir ?? path.resolve('download'));
    ota_service.set_ota_listener(listener);
    if ((await device.connect()) !== 0) throw new Error('init failed');
    if (cloud) {
      const firmware = Buffer.from('firmware v2.0 '.repeat(1000));
      cloud.files.set('/fw/v2.bin', firmware);
      const event = (event_type: string, paras: object): object => ({ object_device_id: target.device_id, services: [{ service_id: '$ota', event_type, paras }] });
      await cloud.down(`$oc/devices/${target.device_id}/sys/events/down`, event('version_query', {}));
      await cloud.waitUp('/sys/events/up', (u) => u.text.includes('version_report'));
      const sign = createHash('sha256').update(firmware).digest('hex');
      await cloud.down(`$oc/devices/${target.device_id}/sys/events/down`, event('firmware_upgrade', { version: 'v2.0', url: `${cloud.httpUrl}/fw/v2.bin`, file_size: firmware.length, access_token: 'token', expires: 86400, sign }));
      const done = await cloud.waitUp('/sys/events/up', (u) => u.text.includes('"progress": 100'));
      check(done.text.includes('"result_code": 0, "version": "v2.0"'), 'upgrade success reported');
    } else await sleep(300_000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
