/**
 * Reconnect with back-off and the offline buffer (Python `device/device_reconnect_sample.py`).
 * @module
 */
import { ClientConf, ConnectAuthInfo, ConnectListener, DefaultPublishActionListener, DeviceMessage, IotDevice } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

class CustomConnectListener extends ConnectListener {
  connection_lost(cause: string): void {
    logger.warning(`connection lost. cause: ${cause}`);
    logger.warning('you can define reconnect in this method.');
  }
  connect_complete(_reconnect: boolean, server_uri: string): void {
    logger.info(`connect success. server uri is ${server_uri}`);
  }
}

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const info = target.connect_auth_info;
  info.check_timestamp = '0';
  info.bs_mode = ConnectAuthInfo.BS_MODE_DIRECT_CONNECT;
  info.reconnect_on_failure = true;
  info.min_backoff = target.cloud ? 100 : 1 * 1000;
  info.max_backoff = target.cloud ? 500 : 30 * 1000;
  info.max_buffer_message = 100;
  const device = new IotDevice(new ClientConf(info, null, target.client_conf().options));
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    device.get_client().add_connect_listener(new CustomConnectListener());
    logger.info('begin report message');
    const device_message = new DeviceMessage({ content: 'Hello Huawei' });
    if (target.cloud) {
      const outage = target.cloud.outage(300);
      await sleep(50);
      device_message.content = 'sent while offline';
      device.get_client().report_device_message(device_message, new DefaultPublishActionListener());
      await outage;
      const up = await target.cloud.waitUp('/sys/messages/up', (u) => u.text.includes('sent while offline'));
      check(up !== undefined, 'buffered message replayed after the reconnect');
    } else {
      for (let i = 0; i < 3; i++) {
        device.get_client().report_device_message(device_message, new DefaultPublishActionListener());
        await sleep(10_000);
      }
    }
  } finally {
    await device.destroy();
    await target.close();
  }
}
