/**
 * {@link FileManagerListener}.
 * @module
 */
import type { UrlInfo } from './url_info.js';

/** Receives upload/download URLs. */
export abstract class FileManagerListener {
  /**
   * Upload URL: PUT the file, then `report_upload_result`.
   * @param url_info - URL info
   */
  abstract on_upload_url(url_info: UrlInfo): void | Promise<void>;
  /**
   * Download URL: GET the file, then `report_download_result`.
   * @param url_info - URL info
   */
  abstract on_download_url(url_info: UrlInfo): void | Promise<void>;
}
