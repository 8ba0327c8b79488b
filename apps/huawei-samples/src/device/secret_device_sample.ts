/**
 * Secret authentication and a periodic message report (Python `device/secret_device_sample.py`).
 * @module
 */
import { DefaultPublishActionListener, DeviceMessage, IotDevice } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget({ tls: true });
  const device = new IotDevice(target.client_conf());
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    logger.info('begin report message');
    const default_publish_listener = new DefaultPublishActionListener();
    const device_message = new DeviceMessage();
    device_message.content = 'Hello Huawei';
    for (let i = 0; i < 3; i++) {
      device.get_client().report_device_message(device_message, default_publish_listener);
      await sleep(target.cloud ? 50 : 5000);
    }
    if (target.cloud) {
      const up = await target.cloud.waitUp('/sys/messages/up');
      check(up.text === '{"object_device_id": "", "id": "", "name": "", "content": "Hello Huawei"}', 'message payload');
    }
  } finally {
    await device.destroy();
    await target.close();
  }
}
