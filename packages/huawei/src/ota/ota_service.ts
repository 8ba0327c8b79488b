/**
 * {@link OTAService} (`$ota`).
 * @module
 */
import { download, HttpTimeoutError, IncompleteDownloadError, IntegrityError, type DownloadResult, type HttpTlsOptions, type TransferProgress } from '@iot/core';
import { DeviceEvent } from '../client/request/device_event.js';
import { isDict, type JsonDict } from '../client/request/json_dict.js';
import { AbstractService } from '../service/abstract_service.js';
import type { ActionListener } from '../transport/action_listener.js';
import { get_event_time } from '../utils/iot_util.js';
import { takeKwargs } from '../utils/kwargs.js';
import { OTAListener } from './ota_listener.js';
import { OTAPackageInfo } from './ota_package_info.js';
import { OTAPackageInfoV2 } from './ota_package_info_v2.js';
import { OTAQueryVersion } from './ota_query_version.js';

/** The OTA system service: parses upgrade events and reports versions and progress. */
export class OTAService extends AbstractService {
  /** Success. */
  static readonly OTA_CODE_SUCCESS = 0;
  /** Device busy. */
  static readonly OTA_CODE_BUSY = 1;
  /** Bad signal. */
  static readonly OTA_CODE_SIGNAL_BAD = 2;
  /** Already the latest version. */
  static readonly OTA_CODE_NO_NEED = 3;
  /** Low power. */
  static readonly OTA_CODE_LOW_POWER = 4;
  /** Not enough space. */
  static readonly OTA_CODE_LOW_SPACE = 5;
  /** Download timed out. */
  static readonly OTA_CODE_DOWNLOAD_TIMEOUT = 6;
  /** Package check failed. */
  static readonly OTA_CODE_CHECK_FAIL = 7;
  /** Unsupported package type. */
  static readonly OTA_CODE_UNKNOWN_TYPE = 8;
  /** Not enough memory. */
  static readonly OTA_CODE_LOW_MEMORY = 9;
  /** Installation failed. */
  static readonly OTA_CODE_INSTALL_FAIL = 10;
  /** Internal error. */
  static readonly OTA_CODE_INNER_ERROR = 255;

  private _ota_listener: OTAListener | null = null;

  /**
   * Sets the listener.
   * @param ota_listener - an OTAListener
   */
  set_ota_listener(ota_listener: OTAListener): void {
    this._ota_listener = ota_listener;
  }

  /**
   * Handles `$ota` events: `version_query`, `firmware_upgrade`, `software_upgrade` and their `_v2` forms.
   * @param device_event - the event
   */
  override on_event(device_event: DeviceEvent): void {
    const l = this._ota_listener;
    const log = this._iot_device?.get_client()._get_logger();
    if (!(l instanceof OTAListener)) {
      log?.warn('ota listener is not set');
      return;
    }
    const paras: JsonDict = isDict(device_event.paras) ? device_event.paras : {};
    switch (device_event.event_type) {
      case 'version_query': {
        const q = new OTAQueryVersion();
        q.convert_from_dict(paras);
        l.on_query_version(q);
        return;
      }
      case 'firmware_upgrade':
      case 'software_upgrade': {
        const pkg = new OTAPackageInfo();
        pkg.convert_from_dict(paras);
        this.runPackage(l, pkg);
        return;
      }
      case 'firmware_upgrade_v2':
      case 'software_upgrade_v2': {
        const pkg = new OTAPackageInfoV2();
        pkg.convert_from_dict(paras);
        this.runPackage(l, pkg);
        return;
      }
      default:
        return;
    }
  }

  /** Runs the (possibly long) package callback without blocking the dispatcher (quirk Q10 fixed). */
  private runPackage(l: OTAListener, pkg: OTAPackageInfo | OTAPackageInfoV2): void {
    const log = this._iot_device?.get_client()._get_logger();
    setImmediate(() => {
      try {
        const r = l.on_receive_package_info(pkg);
        if (r && typeof r.then === 'function') r.then(undefined, (e: unknown) => log?.error(`on_receive_package_info failed: ${String(e)}`));
      } catch (e) {
        log?.error(`on_receive_package_info threw: ${String(e)}`);
      }
    });
  }

