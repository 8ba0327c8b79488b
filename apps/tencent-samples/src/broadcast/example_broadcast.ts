/**
 * Broadcast receive (vendor sample `broadcast/example_broadcast.py`).
 * @module
 */
import { join } from 'node:path';
import { QcloudHub } from '@iot/tencent';
import { isMain, runAsProgram, sampleEnv, sleep } from '../common/sample-env.js';
import { registerLoggingCallbacks, sampleLogger, waitConnected } from '../common/callbacks.js';

/** @returns true when a broadcast message arrived */
export async function example_broadcast(): Promise<boolean> {
  const env = await sampleEnv();
  try {
    const qcloud = new QcloudHub(env.deviceFile, null, env.tls, env.domain, false, env.options).hub;
    const logger = sampleLogger(qcloud.logInit(qcloud.LoggerLevel.DEBUG, join(env.workDir, 'logs/log'), 1024 * 1024 * 10, 5, true));
    registerLoggingCallbacks(qcloud, logger);
    qcloud.connect();
    if (!(await waitConnected(qcloud))) return false;
    const product_id = qcloud.getProductID();
    const device_name = qcloud.getDeviceName();
    let received = false;
    qcloud.broadcastInit(product_id, device_name, (topic, qos, payload, userdata) => {
      logger.debug('on_broadcast_cb:topic:%s,payload:%s,userdata:%s', topic, JSON.stringify(payload), userdata);
      received = true;
    });
    await sleep(0.2);
    await env.cloud?.broadcast(product_id, device_name, { payload: 'broadcast test' });
    for (let i = 0; i < (env.cloud ? 20 : 600) && !received; i++) await sleep(0.1);
    await qcloud.disconnect();
    return received;
  } finally {
    await env.close();
  }
}

if (isMain(import.meta.url)) runAsProgram(example_broadcast);
