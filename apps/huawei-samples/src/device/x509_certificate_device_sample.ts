/**
 * X.509 certificate authentication (Python `device/x509_certificate_device_sample.py`).
 * @module
 */
import { ConnectAuthInfo, DefaultPublishActionListener, DeviceMessage, IotDevice } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  // locally: a generated certificate whose fingerprint is registered for the device; really: cert_path/key_path of the config
  const target = await sampleTarget({ x509: true });
  const info = target.connect_auth_info;
  info.auth_type = ConnectAuthInfo.X509_AUTH;
  info.bs_mode = ConnectAuthInfo.BS_MODE_DIRECT_CONNECT;
  const device = new IotDevice(target.client_conf());
  const cloud = target.cloud;
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    logger.info('begin report message');
    const device_message = new DeviceMessage({ content: 'Hello Huawei' });
    device.get_client().report_device_message(device_message, new DefaultPublishActionListener());
    if (cloud) {
      await cloud.waitFor(async () => (await cloud.messages(target.device_id)).some((m) => JSON.stringify(m.data).includes('Hello Huawei')), 'message recorded by the platform');
      const connects = await cloud.http<{ kind: string; tls?: boolean; passwordPresent?: boolean }[]>('GET', `${cloud.emulator.httpUrl}/trace?kind=connect`);
      check(connects.body.some((c) => c.tls === true && c.passwordPresent === false), 'connected over TLS without a password (certificate only)');
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
