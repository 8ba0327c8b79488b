/**
 * Basic connect and NTP time (vendor sample `mqtt/example_mqtt.py`).
 * @module
 */
import { join } from 'node:path';
import { QcloudHub } from '@iot/tencent';
import { isMain, runAsProgram, sampleEnv } from '../common/sample-env.js';
import { registerLoggingCallbacks, sampleLogger, waitConnected } from '../common/callbacks.js';

/** @returns true when connected and the server time was read */
export async function example_mqtt(): Promise<boolean> {
  const env = await sampleEnv();
  try {
    const qcloud = new QcloudHub(env.deviceFile, null, env.tls, env.domain, false, env.options).hub;
    const logger = sampleLogger(qcloud.logInit(qcloud.LoggerLevel.DEBUG, join(env.workDir, 'logs/log'), 1024 * 1024 * 10, 5, true));
    logger.debug('mqtt test start...');
    registerLoggingCallbacks(qcloud, logger);
    qcloud.connect();
    if (!(await waitConnected(qcloud))) {
      logger.error('mqtt test fail...');
      return false;
    }
    const ts = await qcloud.getNtpAccurateTime();
    if (ts < 0) {
      logger.error('get ntp time fail');
      return false;
    }
    logger.debug('current time:%s', new Date(ts).toISOString());
    await qcloud.disconnect();
    logger.debug('mqtt test success...');
    return true;
  } finally {
    await env.close();
  }
}

if (isMain(import.meta.url)) runAsProgram(example_mqtt);
