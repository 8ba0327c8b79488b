/**
 * Secret authentication and a periodic message report (Python `device/secret_device_sample.py`).
 * @module
 */
import { DefaultPublishActionListener, DeviceMessage, IotDevice } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget({ tls: true });
  const device = new IotDevice(target.client_conf());
  const cloud = target.cloud;
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    logger.info('begin report message');
    const default_publish_listener = new DefaultPublishActionListener();
    const device_message = new DeviceMessage();
    device_message.content = 'Hello Huawei';
    for (let i = 0; i < 3; i++) {
      device.get_client().report_device_message(device_message, default_publish_listener);
      await sleep(cloud ? 50 : 5000);
    }
    if (cloud) {
      // the platform authenticated the HMAC over TLS and recorded the three messages
      const got = await cloud.waitFor(async () => {
        const m = await cloud.messages(target.device_id);
        return m.length >= 3 ? m : undefined;
      }, 'three messages recorded by the platform');
      check(got.every((m) => m.topic === `$oc/devices/${target.device_id}/sys/messages/up` && JSON.stringify(m.data) === '{"object_device_id":"","id":"","name":"","content":"Hello Huawei"}'), 'message payloads');
      const info = await cloud.call<{ online: boolean; status: string }>('GET', `/devices/${target.device_id}/info`);
      check(info.online && info.status === 'ONLINE', 'device online on the platform');
      const connects = await cloud.http<{ kind: string; tls?: boolean }[]>('GET', `${cloud.emulator.httpUrl}/trace?kind=connect`);
      check(connects.body.length > 0 && connects.body.every((c) => c.tls === true), 'connected over TLS');
    }
  } finally {
    await device.destroy();
    await target.close();
  }
}
