/**
 * SDK, firmware and software version report (Python `device/report_device_info_sample.py`).
 * @module
 */
import { DeviceBaseInfo, IotDevice } from '@iot/huawei';
import { check, sampleTarget, sleep } from '../local_cloud.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  target.connect_auth_info.auto_report_device_info = true;
  const device = new IotDevice(target.client_conf());
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const device_info = new DeviceBaseInfo();
    device_info.fw_version = 'v1.0';
    device_info.sw_version = 'v1.0';
    device.get_client().report_device_info(device_info);
    const cloud = target.cloud;
    if (cloud) {
      check((await cloud.waitUp('/sys/events/up', (u) => u.text.includes('"fw_version": ""'))).text.includes('"device_sdk_version": "Python_v1.2.0"'), 'automatic sdk info');
      await cloud.waitUp('/sys/events/up', (u) => u.text.includes('"fw_version": "v1.0"'));
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
