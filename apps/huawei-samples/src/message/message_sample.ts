/**
 * Messages up through the system topic, a custom topic, a custom-policy topic, and binary (Python `message/message_sample.py`).
 * @module
 */
import { DefaultPublishActionListener, DeviceMessage, IotDevice, RawMessage, dumps } from '@iot/huawei';
import { check, sampleTarget, sleep } from '../local_cloud.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const custom_topic = `$oc/devices/${target.device_id}/user/topic1`;
    const custom_policy_topic = 'testdevicetopic';
    const default_publish_listener = new DefaultPublishActionListener();
    const device_message = new DeviceMessage({ content: 'Hello Huawei' });
    const device_message2 = new DeviceMessage({ content: 'Custom topic Message' });
    const device_message3 = new DeviceMessage({ content: 'Custom Policy topic Message' });
    const pause = target.cloud ? 10 : 1000;
    device.get_client().report_device_message(device_message, default_publish_listener);
    await sleep(pause);
    device.get_client().publish_raw_message(new RawMessage(custom_topic, dumps(device_message2.to_dict()), 1), default_publish_listener);
    await sleep(pause);
    device.get_client().publish_raw_message(new RawMessage(custom_policy_topic, dumps(device_message3.to_dict()), 1), default_publish_listener);
    await sleep(pause);
    device.get_client().publish_raw_message(new RawMessage(custom_policy_topic, Buffer.from('Custom Binary Message'), 1), default_publish_listener);
    const cloud = target.cloud;
    if (cloud) {
      await cloud.waitUp('/sys/messages/up');
      check((await cloud.waitUp(custom_topic)).text.includes('Custom topic Message'), 'custom topic');
      await cloud.waitUp(custom_policy_topic, (u) => u.text === 'Custom Binary Message');
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
