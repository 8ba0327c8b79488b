/**
 * Messages down through the system topic and custom topics, re-subscribed on every connect (Python `message/message_delivery_sample.py`).
 * @module
 */
import { ConnectListener, IotDevice, RawDeviceMessage, RawDeviceMessageListener, RawMessage, RawMessageListener } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

const received: string[] = [];

class RawDeviceMsgListener extends RawDeviceMessageListener {
  on_raw_device_message(message: RawDeviceMessage): void {
    const device_msg = message.to_device_message();
    if (device_msg) logger.info(`on_device_message got system format: ${message.payload.toString()}`);
    else logger.info(`on_device_message: ${message.payload.toString()}`);
    received.push(message.payload.toString());
  }
}

class CustomTopicListener extends RawMessageListener {
  on_message_received(message: RawMessage): void {
    new RawDeviceMsgListener().on_raw_device_message(new RawDeviceMessage(message.payload as Buffer));
  }
}

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  target.connect_auth_info.reconnect_on_failure = true;
  const device = new IotDevice(target.client_conf());
  const custom_topic = `$oc/devices/${target.device_id}/user/down`;
  const custom_policy_topic = 'testdevicetopic';
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
          logger.info(`connect success. server uri is ${server_uri}`);
        }
      })(),
    );
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const cloud = target.cloud;
    if (cloud) {
      await sleep(200);
      await cloud.down(`$oc/devices/${target.device_id}/sys/messages/down`, { content: 'system format' });
      await cloud.down(custom_topic, 'custom topic');
      await cloud.down(custom_policy_topic, 'policy topic');
      for (let i = 0; i < 300 && received.length < 3; i++) await sleep(10);
      check(received.length === 3, 'three downlinks received');
    } else await sleep(60_000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
