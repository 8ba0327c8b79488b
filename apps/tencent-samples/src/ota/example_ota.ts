/**
 * Firmware update with resume and a progress bar (vendor sample `ota/example_ota.py`). Locally the console pushes
 * a firmware and the file server cuts the first download in the middle, so the second round resumes from the
 * info file with an HTTP Range request and the running MD5 re-computed over the stored part.
 * @module
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { QcloudHub } from '@iot/tencent';
import { isMain, runAsProgram, sampleEnv, sleep } from '../common/sample-env.js';
import { registerLoggingCallbacks, sampleLogger, waitConnected } from '../common/callbacks.js';
import { eventually } from '../common/emulator-cloud.js';
import { downloadFirmware } from './ota-session.js';

/** @returns true when the firmware was downloaded, verified and reported */
export async function example_ota(): Promise<boolean> {
  const env = await sampleEnv();
  try {
    let g_packet_id = -1;
    let g_pub_ack = false;
    const qcloud = new QcloudHub(env.deviceFile, null, env.tls, env.domain, false, env.options).hub;
    const logger = sampleLogger(qcloud.logInit(qcloud.LoggerLevel.DEBUG, join(env.workDir, 'logs/log'), 1024 * 1024 * 10, 5, true));
    registerLoggingCallbacks(qcloud, logger, {
      on_publish: (mid) => {
        if (mid === g_packet_id) g_pub_ack = true;
      },
    });
    qcloud.connect();
    if (!(await waitConnected(qcloud))) return false;
    const product_id = qcloud.getProductID();
    const device_name = qcloud.getDeviceName();
    let g_report_res = false;
    await qcloud.otaInit(product_id, device_name, (topic, qos, payload) => {
      logger.debug('on_ota_report:payload:%s', JSON.stringify(payload));
      if ((payload as { result_code?: number }).result_code === 0) g_report_res = true;
    });

    const firmware = randomBytes(256 * 1024);
    let pushed = false;
    for (let round = 0; round < 5; round++) {
      g_report_res = false;
      qcloud.otaReportVersion(product_id, device_name, '0.1.0');
      await sleep(env.cloud ? 0.2 : 1);
      if (!g_report_res) continue;
      if (env.cloud && !pushed) {
        pushed = true;
        // cut the first download after 40% to show the resume
        await fetch(`${env.emulator!.httpUrl}/control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cutDownloadAfterBytes: Math.floor(firmware.length * 0.4), once: true }) });
        await env.cloud.pushFirmware(product_id, device_name, '1.0.0', 'fw-1.0.0.bin', firmware);
      }
      logger.debug('wait for ota upgrade command');
      for (let i = 0; i < (env.cloud ? 50 : 600) && !qcloud.otaIsFetching(product_id, device_name); i++) await sleep(0.1);
      if (!qcloud.otaIsFetching(product_id, device_name)) continue;
      const ok = await downloadFirmware(qcloud, product_id, device_name, env.workDir, 'FW_', logger);
      logger.debug('burning firmware...');
      const [rc, mid] = ok ? qcloud.otaReportUpgradeSuccess(product_id, device_name, null) : qcloud.otaReportUpgradeFail(product_id, device_name, null);
      if (rc === 0) {
        g_packet_id = mid;
        for (let i = 0; i < 10 && !g_pub_ack; i++) await sleep(0.5);
        g_pub_ack = false;
      }
      if (ok) {
        const cloud = env.cloud;
        // locally: the platform recorded the upgrade as done
        if (cloud && !(await eventually(async () => (await cloud.otaState(product_id, device_name)).task?.state === 'done'))) return false;
        logger.debug('ota test success...');
        await qcloud.disconnect();
        return true;
      }
    }
    return false;
  } finally {
    await env.close();
  }
}

if (isMain(import.meta.url)) runAsProgram(example_ota);
