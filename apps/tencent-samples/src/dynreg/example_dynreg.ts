/**
 * Dynamic registration, then connect (vendor sample `dynreg/example_dynreg.py`): `dynregDevice()` runs before
 * `logInit`, because the MQTT client (and so the logger) only exists once the device has a secret.
 * @module
 */
import { join } from 'node:path';
import { QcloudHub } from '@iot/tencent';
import { isMain, runAsProgram, sampleEnv } from '../common/sample-env.js';
import { registerLoggingCallbacks, sampleLogger, waitConnected } from '../common/callbacks.js';

/** @returns true when the device registered, connected and read the server time */
export async function example_dynreg(): Promise<boolean> {
  const env = await sampleEnv({ deviceName: 'newdev1', placeholderSecret: true });
  try {
    const qcloud = new QcloudHub(env.deviceFile, null, env.tls, env.domain, false, env.options).hub;
    const domain = env.emulator ? `${env.emulator.httpUrl}/device/register` : null;
    const [ret, msg] = await qcloud.dynregDevice(10, domain);
    if (ret !== 0) {
      console.error('dynamic register fail, msg:', msg);
      return false;
    }
    const logger = sampleLogger(qcloud.logInit(qcloud.LoggerLevel.DEBUG, join(env.workDir, 'logs/log'), 1024 * 1024 * 10, 5, true));
    logger.debug('dynamic register success, psk: ***');
    registerLoggingCallbacks(qcloud, logger);
    qcloud.connect();
    if (!(await waitConnected(qcloud))) return false;
    const ts = await qcloud.getNtpAccurateTime();
    await qcloud.disconnect();
    return ts > 0;
  } finally {
    await env.close();
  }
}

if (isMain(import.meta.url)) runAsProgram(example_dynreg);
