/**
 * Reconnect with back-off and the offline buffer (Python `device/device_reconnect_sample.py`).
 * @module
 */
import { ConnectAuthInfo, ConnectListener, DefaultPublishActionListener, DeviceMessage, IotDevice } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

class CustomConnectListener extends ConnectListener {
  lost = 0;
  completed = 0;
  connection_lost(cause: string): void {
    this.lost++;
    logger.warning(`connection lost. cause: ${cause}`);
    logger.warning('you can define reconnect in this method.');
  }
  connect_complete(_reconnect: boolean, server_uri: string): void {
    this.completed++;
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
  info.min_backoff = 1 * 1000;
  info.max_backoff = 30 * 1000;
  info.max_buffer_message = 100;
  const device = new IotDevice(target.client_conf());
  const cloud = target.cloud;
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const listener = new CustomConnectListener();
    device.get_client().add_connect_listener(listener);
    logger.info('begin report message');
    const device_message = new DeviceMessage({ content: 'Hello Huawei' });
    if (cloud) {
      device.get_client().report_device_message(device_message, new DefaultPublishActionListener());
      await cloud.waitFor(async () => (await cloud.messages(target.device_id)).length === 1, 'first message');
      // the platform drops the connection; while the SDK waits out its back-off (≥ 1.8 s) the sample keeps reporting
      await cloud.kick(target.device_id);
      await cloud.waitFor(() => listener.lost === 1, 'connection_lost');
      device.get_client().report_device_message(new DeviceMessage({ content: 'sent while offline' }), new DefaultPublishActionListener());
      const offline = await cloud.waitFor(async () => (await cloud.messages(target.device_id)).find((m) => JSON.stringify(m.data).includes('sent while offline')), 'buffered message replayed after the reconnect');
      check(listener.completed === 1, 'connect_complete after the reconnect');
      const trace = await cloud.http<{ kind: string; seq: number; returnCode?: number; topic?: string; payload?: string }[]>('GET', `${cloud.emulator.httpUrl}/trace?kind=connack,publish`);
      const connacks = trace.body.filter((e) => e.kind === 'connack' && e.returnCode === 0);
      const replay = trace.body.find((e) => e.kind === 'publish' && (e.payload ?? '').includes('sent while offline'));
      check(connacks.length === 2 && replay !== undefined && replay.seq > connacks[1]!.seq, 'the buffered message went out on the second connection');
      logger.info(`platform recorded: ${JSON.stringify(offline.data)}`);
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
