/**
 * RRPC (vendor sample `rrpc/example_rrpc.py`). Fixed sample bug: the callback uses the client it was given
 * (the vendor's callback referenced an undefined global `qcloud`).
 * @module
 */
import { join } from 'node:path';
import { QcloudHub } from '@iot/tencent';
import { isMain, runAsProgram, sampleEnv, sleep } from '../common/sample-env.js';
import { registerLoggingCallbacks, sampleLogger, waitConnected } from '../common/callbacks.js';

/** @returns true when a request was answered */
export async function example_rrpc(): Promise<boolean> {
  const env = await sampleEnv();
  try {
    const qcloud = new QcloudHub(env.deviceFile, null, env.tls, env.domain, false, env.options).hub;
    const logger = sampleLogger(qcloud.logInit(qcloud.LoggerLevel.DEBUG, join(env.workDir, 'logs/log'), 1024 * 1024 * 10, 5, true));
    registerLoggingCallbacks(qcloud, logger);
    qcloud.connect();
    if (!(await waitConnected(qcloud))) return false;
    const product_id = qcloud.getProductID();
    const device_name = qcloud.getDeviceName();
    let answered = false;
    qcloud.rrpcInit(product_id, device_name, (topic, qos, payload, userdata) => {
      logger.debug('on_rrpc_cb:topic:%s,payload:%s,userdata:%s', topic, JSON.stringify(payload), userdata);
      const r = qcloud.rrpcReply(product_id, device_name, 'ok', 2);
      answered = r !== null && r[0] === 0;
    });
    await sleep(0.2);
    if (env.cloud) {
      const reply = await env.cloud.rrpc(product_id, device_name, { payload: 'rrpc test' });
      logger.debug('cloud got the reply %s', reply);
      if (reply !== '"ok"') return false;
    } else {
      for (let i = 0; i < 60 && !answered; i++) await sleep(1);
    }
    await qcloud.disconnect();
    return answered;
  } finally {
    await env.close();
  }
}

if (isMain(import.meta.url)) runAsProgram(example_rrpc);
