/**
 * Resource (file) upload (vendor sample `resourceManage/example_resourceManage.py`). Fixed sample placeholder:
 * the vendor passed an empty path to `resourceCreateUploadTask` (which raises); here a real file is created.
 * @module
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { QcloudHub } from '@iot/tencent';
import { isMain, runAsProgram, sampleEnv, sleep } from '../common/sample-env.js';
import { eventually } from '../common/emulator-cloud.js';
import { registerLoggingCallbacks, sampleLogger, waitConnected } from '../common/callbacks.js';

/** @returns true when the file was uploaded and the task finished */
export async function example_resourceManage(): Promise<boolean> {
  const env = await sampleEnv();
  try {
    const qcloud = new QcloudHub(env.deviceFile, null, env.tls, env.domain, false, env.options).hub;
    const logger = sampleLogger(qcloud.logInit(qcloud.LoggerLevel.DEBUG, join(env.workDir, 'logs/log'), 1024 * 1024 * 10, 5, true));
    registerLoggingCallbacks(qcloud, logger);
    qcloud.connect();
    if (!(await waitConnected(qcloud))) return false;
    const product_id = qcloud.getProductID();
    const device_name = qcloud.getDeviceName();
    let uploadUrl: string | null = null;
    let progressOk = false;
    const [rc] = await qcloud.resourceInit(product_id, device_name, (topic, qos, payload) => {
      const p = payload as { type?: string; url?: string; result_code?: number; result_msg?: string };
      logger.debug('on_resource_cb:%s', JSON.stringify(p));
      if (p.type === 'create_upload_task_rsp') uploadUrl = p.url ?? null;
      if (p.type === 'report_upload_progress_rsp' && p.result_code === 0 && p.result_msg === 'ok') progressOk = true;
    });
    if (rc !== 0) return false;
    const file = join(env.workDir, 'myres.txt');
    writeFileSync(file, 'hello resource');
    qcloud.resourceCreateUploadTask(product_id, device_name, file);
    for (let i = 0; i < 20 && uploadUrl === null; i++) await sleep(0.1);
    qcloud.resourceReportUploadProgress(product_id, device_name);
    if (uploadUrl === null) return false;
    const [urc] = await qcloud.resourceUploadfile(uploadUrl);
    for (let i = 0; i < 20 && !progressOk; i++) await sleep(0.1);
    if (urc !== 0 || !progressOk) return false;
    qcloud.resourceFinished();
    const cloud = env.cloud;
    // locally: the platform stored the file and closed the task
    if (cloud && !(await eventually(async () => (await cloud.resources(product_id, device_name)).some((r) => r.name === 'myres' && r.state === 'done' && r.size === 14)))) return false;
    logger.debug('resource uploaded and finished');
    await sleep(0.1);
    await qcloud.disconnect();
    return true;
  } finally {
    await env.close();
  }
}

if (isMain(import.meta.url)) runAsProgram(example_resourceManage);
