/**
 * {@link FileManagerService} (`$file_manager`).
 * @module
 */
import { stat } from 'node:fs/promises';
import { download, upload, type DownloadResult, type TransferProgress } from '@iot/core';
import { DeviceEvent } from '../client/request/device_event.js';
import { isDict, type JsonDict } from '../client/request/json_dict.js';
import { AbstractService } from '../service/abstract_service.js';
import type { ActionListener } from '../transport/action_listener.js';
import { get_event_time, sha256_hash_from_file } from '../utils/iot_util.js';
import { takeKwargs } from '../utils/kwargs.js';
import { FileManagerListener } from './file_manager_listener.js';
import { UrlInfo } from './url_info.js';

/** File upload/download through OBS URLs obtained from the platform. */
export class FileManagerService extends AbstractService {
  private readonly _upload_file_dict: Record<string, string> = {};
  private readonly _download_file_dict: Record<string, string> = {};
  private _listener: FileManagerListener | null = null;

  /** file name → local path of requested uploads. */
  get upload_file_dict(): Readonly<Record<string, string>> {
    return this._upload_file_dict;
  }
  /** file name → local path of requested downloads. */
  get download_file_dict(): Readonly<Record<string, string>> {
    return this._download_file_dict;
  }

  /** The listener. */
  get_listener(): FileManagerListener | null {
    return this._listener;
  }
  /**
   * Sets the listener.
   * @param listener - a FileManagerListener
   */
  set_listener(listener: FileManagerListener): void {
    this._listener = listener;
  }

  private report(event_type: string, paras: JsonDict, listener: ActionListener | null): void {
    const dev = this.get_iot_device();
    if (dev) dev.get_client().report_event(new DeviceEvent({ service_id: '$file_manager', event_type, event_time: get_event_time(), paras }), listener);
  }

  /**
   * Registers a file for upload and asks for its URL (a second request for the same name is ignored, as in Python).
   * @param file_name - name on the platform
   * @param file_path - local path
   * @param file_attributes - attributes (see get_upload_file_url), or `{ file_attributes }`
   */
  async upload_file(file_name: string, file_path: string, file_attributes: JsonDict | null = null): Promise<void> {
    if (file_name in this._upload_file_dict) return;
    this._upload_file_dict[file_name] = file_path;
    await this.get_upload_file_url(file_name, file_attributes);
  }

  /**
   * Asks for an upload URL (`get_upload_url`). Without attributes, sends the SHA-256 and size of the registered
   * file; with attributes, sends `{}` exactly as the Python SDK does (quirk Q26, kept for wire fidelity: the caller's
   * dict is not sent, so let the SDK compute hash and size by passing none).
   * @param file_name - file name
   * @param file_attributes - attributes
   * @param listener - optional outcome listener
   */
  async get_upload_file_url(file_name: string, file_attributes: JsonDict | null = null, listener: ActionListener | null = null): Promise<void> {
    const kw = takeKwargs(file_attributes, ['file_attributes', 'listener'] as const);
    if (kw) {
      file_attributes = (kw.file_attributes as JsonDict | null | undefined) ?? null;
      listener = (kw.listener as ActionListener | null | undefined) ?? null;
    }
    let attrs: JsonDict;
    if (file_attributes == null) {
      const p = this._upload_file_dict[file_name];
      if (p === undefined) throw new TypeError(`file not registered for upload: ${file_name}`);
      attrs = { hash_code: await sha256_hash_from_file(p), size: (await stat(p)).size };
    } else attrs = {}; // Q26 (kept): Python drops the caller's attributes
    this.report('get_upload_url', { file_name, file_attributes: attrs }, listener);
  }

  /**
   * Registers a download target and asks for the URL.
   * @param file_name - name on the platform
   * @param file_path - local path
   * @param file_attributes - attributes
   */
  download_file(file_name: string, file_path: string, file_attributes: JsonDict | null = null): void {
    if (file_name in this._download_file_dict) return;
    this._download_file_dict[file_name] = file_path;
    this.get_download_file_url(file_name, file_attributes);
  }

  /**
   * Asks for a download URL (`get_download_url`).
   * @param file_name - file name
   * @param file_attributes - attributes, sent when given
   * @param listener - optional outcome listener
   */
  get_download_file_url(file_name: string, file_attributes: JsonDict | null = null, listener: ActionListener | null = null): void {
    const kw = takeKwargs(file_attributes, ['file_attributes', 'listener'] as const);
    if (kw) {
      file_attributes = (kw.file_attributes as JsonDict | null | undefined) ?? null;
      listener = (kw.listener as ActionListener | null | undefined) ?? null;
    }
    const paras: JsonDict = { file_name };
    if (file_attributes != null) paras['file_attributes'] = file_attributes;
    this.report('get_download_url', paras, listener);
  }

