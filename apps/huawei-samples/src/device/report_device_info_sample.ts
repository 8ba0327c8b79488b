/**
 * SDK, firmware and software version report (Python `device/report_device_info_sample.py`).
 * @module
 */
import { DeviceBaseInfo, IotDevice } from '@iot/huawei';
import { check, sampleTarget, sleep } from '../sample_env.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  target.connect_auth_info.auto_report_device_info = true;
  const device = new IotDevice(target.client_conf());
  const cloud = target.cloud;
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    if (cloud) {
      const auto = await cloud.waitFor(async () => (await cloud.call<{ sdk_info: Record<string, string> | null }>('GET', `/devices/${target.device_id}/info`)).sdk_info ?? undefined, 'automatic $sdk_info report');
      check(auto['device_sdk_version'] === 'Python_v1.2.0' && auto['fw_version'] === '', 'automatic sdk info');
    }
    const device_info = new DeviceBaseInfo();
    device_info.fw_version = 'v1.0';
    device_info.sw_version = 'v1.0';
    device.get_client().report_device_info(device_info);
    if (cloud) {
      const info = await cloud.waitFor(async () => {
        const i = await cloud.call<{ fw_version: string | null; sw_version: string | null }>('GET', `/devices/${target.device_id}/info`);
        return i.fw_version === 'v1.0' ? i : undefined;
      }, 'versions recorded by the platform');
      check(info.sw_version === 'v1.0', 'software version recorded');
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
