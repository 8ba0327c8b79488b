/**
 * Custom topic round trip (Python `message/custom_topic_sample.py`).
 * @module
 */
import { IotDevice, RawMessage, RawMessageListener, dumps } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  const got: RawMessage[] = [];
  const cloud = target.cloud;
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const topic = `$oc/devices/${target.device_id}/user/topictest`;
    device.get_client().subscribe_topic(
      topic,
      1,
      new (class extends RawMessageListener {
        on_message_received(message: RawMessage): void {
          logger.info(`receive message, topic = ${message.topic}, payload = ${String(message.payload)}`);
          got.push(message);
        }
      })(),
    );
    await sleep(200);
    device.get_client().publish_raw_message(new RawMessage(topic, dumps({ topic })));
    if (cloud) {
      await cloud.waitFor(() => got.length === 1, 'message back on the subscribed custom topic');
      check(String(got[0]!.payload) === `{"topic": "${topic}"}`, 'round trip payload');
      await cloud.waitFor(async () => (await cloud.messages(target.device_id)).some((m) => m.topic === topic && JSON.stringify(m.data) === JSON.stringify({ topic })), 'platform recorded the custom-topic uplink');
      // and a console message on the same topic reaches the listener
      await cloud.call('POST', `/devices/${target.device_id}/messages`, { topic, payload: { from: 'console' } });
      await cloud.waitFor(() => got.length === 2, 'console message on the custom topic');
      check(String(got[1]!.payload) === '{"from":"console"}', 'console payload');
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
