/**
 * OTA bookkeeping of the emulated IoT Hub: reported versions, update tasks pushed on `$ota/update/...`,
 * progress/result reports from `$ota/report/...` (spec 3.13).
 * @packageDocumentation
 */
import type { JsonObject } from './shadow.js';

/** State of an OTA task as the platform tracks it. */
export type OtaTaskState = 'pending' | 'downloading' | 'burning' | 'done' | 'fail';

/** One firmware update pushed to a device. */
export interface OtaTask {
  /** Target version. */
  version: string;
  /** Download URL. */
  url: string;
  /** File size in bytes. */
  fileSize: number;
  /** Hex MD5. */
  md5sum: string;
  /** Progress state. */
  state: OtaTaskState;
  /** Last reported percentage (0 when none). */
  percent: number;
  /** Last `result_code` (string, as the device sends it). */
  resultCode: string;
  /** Last `result_msg`. */
  resultMsg: string;
}

/** OTA view of one device. */
export interface OtaDeviceState {
  /** Last `report_version`. */
  reportedVersion: string | undefined;
  /** Current or last task. */
  task: OtaTask | undefined;
  /** Every report received (payload objects, oldest first, at most 200). */
  reports: JsonObject[];
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const MAX_REPORTS = 200;

/** Per-device OTA state. */
export class OtaService {
  private readonly devices = new Map<string, OtaDeviceState>();

  /** @returns the device's OTA state (created empty when unknown) */
  state(key: string): OtaDeviceState {
    let s = this.devices.get(key);
    if (!s) this.devices.set(key, (s = { reportedVersion: undefined, task: undefined, reports: [] }));
    return s;
  }

  /** Drops the OTA state of a device (its record was deleted). */
  forget(key: string): void {
    this.devices.delete(key);
  }

  /** Starts a task. @returns the `update_firmware` message for `$ota/update/...` */
  push(key: string, t: { version: string; url: string; fileSize: number; md5sum: string }): JsonObject {
    this.state(key).task = { ...t, state: 'pending', percent: 0, resultCode: '0', resultMsg: '' };
    return { file_size: t.fileSize, md5sum: t.md5sum, type: 'update_firmware', url: t.url, version: t.version };
  }

  /**
   * Handles one uplink on `$ota/report/...`.
   * @returns the reply for `$ota/update/...`, or undefined when nothing is answered
   * @throws TypeError for a malformed report (caller traces it)
   */
  report(key: string, msg: unknown): JsonObject | undefined {
    if (!isObject(msg) || typeof msg['type'] !== 'string') throw new TypeError('OTA report is not an object with a type');
    const s = this.state(key);
    const report = msg['report'];
    if (msg['type'] === 'report_version') {
      const version = isObject(report) ? report['version'] : undefined;
      if (typeof version !== 'string' || version === '' || version.length > 32) {
        return { result_code: -1, result_msg: 'invalid version', type: 'report_version_rsp', version: typeof version === 'string' ? version : '' };
      }
      this.remember(s, msg);
      s.reportedVersion = version;
      if (s.task && s.task.version === version && s.task.state !== 'fail') s.task.state = 'done';
      return { result_code: 0, result_msg: 'success', type: 'report_version_rsp', version };
    }
    if (msg['type'] === 'report_progress') {
      const progress = isObject(report) ? report['progress'] : undefined;
      if (!isObject(report) || !isObject(progress) || typeof progress['state'] !== 'string') throw new TypeError('report_progress without report.progress.state');
      this.remember(s, msg);
      const version = typeof report['version'] === 'string' ? report['version'] : (s.task?.version ?? '');
      if (!s.task || s.task.version !== version) s.task = { version, url: '', fileSize: 0, md5sum: '', state: 'pending', percent: 0, resultCode: '0', resultMsg: '' };
      const t = s.task;
      const state = progress['state'];
      if (state === 'downloading' || state === 'burning' || state === 'done' || state === 'fail') t.state = state;
      const pct = Number(progress['percent']);
      if (progress['percent'] !== undefined && Number.isFinite(pct)) t.percent = pct;
      if (state === 'done') t.percent = 100;
      if (progress['result_code'] !== undefined) t.resultCode = String(progress['result_code']);
      if (typeof progress['result_msg'] === 'string') t.resultMsg = progress['result_msg'];
      return undefined;
    }
    throw new TypeError(`unknown OTA report type ${JSON.stringify(msg['type'])}`);
  }

  private remember(s: OtaDeviceState, msg: JsonObject): void {
    s.reports.push(msg);
    if (s.reports.length > MAX_REPORTS) s.reports.splice(0, s.reports.length - MAX_REPORTS);
  }
}
