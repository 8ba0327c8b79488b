/**
 * Messages down through the system topic and custom topics, re-subscribed on every connect (Python `message/message_delivery_sample.py`).
 * @module
 */
import { ConnectListener, IotDevice, RawDeviceMessage, RawDeviceMessageListener, RawMessage, RawMessageListener } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

const received: string[] = [];

class RawDeviceMsgListener extends RawDeviceMessageListener {
  on_raw_device_message(message: RawDeviceMessage): void {
    const device_msg = message.to_device_message();
    if (device_msg) logger.info(`on_device_message got system format: ${message.payload.toString()}`);
    else logger.info(`on_device_message: ${message.payload.toString()}`);
    received.push(`${device_msg ? 'system' : 'raw'} ${message.payload.toString()}`);
  }
}

class CustomTopicListener extends RawMessageListener {
  on_message_received(message: RawMessage): void {
    new RawDeviceMsgListener().on_raw_device_message(new RawDeviceMessage(message.payload as Buffer));
  }
}

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  received.length = 0;
  const target = await sampleTarget();
  target.connect_auth_info.reconnect_on_failure = true;
  const device = new IotDevice(target.client_conf());
  const id = target.device_id;
  const custom_topic = `$oc/devices/${id}/user/down`;
  const custom_policy_topic = 'testdevicetopic';
  let connects = 0;
  try {
    device.get_client().set_raw_device_msg_listener(new RawDeviceMsgListener());
    device.get_client().add_connect_listener(
      new (class extends ConnectListener {
        connection_lost(cause: string): void {
          logger.warning(`connection lost. cause: ${cause}`);
        }
        connect_complete(_reconnect: boolean, server_uri: string): void {
          device.get_client().subscribe_topic(custom_topic, 1, new CustomTopicListener());
          device.get_client().subscribe_topic(custom_policy_topic, 1, new CustomTopicListener());
          connects++;
          logger.info(`connect success. server uri is ${server_uri}`);
        }
      })(),
    );
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const cloud = target.cloud;
    if (cloud) {
      const subscribed = async (n: number): Promise<void> => {
        await cloud.waitFor(async () => {
          const t = await cloud.http<{ topic: string }[]>('GET', `${cloud.emulator.httpUrl}/trace?kind=subscribe`);
          return t.body.filter((e) => e.topic === custom_policy_topic).length >= n;
        }, 'custom topics subscribed');
      };
      await subscribed(1);
      // console: a message on the system topic, then on the two custom topics
      await cloud.call('POST', `/devices/${id}/messages`, { content: 'system format', name: 'n1', id: '1' });
      await cloud.call('POST', `/devices/${id}/messages`, { topic: custom_topic, payload: 'custom topic' });
      await cloud.call('POST', `/devices/${id}/messages`, { topic: custom_policy_topic, payload: 'policy topic' });
      await cloud.waitFor(() => received.length === 3, 'three downlinks received');
      check(received[0] === `system {"object_device_id":"${id}","name":"n1","id":"1","content":"system format"}`, `system message: ${received[0]}`);
      check(received.slice(1).join('|') === 'raw custom topic|raw policy topic', 'custom topic messages');
      // the platform drops the connection: connect_complete subscribes again after the reconnect
      await cloud.kick(id);
      await cloud.waitFor(() => connects === 2, 'reconnected', 15_000);
      await subscribed(2);
      await cloud.call('POST', `/devices/${id}/messages`, { topic: custom_topic, payload: 'after reconnect' });
      await cloud.waitFor(() => received.includes('raw after reconnect'), 'custom topic delivered after the reconnect');
    } else await sleep(60_000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
