/**
 * Shared body of the four bootstrap samples (Python `bootstrap/bootstrap_*.py`): configure, connect (the SDK
 * provisions through the bootstrap server first), then report messages.
 * @module
 */
import path from 'node:path';
import { ClientConf, ConnectAuthInfo, DeviceMessage, IotDevice } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

/** Which strategy a sample shows. */
export interface BootstrapVariant {
  /** Registration group (mode 2) instead of the standard bootstrap (mode 1). */
  group: boolean;
  /** X.509 instead of a secret. */
  x509: boolean;
}

/**
 * Runs one bootstrap sample.
 * @param variant - strategy
 */
export async function runBootstrap(variant: BootstrapVariant): Promise<void> {
  const target = await sampleTarget({ tls: true, device_id: 'bootstrap_device_1' });
  const cloud = target.cloud;
  const info = target.connect_auth_info;
  if (!process.env['HUAWEI_SERVER_URI']) info.server_uri = '127.0.0.1'; // the bootstrap endpoint (iot-bs.cn-north-4.myhuaweicloud.com)
  info.check_timestamp = '0';
  info.bs_cert_path = info.iot_cert_path;
  if (variant.group) {
    info.bs_mode = ConnectAuthInfo.BS_MODE_BOOTSTRAP_WITH_SCOPEID;
    info.scope_id = process.env['HUAWEI_SCOPE_ID'] ?? 'scope_1';
    info.bs_message = '{"baseStrategyKeyword":"1111"}';
    if (!variant.x509) info.secret = process.env['HUAWEI_SCOPE_SECRET'] ?? Buffer.from('scope secret').toString('base64');
  } else {
    info.bs_mode = ConnectAuthInfo.BS_MODE_STANDARD_BOOTSTRAP;
    info.bs_message = '{"baseStrategyKeyword":"xxx"}';
  }
  if (variant.x509) {
    info.auth_type = ConnectAuthInfo.X509_AUTH;
    info.cert_path = process.env['HUAWEI_CERT'] ?? path.join(cloud?.dir ?? '.', 'device.pem');
    info.key_path = process.env['HUAWEI_KEY'] ?? path.join(cloud?.dir ?? '.', 'device.key');
  }
  const options = { ...target.client_conf().options };
  if (cloud) options.server_info_path = path.join(cloud.dir, 'server_info.json');
  const device = new IotDevice(new ClientConf(info, null, options));
  try {
    const connecting = device.connect();
    if (cloud) {
      const up = await cloud.waitUp(`/sys/bootstrap/up`);
      logger.info(`bootstrap request: ${up.text}`);
      await cloud.down(`$oc/devices/${target.device_id}/sys/bootstrap/down`, { address: '127.0.0.1:8883', ...(variant.group && !variant.x509 ? { deviceSecret: 'provisioned secret' } : {}) });
    }
    if ((await connecting) !== 0) throw new Error('init failed');
    logger.info(`provisioned to ${info.server_uri}:${info.port}`);
    logger.info('begin report message');
    const device_message = new DeviceMessage({ content: 'Hello Huawei' });
    device.get_client().report_device_message(device_message);
    if (cloud) check((await cloud.waitUp('/sys/messages/up')).text.includes('Hello Huawei'), 'message after bootstrap');
    else await sleep(10_000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