  /**
   * Handles `get_upload_url_response` / `get_download_url_response`.
   * @param device_event - the event
   */
  override on_event(device_event: DeviceEvent): void {
    const l = this._listener;
    if (!(l instanceof FileManagerListener)) {
      this._iot_device?.get_client()._get_logger().warn('file manager listener is not set');
      return;
    }
    const info = new UrlInfo();
    info.convert_from_dict(isDict(device_event.paras) ? device_event.paras : {});
    if (device_event.event_type === 'get_upload_url_response') return void l.on_upload_url(info);
    if (device_event.event_type === 'get_download_url_response') return void l.on_download_url(info);
  }

  /**
   * Reports an upload result (`upload_result_report`).
   * @param object_name - object name
   * @param result_code - 0 success, 1 failure
   * @param status_code - HTTP status, or the keyword arguments `{ status_code, status_description, listener }`
   * @param status_description - text
   * @param listener - optional outcome listener
   */
  report_upload_result(
    object_name: string,
    result_code: number,
    status_code?: number | null | { status_code?: number | null; status_description?: string | null; listener?: ActionListener | null },
    status_description: string | null = null,
    listener: ActionListener | null = null,
  ): void {
    const kw = takeKwargs(status_code, ['status_code', 'status_description', 'listener'] as const);
    if (kw) {
      status_code = (kw.status_code as number | null | undefined) ?? null;
      status_description = (kw.status_description as string | null | undefined) ?? null;
      listener = (kw.listener as ActionListener | null | undefined) ?? null;
    }
    this.report('upload_result_report', resultParas(object_name, result_code, (status_code as number | null | undefined) ?? null, status_description), listener);
  }

  /**
   * Reports a download result (`download_result_report`).
   * @param object_name - object name
   * @param result_code - 0 success, 1 failure
   * @param status_code - HTTP status, or the keyword arguments `{ status_code, status_description, listener }`
   * @param status_description - text
   * @param listener - optional outcome listener
   */
  report_download_result(
    object_name: string,
    result_code: number,
    status_code?: number | null | { status_code?: number | null; status_description?: string | null; listener?: ActionListener | null },
    status_description: string | null = null,
    listener: ActionListener | null = null,
  ): void {
    const kw = takeKwargs(status_code, ['status_code', 'status_description', 'listener'] as const);
    if (kw) {
      status_code = (kw.status_code as number | null | undefined) ?? null;
      status_description = (kw.status_description as string | null | undefined) ?? null;
      listener = (kw.listener as ActionListener | null | undefined) ?? null;
    }
    this.report('download_result_report', resultParas(object_name, result_code, (status_code as number | null | undefined) ?? null, status_description), listener);
  }

  /**
   * TypeScript helper for listeners: HTTP PUT of the registered file to `url_info.url`, then `report_upload_result`.
   * @param url_info - the upload URL info
   * @param on_progress - progress callback
   * @returns the HTTP status (0 when the request failed)
   */
  async transfer_upload(url_info: UrlInfo, on_progress?: (p: TransferProgress) => void): Promise<number> {
    const p = this._upload_file_dict[url_info.object_name];
    if (p === undefined) throw new TypeError(`file not registered for upload: ${url_info.object_name}`);
    let status = 0;
    try {
      const res = await upload({ url: url_info.url, method: 'PUT', source: p, headers: { 'Content-Type': 'text/plain' }, ...(on_progress ? { onProgress: on_progress } : {}) });
      status = res.status;
    } catch (e) {
      this._iot_device?.get_client()._get_logger().error(`upload failed: ${String(e)}`);
    }
    this.report_upload_result(url_info.object_name, status === 200 ? 0 : 1, status);
    return status;
  }

  /**
   * TypeScript helper for listeners: HTTP GET of `url_info.url` into the registered path, then
   * `report_download_result`.
   * @param url_info - the download URL info
   * @param on_progress - progress callback
   * @returns the download result, or null when it failed
   */
  async transfer_download(url_info: UrlInfo, on_progress?: (p: TransferProgress) => void): Promise<DownloadResult | null> {
    const p = this._download_file_dict[url_info.object_name];
    if (p === undefined) throw new TypeError(`file not registered for download: ${url_info.object_name}`);
    try {
      const res = await download({ url: url_info.url, dest: p, resume: false, headers: { 'Content-Type': 'text/plain' }, ...(on_progress ? { onProgress: on_progress } : {}) });
      this.report_download_result(url_info.object_name, 0, 200);
      return res;
    } catch (e) {
      const status = (e as { status?: unknown }).status;
      this.report_download_result(url_info.object_name, 1, typeof status === 'number' ? status : null);
      return null;
    }
  }
}

function resultParas(object_name: string, result_code: number, status_code: number | null, status_description: string | null): JsonDict {
  const d: JsonDict = { object_name, result_code };
  if (status_code != null) d['status_code'] = status_code;
  if (status_description != null) d['status_description'] = status_description;
  return d;
}
