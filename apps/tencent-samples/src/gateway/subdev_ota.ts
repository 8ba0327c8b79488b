/**
 * OTA of one gateway sub-device (vendor sample `gateway/subdev_ota.py`, class `SubdevOta`). The vendor started it
 * as a thread with a broken argument tuple (the thread never ran); here it is an async task.
 * @module
 */
import type { QcloudHubProvider } from '@iot/tencent';
import type { SampleLogger } from '../common/callbacks.js';
import { downloadFirmware } from '../ota/ota-session.js';
import { sleep } from '../common/sample-env.js';

/** Runs the OTA flow for one sub-device over the gateway's connection. */
export class SubdevOta {
  private reportRes = false;
  private replyMid = -1;
  private acked = false;

  /**
   * @param product_id - sub-device product id
   * @param device_name - sub-device name
   * @param handle - the gateway's client
   * @param logger - sample logger
   * @param dir - where firmware files go
   */
  constructor(
    readonly product_id: string,
    readonly device_name: string,
    private readonly handle: QcloudHubProvider,
    private readonly logger: SampleLogger,
    private readonly dir: string,
  ) {}

  /** Fed by the gateway's on_publish (PUBACK tracking). */
  update_reply_mid(mid: number): void {
    if (mid === this.replyMid) this.acked = true;
  }

  /**
   * @param onAnnounce - called once the version was acknowledged (the local console pushes a firmware here)
   * @param test - stop right after the version report (vendor test mode)
   * @returns true when the update (or, in test mode, the version report) succeeded
   */
  async run(onAnnounce: () => Promise<void>, test = false): Promise<boolean> {
    const q = this.handle;
    const [rc] = await q.otaInit(this.product_id, this.device_name, (_t, _q, payload) => {
      this.logger.debug('subdev %s on_ota_report:%s', this.device_name, JSON.stringify(payload));
      if ((payload as { result_code?: number }).result_code === 0) this.reportRes = true;
    });
    if (rc !== 0) return false;
    q.otaReportVersion(this.product_id, this.device_name, '0.1.0');
    for (let i = 0; i < 20 && !this.reportRes; i++) await sleep(0.1);
    if (!this.reportRes) return false;
    if (test) return true;
    await onAnnounce();
    for (let i = 0; i < 100 && !q.otaIsFetching(this.product_id, this.device_name); i++) await sleep(0.1);
    if (!q.otaIsFetching(this.product_id, this.device_name)) return false;
    const ok = await downloadFirmware(q, this.product_id, this.device_name, this.dir, `FW-${this.product_id}${this.device_name}_`, this.logger);
    // here the gateway would hand the image to the sub-device and wait for its result
    const [prc, mid] = ok ? q.otaReportUpgradeSuccess(this.product_id, this.device_name, null) : q.otaReportUpgradeFail(this.product_id, this.device_name, null);
    if (prc === 0) {
      this.replyMid = mid;
      for (let i = 0; i < 20 && !this.acked; i++) await sleep(0.1);
    }
    return ok && this.acked;
  }
}
