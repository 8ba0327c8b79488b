/**
 * HTTP publish, then MQTT (vendor sample `httpAccess/example_http.py`).
 * @module
 */
import { join } from 'node:path';
import { QcloudHub } from '@iot/tencent';
import { isMain, runAsProgram, sampleEnv } from '../common/sample-env.js';
import { registerLoggingCallbacks, sampleLogger } from '../common/callbacks.js';

/** @returns true when the HTTP publish was accepted and MQTT connected */
export async function example_http(): Promise<boolean> {
  const env = await sampleEnv();
  try {
    const qcloud = new QcloudHub(env.deviceFile, null, env.tls, env.domain, false, env.options).hub;
    const logger = sampleLogger(qcloud.logInit(qcloud.LoggerLevel.DEBUG, join(env.workDir, 'logs/log'), 1024 * 1024 * 10, 5, true));
    const [rc, resp] = await qcloud.httpDevice(null, null, 0, 10, env.emulator ? `${env.emulator.httpUrl}/device/publish` : null);
    logger.debug('http publish rc:%d resp:%s', rc, JSON.stringify(resp));
    if (rc !== 0) return false;
    registerLoggingCallbacks(qcloud, logger);
    qcloud.httpCallback(null, null, null, null, null, null);
    qcloud.connect();
    for (let i = 0; i < 3 && !qcloud.isHttpConnected(); i++) await new Promise((r) => setTimeout(r, 1000));
    if (!qcloud.isHttpConnected()) return false;
    const ts = await qcloud.getNtpAccurateTime();
    await qcloud.disconnect();
    return ts > 0;
  } finally {
    await env.close();
  }
}

if (isMain(import.meta.url)) runAsProgram(example_http);
