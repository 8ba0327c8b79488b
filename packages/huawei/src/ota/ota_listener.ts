/**
 * {@link OTAListener}.
 * @module
 */
import type { OTAPackageInfo } from './ota_package_info.js';
import type { OTAPackageInfoV2 } from './ota_package_info_v2.js';
import type { OTAQueryVersion } from './ota_query_version.js';

/** Receives OTA requests of the platform. */
export abstract class OTAListener {
  /**
   * The platform asks for the current versions: answer with `OTAService.report_version`.
   * @param queryInfo - query parameters (camelCase name as in Python)
   */
  abstract on_query_version(queryInfo: OTAQueryVersion): void;
  /**
   * A new package is available: download, verify, install, then `report_ota_status`. May return a promise (it
   * runs on the callback queue, never inside an SDK call).
   * @param pkg - v1 or v2 package info
   */
  abstract on_receive_package_info(pkg: OTAPackageInfo | OTAPackageInfoV2): void | Promise<void>;
}
