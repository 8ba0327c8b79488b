/**
 * Messages up through the system topic, a custom topic, a custom-policy topic, and binary (Python `message/message_sample.py`).
 * @module
 */
import { DefaultPublishActionListener, DeviceMessage, IotDevice, RawMessage, dumps } from '@iot/huawei';
import { check, sampleTarget, sleep } from '../sample_env.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  const cloud = target.cloud;
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const custom_topic = `$oc/devices/${target.device_id}/user/topic1`;
    const custom_policy_topic = 'testdevicetopic';
    const default_publish_listener = new DefaultPublishActionListener();
    const device_message = new DeviceMessage({ content: 'Hello Huawei' });
    const device_message2 = new DeviceMessage({ content: 'Custom topic Message' });
    const device_message3 = new DeviceMessage({ content: 'Custom Policy topic Message' });
    const pause = cloud ? 10 : 1000;
    device.get_client().report_device_message(device_message, default_publish_listener);
    await sleep(pause);
    device.get_client().publish_raw_message(new RawMessage(custom_topic, dumps(device_message2.to_dict()), 1), default_publish_listener);
    await sleep(pause);
    device.get_client().publish_raw_message(new RawMessage(custom_policy_topic, dumps(device_message3.to_dict()), 1), default_publish_listener);
    await sleep(pause);
    device.get_client().publish_raw_message(new RawMessage(custom_policy_topic, Buffer.from('Custom Binary Message'), 1), default_publish_listener);
    if (cloud) {
      // the platform recorded all four, on their topics (in the order its handlers ran)
      const got = await cloud.waitFor(async () => {
        const m = await cloud.messages(target.device_id);
        return m.length >= 4 ? m : undefined;
      }, 'four messages recorded by the platform');
      const seen = got.map((m) => `${m.topic} ${typeof m.data === 'string' ? m.data : JSON.stringify(m.data)}`);
      const want = [
        `$oc/devices/${target.device_id}/sys/messages/up {"object_device_id":"","id":"","name":"","content":"Hello Huawei"}`,
        `${custom_topic} {"object_device_id":"","id":"","name":"","content":"Custom topic Message"}`,
        `${custom_policy_topic} {"object_device_id":"","id":"","name":"","content":"Custom Policy topic Message"}`,
        `${custom_policy_topic} Custom Binary Message`,
      ];
      check(JSON.stringify([...seen].sort()) === JSON.stringify([...want].sort()), `messages recorded: ${JSON.stringify(seen)}`);
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