  /**
   * TypeScript helper for `on_receive_package_info`: downloads a package to `file_path` (v1: with
   * `Authorization: Bearer <access_token>`), verifies its SHA-256 against `pkg.sign` while streaming (v1 always, v2
   * when a sign is present), reports progress (`upgrade_progress_report`, result 0, every `progress_step` percent)
   * and, on failure, the matching OTA code: 7 check failed (tampered), 6 download timeout / truncated, 255 other.
   * A failed or tampered download never leaves `file_path` behind.
   * @param pkg - the package info
   * @param file_path - where to store the package
   * @param opts - progress callback, progress report step (0 = no progress reports), TLS settings, timeout
   * @returns the download result, or null when it failed (the failure was reported)
   */
  async download_package(
    pkg: OTAPackageInfo | OTAPackageInfoV2,
    file_path: string,
    opts: { on_progress?: (p: TransferProgress) => void; progress_step?: number; tls?: HttpTlsOptions; timeout_ms?: number } = {},
  ): Promise<DownloadResult | null> {
    const headers: Record<string, string> = {};
    if (pkg instanceof OTAPackageInfo && pkg.access_token) headers['Authorization'] = `Bearer ${pkg.access_token}`;
    const sign = pkg.sign ? pkg.sign.toLowerCase() : undefined;
    const step = opts.progress_step ?? 10;
    let lastReported = -1;
    const onProgress = (p: TransferProgress): void => {
      opts.on_progress?.(p);
      if (step > 0 && p.percent !== undefined) {
        const pct = Math.floor(p.percent);
        if (pct >= lastReported + step && pct < 100) {
          lastReported = pct - (pct % step);
          this.report_ota_status(OTAService.OTA_CODE_SUCCESS, pkg.version, lastReported);
        }
      }
    };
    try {
      return await download({
        url: pkg.url,
        dest: file_path,
        resume: false,
        headers,
        onProgress,
        ...(sign && /^[0-9a-f]{64}$/.test(sign) ? { sha256: sign } : {}),
        ...(opts.tls ? { tls: opts.tls } : {}),
        ...(opts.timeout_ms ? { timeoutMs: opts.timeout_ms } : {}),
      });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const code =
        err instanceof IntegrityError ? OTAService.OTA_CODE_CHECK_FAIL : err instanceof HttpTimeoutError || err instanceof IncompleteDownloadError ? OTAService.OTA_CODE_DOWNLOAD_TIMEOUT : OTAService.OTA_CODE_INNER_ERROR;
      this._iot_device?.get_client()._get_logger().error(`ota download failed: ${err.message}`);
      this.report_ota_status(code, pkg.version, null, err.message);
      return null;
    }
  }

  private report(event_type: string, paras: JsonDict, listener: ActionListener | null): void {
    const dev = this.get_iot_device();
    if (!dev) return;
    dev.get_client().report_event(new DeviceEvent({ service_id: '$ota', event_type, event_time: get_event_time(), paras }), listener);
  }

  /**
   * Reports the current versions (`version_report`); only the non-null ones are sent. Keyword form:
   * `report_version({ sw_version: 'v2' })`.
   * @param fw_version - firmware version, or the keyword arguments
   * @param sw_version - software version
   * @param listener - optional outcome listener
   */
  report_version(fw_version?: string | null | { fw_version?: string | null; sw_version?: string | null; listener?: ActionListener | null }, sw_version: string | null = null, listener: ActionListener | null = null): void {
    const kw = takeKwargs(fw_version, ['fw_version', 'sw_version', 'listener'] as const);
    if (kw) {
      fw_version = (kw.fw_version as string | null | undefined) ?? null;
      sw_version = (kw.sw_version as string | null | undefined) ?? null;
      listener = (kw.listener as ActionListener | null | undefined) ?? null;
    }
    const paras: JsonDict = {};
    if (fw_version != null) paras['fw_version'] = fw_version;
    if (sw_version != null) paras['sw_version'] = sw_version;
    this.report('version_report', paras, listener);
  }

  /**
   * Reports upgrade progress or the result (`upgrade_progress_report`). Keyword form:
   * `report_ota_status(code, version, { progress: 100, description: 'upgrade success' })`.
   * @param result_code - an OTA_CODE_* value
   * @param version - the version (the new one on success)
   * @param progress - 0..100, or the keyword arguments
   * @param description - text
   * @param listener - optional outcome listener
   */
  report_ota_status(
    result_code: number,
    version: string,
    progress?: number | null | { progress?: number | null; description?: string | null; listener?: ActionListener | null },
    description: string | null = null,
    listener: ActionListener | null = null,
  ): void {
    const kw = takeKwargs(progress, ['progress', 'description', 'listener'] as const);
    if (kw) {
      progress = (kw.progress as number | null | undefined) ?? null;
      description = (kw.description as string | null | undefined) ?? null;
      listener = (kw.listener as ActionListener | null | undefined) ?? null;
    }
    const paras: JsonDict = { result_code, version };
    if (progress != null) paras['progress'] = progress;
    if (description != null) paras['description'] = description;
    this.report('upgrade_progress_report', paras, listener);
  }
}
