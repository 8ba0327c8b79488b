/**
 * Custom topic round trip (Python `message/custom_topic_sample.py`).
 * @module
 */
import { IotDevice, RawMessage, RawMessageListener, dumps } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  const got: RawMessage[] = [];
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
    for (let i = 0; i < 300 && got.length === 0; i++) await sleep(10);
    if (target.cloud) check(got.length === 1 && String(got[0]!.payload) === `{"topic": "${topic}"}`, 'round trip through the custom topic');
  } finally {
    await device.destroy();
    await target.close();
  }
}
