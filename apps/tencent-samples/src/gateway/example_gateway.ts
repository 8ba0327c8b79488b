/**
 * Gateway proxying (vendor sample `gateway/example_gateway.py`): sub-devices online, their data topics, offline,
 * bind / unbind, the bind list, then a firmware update of a sub-device through the gateway.
 * @module
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { QcloudHub, type gateway_subdev } from '@iot/tencent';
import { LOCAL_PRODUCT, isMain, runAsProgram, sampleEnv, secretFor, sleep } from '../common/sample-env.js';
import { registerLoggingCallbacks, sampleLogger, waitConnected } from '../common/callbacks.js';
import { SubdevOta } from './subdev_ota.js';

/** @returns true when every step worked */
export async function example_gateway(): Promise<boolean> {
  const subPid = LOCAL_PRODUCT.productId;
  const env = await sampleEnv({
    deviceName: 'gateway1',
    subDevices: [{ sub_productId: subPid, sub_devName: 'test1' }, { sub_productId: subPid, sub_devName: 'dev1' }],
    extraDevices: ['sub3'],
  });
  try {
    const otas: SubdevOta[] = [];
    const qcloud = new QcloudHub(env.deviceFile, null, env.tls, env.domain, false, env.options).hub;
    const logger = sampleLogger(qcloud.logInit(qcloud.LoggerLevel.DEBUG, join(env.workDir, 'logs/log'), 1024 * 1024 * 10, 5, true));
    registerLoggingCallbacks(qcloud, logger, { on_publish: (mid) => otas.forEach((o) => o.update_reply_mid(mid)) });
    qcloud.connect();
    if (!(await waitConnected(qcloud))) return false;

    qcloud.gatewayInit();
    const subdevs: gateway_subdev[] = [...qcloud.gatewaySubdevGetConfigList()];
    logger.debug('%d sub-devices configured', subdevs.length);
    let dataSeen = 0;
    for (const sub of subdevs) {
      const pid = sub.product_id!;
      const dn = sub.device_name!;
      if (qcloud.isSubdevStatusOnline(pid, dn)) continue;
      const [rc] = await qcloud.gatewaySubdevOnline(pid, dn);
      if (rc !== 0) {
        logger.error('online fail');
        return false;
      }
      qcloud.updateSubdevStatus(pid, dn, 'online');
      const topic = `${pid}/${dn}/data`;
      qcloud.registerUserCallback(topic, (t, qos, payload) => {
        logger.debug('subdev data %s %s', t, JSON.stringify(payload));
        dataSeen += 1;
      });
      qcloud.gatewaySubdevSubscribe([[topic, 0]]);
      await sleep(0.1);
      qcloud.publish(topic, { action: 'gateway subdev publish' }, 1);
      logger.debug('online success');
    }
    for (let i = 0; i < 20 && dataSeen < subdevs.length; i++) await sleep(0.1);
    const cloud = env.cloud;
    const onlineOnPlatform = async (): Promise<number> => (cloud ? (await cloud.subDevices(qcloud.getProductID(), qcloud.getDeviceName())).filter((d) => d.online).length : -1);
    // locally: the platform shows the sub-devices online
    if (cloud && (await onlineOnPlatform()) !== subdevs.length) return false;

    for (const sub of subdevs) {
      const [rc] = await qcloud.gatewaySubdevOffline(sub.product_id!, sub.device_name!);
      if (rc !== 0) return false;
      qcloud.updateSubdevStatus(sub.product_id!, sub.device_name!, 'offline');
      logger.debug('offline success');
    }

    if (cloud && (await onlineOnPlatform()) !== 0) return false;

    // bind a new sub-device with its own secret, list the bound ones, unbind it again
    const bindRc = (await qcloud.gatewaySubdevBind(subPid, 'sub3', secretFor('sub3')))[0];
    const [listRc, list] = await qcloud.gatewaySubdevGetBindList(qcloud.getProductID(), qcloud.getDeviceName());
    if (Array.isArray(list)) for (const d of list) logger.debug('subdev id:%s, name:%s', d.product_id, d.device_name);
    const unbindRc = (await qcloud.gatewaySubdevUnbind(subPid, 'sub3'))[0];
    if (bindRc !== 0 || listRc !== 0 || unbindRc !== 0) return false;

    // sub-device OTA: the first sub-device gets a firmware; the others stop after the version report
    const firmware = randomBytes(64 * 1024);
    const results = await Promise.all(
      subdevs.map((sub, i) => {
        const ota = new SubdevOta(sub.product_id!, sub.device_name!, qcloud, logger, env.workDir);
        otas.push(ota);
        const announce = async (): Promise<void> => {
          await env.cloud?.pushFirmware(sub.product_id!, sub.device_name!, '1.0.0', `sub-${sub.device_name}.bin`, firmware);
        };
        return ota.run(announce, i > 0 || !env.cloud);
      }),
    );
    await qcloud.disconnect();
    return dataSeen >= subdevs.length && results.every(Boolean);
  } finally {
    await env.close();
  }
}

if (isMain(import.meta.url)) runAsProgram(example_gateway);
