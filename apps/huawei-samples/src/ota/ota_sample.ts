/**
 * OTA: version query, package download with the token, SHA-256 check, status report (Python `ota/ota_sample.py`).
 * @module
 */
import path from 'node:path';
import { IotDevice, OTAListener, OTAService, type OTAPackageInfo, type OTAPackageInfoV2, type OTAQueryVersion } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

class OTASampleListener extends OTAListener {
  readonly downloaded: number[] = [];
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
    // pre-check (space, battery...) is device-specific; download with the token, check SHA-256
    const res = await this.ota_service.download_package(pkg, path.join(this.dir, 'test.txt'), { progress_step: 50 });
    if (res) {
      this.downloaded.push(res.bytes);
      logger.info('install the package (device-specific)');
      this.ota_service.report_ota_status(OTAService.OTA_CODE_SUCCESS, pkg.version, 100, 'upgrade success');
    }
  }
}

interface OtaView {
  fw_version: string | null;
  sw_version: string | null;
  version_report: Record<string, string> | null;
  tasks: { task_id: string; status: string; progress?: number; reports: Record<string, unknown>[] }[];
}

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  const cloud = target.cloud;
  const id = target.device_id;
  try {
    const ota_service = device.get_ota_service();
    const listener = new OTASampleListener(ota_service, cloud ? target.dir : path.resolve('download'));
    ota_service.set_ota_listener(listener);
    if ((await device.connect()) !== 0) throw new Error('init failed');
    if (cloud) {
      // console: ask the version, host a package, start an upgrade task
      await cloud.call('POST', `/devices/${id}/ota/version-query`, {});
      const v = await cloud.waitFor(async () => (await cloud.call<OtaView>('GET', `/devices/${id}/ota`)).version_report ?? undefined, 'version report');
      check(v['fw_version'] === 'v1.0.0' && v['sw_version'] === 'v1.0.0', 'versions reported');
      const firmware = Buffer.from('firmware v2.0 '.repeat(1000));
      await cloud.putFile('fw-v2.0.bin', firmware);
      const task = await cloud.call<{ task_id: string; access_token: string }>('POST', `/devices/${id}/ota/upgrade`, { file: 'fw-v2.0.bin', version: 'v2.0', type: 'firmware' });
      const done = await cloud.waitFor(async () => (await cloud.call<OtaView>('GET', `/devices/${id}/ota`)).tasks.find((t) => t.task_id === task.task_id && t.status !== 'PENDING' && t.status !== 'IN_PROGRESS'), 'upgrade task finished');
      check(done.status === 'SUCCESS' && done.progress === 100, `task ${done.status}`);
      check(listener.downloaded[0] === firmware.length, 'whole package downloaded and verified');
      const view = await cloud.call<OtaView>('GET', `/devices/${id}/ota`);
      check(view.fw_version === 'v2.0', 'platform records the new firmware version');
      // the package URL is protected by the task's token
      const url = `${cloud.emulator.httpUrl}/huawei/ota/${task.task_id}`;
      check((await cloud.http('GET', url)).status === 401, 'package refused without the token');
      check((await cloud.http('GET', url, undefined, { authorization: 'Bearer wrong' })).status === 401, 'package refused with a wrong token');
    } else await sleep(300_000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
