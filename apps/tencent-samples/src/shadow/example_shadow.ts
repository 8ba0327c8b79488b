/**
 * Device shadow loop (vendor sample `shadow/example_shadow.py`), one pass as in the vendor's test mode.
 * Fixed sample bug: deltas are detected in the shadow callback (the vendor looked for them in on_message, which
 * never receives shadow messages).
 * @module
 */
import { join } from 'node:path';
import { QcloudHub } from '@iot/tencent';
import { isMain, runAsProgram, sampleEnv, sleep } from '../common/sample-env.js';
import { eventually } from '../common/emulator-cloud.js';
import { registerLoggingCallbacks, sampleLogger, waitConnected } from '../common/callbacks.js';

/** @returns true when get, reset-desired and report round trips worked */
export async function example_shadow(): Promise<boolean> {
  const env = await sampleEnv();
  try {
    const qcloud = new QcloudHub(env.deviceFile, null, env.tls, env.domain, false, env.options).hub;
    const logger = sampleLogger(qcloud.logInit(qcloud.LoggerLevel.DEBUG, join(env.workDir, 'logs/log'), 1024 * 1024 * 10, 5, true));
    registerLoggingCallbacks(qcloud, logger);
    qcloud.connect();
    if (!(await waitConnected(qcloud))) return false;
    const product_id = qcloud.getProductID();
    const device_name = qcloud.getDeviceName();

    let replies = 0;
    let deltaArrived = false;
    const [rc] = qcloud.shadowInit(product_id, device_name, (topic, qos, payload, userdata) => {
      logger.debug('on_shadow_cb:topic:%s,payload:%s,userdata:%s', topic, JSON.stringify(payload), userdata);
      const p = payload as { type?: string };
      if (p.type === 'delta') deltaArrived = true;
      else replies += 1;
    });
    if (rc !== 0) return false;
    await sleep(0.2);
    // the console changes the desired state: a delta arrives
    await env.cloud?.setDesired(product_id, device_name, { updateCount: 100 });

    const prop = new qcloud.device_property();
    prop.key = 'updateCount';
    prop.data = 0;
    prop.type = 'int';
    const prop1 = new qcloud.device_property();
    prop1.key = 'updateCount12';
    prop1.data = 'shadow';
    prop1.type = 'string';

    const waitReply = async (n: number): Promise<boolean> => {
      for (let i = 0; i < 3 && replies < n; i++) await sleep(0.5);
      return replies >= n;
    };
    qcloud.getShadow(product_id, device_name);
    if (!(await waitReply(1))) return false;
    for (let i = 0; i < 6 && !deltaArrived && env.cloud; i++) await sleep(0.05);
    if (deltaArrived) {
      const desire = qcloud.shadowJsonConstructDesireAllNull(product_id, device_name)!;
      qcloud.shadowUpdate(product_id, device_name, desire, JSON.stringify(desire).length);
      if (!(await waitReply(2))) return false;
    }
    prop.data = 1;
    const report = qcloud.shadowJsonConstructReport(product_id, device_name, prop, prop1)!;
    qcloud.shadowUpdate(product_id, device_name, report, JSON.stringify(report).length);
    qcloud.getShadow(product_id, device_name);
    let ok = await waitReply(deltaArrived ? 4 : 3);
    const cloud = env.cloud;
    if (ok && cloud) {
      // locally: the platform's document holds the report and no desired state any more
      ok = await eventually(async () => {
        const doc = await cloud.shadowDocument(product_id, device_name);
        logger.debug('platform shadow: %s', JSON.stringify(doc));
        return doc.state.reported?.['updateCount'] === 1 && doc.state.reported['updateCount12'] === 'shadow' && doc.state.desired === undefined;
      });
    }
    logger.debug(ok ? 'shadow test success...' : 'shadow test fail...');
    await qcloud.disconnect();
    return ok && (deltaArrived || !env.cloud);
  } finally {
    await env.close();
  }
}

if (isMain(import.meta.url)) runAsProgram(example_shadow);
