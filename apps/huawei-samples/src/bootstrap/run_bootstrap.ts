/**
 * Shared body of the four bootstrap samples (Python `bootstrap/bootstrap_*.py`): configure, connect (the SDK
 * provisions through the bootstrap server first, then connects to the IoTDA address it got), then report messages.
 * Locally the emulator is both the bootstrap server and IoTDA; the console creates the static strategy or the
 * registration group, naming `127.0.0.1:8883` as the IoTDA address handed out.
 * @module
 */
import path from 'node:path';
import { ClientConf, ConnectAuthInfo, DeviceMessage, IotDevice } from '@iot/huawei';
import { check, enc, logger, sampleTarget, sleep } from '../sample_env.js';

/** Which strategy a sample shows. */
export interface BootstrapVariant {
  /** Registration group (mode 2) instead of the standard bootstrap (mode 1). */
  group: boolean;
  /** X.509 instead of a secret. */
  x509: boolean;
}

/** The IoTDA address the local strategies and groups provision to (TLS; the SDK dials the emulator's real port). */
const LOCAL_IOTDA = '127.0.0.1:8883';

/**
 * Runs one bootstrap sample.
 * @param variant - strategy
 */
export async function runBootstrap(variant: BootstrapVariant): Promise<void> {
  const device_id = 'bootstrap_device_1';
  // registration-group devices do not exist before they bootstrap
  const target = await sampleTarget({ tls: true, x509: variant.x509, device_id, register: !variant.group });
  const cloud = target.cloud;
  const real = target.real;
  const info = target.connect_auth_info;
  info.server_uri = real ? (real.bs_server_uri ?? 'iot-bs.cn-north-4.myhuaweicloud.com') : '127.0.0.1';
  info.port = 8883;
  info.check_timestamp = '0';
  info.bs_cert_path = real?.bs_cert_path ?? info.iot_cert_path;
  const keyword = real?.bs_keyword ?? (variant.group ? '1111' : 'xxx');
  info.bs_message = JSON.stringify({ baseStrategyKeyword: keyword });
  const scope_id = real?.scope_id ?? 'localscope';
  const scope_secret = real?.scope_secret ?? Buffer.from('scope secret').toString('base64');
  if (variant.group) {
    info.bs_mode = ConnectAuthInfo.BS_MODE_BOOTSTRAP_WITH_SCOPEID;
    info.scope_id = scope_id;
    if (!variant.x509) info.secret = scope_secret;
  } else info.bs_mode = ConnectAuthInfo.BS_MODE_STANDARD_BOOTSTRAP;
  if (cloud) {
    if (variant.group) {
      await cloud.call('PUT', `/bootstrap/groups/${enc(scope_id)}`, variant.x509 ? { fingerprints: [target.cert_fingerprint], address: LOCAL_IOTDA } : { scopeSecret: scope_secret, address: LOCAL_IOTDA });
    } else await cloud.call('PUT', `/bootstrap/strategies/${enc(keyword)}`, { address: LOCAL_IOTDA });
  }
  const options = { ...target.options };
  if (cloud) options.server_info_path = path.join(target.dir, 'server_info.json');
  const device = new IotDevice(new ClientConf(info, null, options));
  try {
    if ((await device.connect()) !== 0) throw new Error('init failed');
    logger.info(`provisioned to ${info.server_uri}:${info.port}`);
    logger.info('begin report message');
    const device_message = new DeviceMessage({ content: 'Hello Huawei' });
    device.get_client().report_device_message(device_message);
    if (cloud) {
      check(`${info.server_uri}:${info.port}` === LOCAL_IOTDA, 'address from the bootstrap answer');
      await cloud.waitFor(async () => (await cloud.messages(device_id)).some((m) => JSON.stringify(m.data).includes('Hello Huawei')), 'message recorded after the bootstrap');
      const bs = await cloud.call<{ provisioned: { device_id: string; address: string; mode: string }[] }>('GET', '/bootstrap');
      check(bs.provisioned.length === 1 && bs.provisioned[0]!.device_id === device_id && bs.provisioned[0]!.address === LOCAL_IOTDA && bs.provisioned[0]!.mode === (variant.group ? 'group' : 'static'), 'platform provisioned the device');
      const rec = await cloud.call<{ hasSecret: boolean; fingerprint?: string; status?: string }>('GET', `/devices/${device_id}`);
      check(variant.x509 ? rec.fingerprint !== undefined : rec.hasSecret, 'device registered with its credential');
      check(rec.status === 'ONLINE', 'device online on IoTDA');
      const connects = await cloud.http<{ clientId: string; tls?: boolean }[]>('GET', `${cloud.emulator.httpUrl}/trace?kind=connect`);
      const ids = connects.body.map((c) => c.clientId.slice(device_id.length));
      const first = variant.group ? (variant.x509 ? `_0_${scope_id}` : `_0_${scope_id}_0_`) : '_0_0_';
      check(ids.length === 2 && ids[0]!.startsWith(first) && /^_0_0_\d{10}$/.test(ids[1]!) && connects.body.every((c) => c.tls === true), `bootstrap then IoTDA connection over TLS: ${ids.join(', ')}`);
    } else await sleep(10_000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
