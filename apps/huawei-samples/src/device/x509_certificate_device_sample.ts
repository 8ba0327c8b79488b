/**
 * X.509 certificate authentication (Python `device/x509_certificate_device_sample.py`).
 * @module
 */
import path from 'node:path';
import { ClientConf, ConnectAuthInfo, DefaultPublishActionListener, DeviceMessage, IotDevice } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget({ tls: true });
  const info = target.connect_auth_info;
  info.auth_type = ConnectAuthInfo.X509_AUTH;
  info.cert_path = process.env['HUAWEI_CERT'] ?? path.join(target.cloud?.dir ?? '.', 'device.pem');
  info.key_path = process.env['HUAWEI_KEY'] ?? path.join(target.cloud?.dir ?? '.', 'device.key');
  info.bs_mode = ConnectAuthInfo.BS_MODE_DIRECT_CONNECT;
  const device = new IotDevice(new ClientConf(info, null, target.client_conf().options));
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    logger.info('begin report message');
    const device_message = new DeviceMessage({ content: 'Hello Huawei' });
    device.get_client().report_device_message(device_message, new DefaultPublishActionListener());
    if (target.cloud) check((await target.cloud.waitUp('/sys/messages/up')).text.includes('Hello Huawei'), 'message sent over TLS with the client certificate');
    else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
