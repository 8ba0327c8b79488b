/**
 * OTA handler of one (productId, deviceName) (the Python `Ota` class): version report, update notification,
 * firmware download with HTTP Range and chunked reads, running MD5, progress and result reports.
 * @module
 */
import { createHash, type Hash } from 'node:crypto';
import { HttpStatusError, openDownloadStream, type HttpTlsOptions, pyJsonDumps } from '@iot/core';
import { TopicProvider } from '../../utils/topics.js';
import { KeyError } from '../../hub/errors.js';
import { assertParam, type FeatureCallback, type ServiceContext } from '../context.js';
import { OtaCmdType, OtaReportType, OtaState } from './ota-types.js';
import { ChunkReader } from './chunk-reader.js';

/** The download state of the handler (Python `ota_manage`). */
export interface OtaManager {
  /** Handler state. */
  state: OtaState;
  /** Bytes fetched so far (offset included). */
  size_fetched: number;
  /** Bytes of the last read. */
  size_last_fetched: number;
  /** Announced file size. */
  file_size: number;
  /** Firmware URL. */
  purl: string | null;
  /** Announced version. */
  version: string | null;
  /** Announced MD5 hex. */
  md5sum: string | null;
  /** Running MD5. */
  md5: Hash | null;
  /** Host header value (vendor rule: up to the last `/`). */
  host: string | null;
  /** URL contains `https://`. */
  is_https: boolean;
  /** Unix seconds of the last progress report. */
  report_timestamp: number;
}

/** Low-level HTTP state (Python `http_manage`). */
interface HttpManager {
  reader: ChunkReader | null;
  close: (() => void) | null;
  err_code: number;
  err_reason: string | null;
}

/** TLS and clock settings of downloads. */
export interface OtaEnvironment {
  /** TLS for https URLs. */
  tls: HttpTlsOptions;
  /** Clock in ms. */
  now: () => number;
}

const MIN_VERSION = 1;
const MAX_VERSION = 32;

/** OTA handler. */
export class Ota {
  /** Topics of the device. */
  readonly topic: TopicProvider;
  /** Download state. */
  readonly manager: OtaManager = {
    state: OtaState.IOT_OTAS_UNINITED,
    size_fetched: 0,
    size_last_fetched: 0,
    file_size: 0,
    purl: null,
    version: null,
    md5sum: null,
    md5: null,
    host: null,
    is_https: false,
    report_timestamp: 0,
  };
  private http: HttpManager | null = null;
  private callback: FeatureCallback | undefined;

  /** @param ctx - hub services @param env - TLS and clock @param productId - product id @param deviceName - device name */
  constructor(
    private readonly ctx: ServiceContext,
    private readonly env: OtaEnvironment,
    productId: string,
    deviceName: string,
  ) {
    this.topic = new TopicProvider(productId, deviceName);
  }

  private publish(message: unknown, qos: number): [number, number] {
    return this.ctx.protocol.publish(this.topic.ota_report_topic_pub, pyJsonDumps(message), qos);
  }

  /**
   * Handles `$ota/update/…`: `report_version_rsp` goes to the callback, `update_firmware` starts FETCHING.
   * @throws KeyError when an `update_firmware` lacks one of its four keys (logged by the caller)
   */
  handle_ota(topic: string, qos: number, payload: unknown, userdata: unknown): void {
    const p = payload as Record<string, unknown> | null;
    if (p === null || typeof p !== 'object' || !('type' in p)) throw new KeyError('type');
    if (p['type'] === 'report_version_rsp') {
      if (this.callback) this.callback(topic, qos, payload, userdata);
      else this.ctx.logger.error('no callback for topic %s', topic);
    } else if (p['type'] === 'update_firmware') {
      this.infoGet(p);
    }
  }

  private infoGet(p: Record<string, unknown>): void {
    for (const k of ['file_size', 'version', 'url', 'md5sum']) if (!(k in p)) throw new KeyError(k);
    // Python compared `file_size > 0` and searched `'https://' in url`, which raised TypeError for values of other
    // types before the state changed: such a notification starts nothing here either
    if (typeof p['file_size'] !== 'number') throw new TypeError(`update_firmware file_size is not a number: ${JSON.stringify(p['file_size'])}`);
    if (typeof p['url'] !== 'string') throw new TypeError(`update_firmware url is not a string: ${JSON.stringify(p['url'])}`);
    const m = this.manager;
    const size = Number(p['file_size']);
    if (size > 0) m.file_size = size;
    const version = p['version'];
    if (typeof version === 'string' && version.length > 0) m.version = version;
    const url = p['url'];
    if (typeof url === 'string' && url.length > 0) {
      m.purl = url;
      const last = url.lastIndexOf('/');
      if (url.includes('https://')) {
        m.is_https = true;
        m.host = url.slice(8, last < 8 ? 8 : last);
      } else {
        m.is_https = false;
        m.host = url.slice(7, last < 7 ? 7 : last);
      }
    }
    const md5sum = p['md5sum'];
    if (typeof md5sum === 'string' && md5sum.length > 0) m.md5sum = md5sum;
    // intentional fix: a new notification starts a new download (the vendor kept the old counters)
    m.size_fetched = 0;
    m.size_last_fetched = 0;
    m.md5 = createHash('md5');
    m.state = OtaState.IOT_OTAS_FETCHING;
  }

  private progressMessage(state: string, percent: number | null, resultCode: number, resultMsg: string, version: string | null): Record<string, unknown> {
    const progress: Record<string, unknown> = percent === null
      ? { state, result_code: String(resultCode), result_msg: resultMsg }
      : { state, percent: String(percent), result_code: String(resultCode), result_msg: resultMsg };
    return { type: 'report_progress', report: { progress, version } };
  }

  private reportMessage(version: string | null, progress: number, type: OtaReportType): Record<string, unknown> | null {
    switch (type) {
      case OtaReportType.IOT_OTAR_DOWNLOAD_BEGIN:
        return this.progressMessage('downloading', 0, 0, '', version);
      case OtaReportType.IOT_OTAR_DOWNLOADING:
        return this.progressMessage('downloading', progress, 0, '', version);
      case OtaReportType.IOT_OTAR_DOWNLOAD_TIMEOUT:
      case OtaReportType.IOT_OTAR_FILE_NOT_EXIST:
      case OtaReportType.IOT_OTAR_MD5_NOT_MATCH:
      case OtaReportType.IOT_OTAR_AUTH_FAIL:
      case OtaReportType.IOT_OTAR_UPGRADE_FAIL:
        return this.progressMessage('fail', null, type, 'time_out', version);
      case OtaReportType.IOT_OTAR_UPGRADE_BEGIN:
        return this.progressMessage('burning', null, 0, '', version);
      case OtaReportType.IOT_OTAR_UPGRADE_SUCCESS:
        return this.progressMessage('done', null, 0, '', version);
      default:
        this.ctx.logger.error('not support report_type:%d', type);
        return null;
    }
  }

  private reportResult(version: string | null, type: OtaReportType): [number, number] {
    if (this.manager.state === OtaState.IOT_OTAS_UNINITED) throw new TypeError('ota handle is uninitialized');
    const msg = this.reportMessage(version, 1, type);
    return msg ? this.publish(msg, 1) : [-1, -1];
  }

  private reportProgress(percent: number, version: string | null, type: OtaReportType): [number, number] {
    if (this.manager.state === OtaState.IOT_OTAS_UNINITED) throw new TypeError('ota handle is uninitialized');
    const msg = this.reportMessage(version, percent, type);
    if (!msg) return [-1, -1];
    this.ctx.logger.debug('[ota report] %s', msg);
    return this.publish(msg, 0);
  }

  /** `done` report at QoS 1. */
  ota_report_upgrade_success(version: string | null): [number, number] {
    return this.reportResult(version ?? this.manager.version, OtaReportType.IOT_OTAR_UPGRADE_SUCCESS);
  }

  /** `fail` report (`-5`) at QoS 1. */
  ota_report_upgrade_fail(version: string | null): [number, number] {
    return this.reportResult(version ?? this.manager.version, OtaReportType.IOT_OTAR_UPGRADE_FAIL);
  }

  /** Number ioctl (fetched size, file size, firmware check). */
  ota_ioctl_number(cmd: number): [number, string] {
    const m = this.manager;
    if (m.state === OtaState.IOT_OTAS_INITED || m.state === OtaState.IOT_OTAS_UNINITED) return [-1, 'state error'];
    if (cmd === OtaCmdType.IOT_OTAG_FETCHED_SIZE) return [m.size_fetched, 'success'];
    if (cmd === OtaCmdType.IOT_OTAG_FILE_SIZE) return [m.file_size, 'success'];
    if (cmd === OtaCmdType.IOT_OTAG_CHECK_FIRMWARE) {
      if (m.state !== OtaState.IOT_OTAS_FETCHED) return [-1, 'state error'];
      if (m.md5 !== null && m.md5.copy().digest('hex') === m.md5sum) return [0, 'success'];
      this.reportResult(m.version, OtaReportType.IOT_OTAR_MD5_NOT_MATCH);
      return [-1, 'md5 error'];
    }
    return [-1, 'cmd type error'];
  }

  /** String ioctl (version, MD5). */
  ota_ioctl_string(cmd: number, length: number): [string, string] {
    const m = this.manager;
    if (m.state === OtaState.IOT_OTAS_INITED || m.state === OtaState.IOT_OTAS_UNINITED) return ['null', 'state error'];
    if (cmd === OtaCmdType.IOT_OTAG_VERSION) {
      const v = m.version ?? '';
      return v.length > length ? ['null', 'version length error'] : [v, 'success'];
    }
    if (cmd === OtaCmdType.IOT_OTAG_MD5SUM) {
      const v = m.md5sum ?? '';
      return v.length > length ? ['null', 'md5sum length error'] : [v, 'success'];
    }
    return ['null', 'cmd type error'];
  }

  /** Restarts the running MD5. */
  ota_reset_md5(): number {
    this.manager.md5 = createHash('md5');
    return 0;
  }

  /** Feeds bytes to the running MD5. */
  ota_md5_update(buf: Buffer | Uint8Array | string | null | undefined): number {
    if (buf === null || buf === undefined) {
      this.ctx.logger.error('buf is none');
      return -1;
    }
    if (this.manager.md5 === null) {
      this.ctx.logger.error('md5 handle is uninitialized');
      return -1;
    }
    this.manager.md5.update(buf);
    return 0;
  }

  /** Subscribes `$ota/update/…` at QoS 1. */
  ota_init(cb: FeatureCallback): [number, number | null] {
    this.callback = cb;
    this.manager.state = OtaState.IOT_OTAS_UNINITED;
    return this.ctx.protocol.subscribe(this.topic.ota_update_topic_sub, 1);
  }

  /** After the SUBACK: INITED with a fresh MD5. */
  ota_manager_init(): void {
    this.manager.state = OtaState.IOT_OTAS_INITED;
    this.manager.md5 = createHash('md5');
  }

  /** @returns state is FETCHING */
  ota_is_fetching(): boolean {
    return this.manager.state === OtaState.IOT_OTAS_FETCHING;
  }

  /** @returns state is FETCHED */
  ota_is_fetch_finished(): boolean {
    return this.manager.state === OtaState.IOT_OTAS_FETCHED;
  }

  private closeHttp(): void {
    const h = this.http;
    if (h?.close) h.close();
    if (h?.reader) void h.reader.close();
  }

  /**
   * Opens the download: GET with `Range: bytes={offset}-{size}` and the vendor headers.
   * @returns 0 opened, 1 failed
   */
  async http_init(host: string | null, url: string | null, offset: number, size: number, timeoutSec: number): Promise<number> {
    this.closeHttp();
    const http: HttpManager = { reader: null, close: null, err_code: 0, err_reason: null };
    this.http = http;
    const headers: Record<string, string> = {
      Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'Accept-Encoding': 'gzip, deflate',
      Range: `bytes=${Math.trunc(offset)}-${Math.trunc(size)}`,
    };
    if (host) headers['Host'] = host;
    const https = this.manager.is_https;
    try {
      if (!url) throw new TypeError('unknown url type: None');
      const stream = await openDownloadStream({ url, headers, timeoutMs: timeoutSec * 1000, ...(https ? { tls: this.env.tls } : {}) });
      http.reader = new ChunkReader(stream.body);
      http.close = () => stream.close();
      return 0;
    } catch (err) {
      if (https) {
        if (err instanceof HttpStatusError) http.err_code = err.status;
        else http.err_reason = (err as Error).message;
      }
      this.ctx.logger.error('http%s connect error:%s', https ? 's' : '', (err as Error).message);
      return 1;
    }
  }

  /**
   * Reads up to `bufLen` bytes.
   * @returns `[bytes, n]`, `[null, -1]` when nothing is open, `[null, -2]` on a read error
   */
  async http_fetch(bufLen: number): Promise<[Buffer | null, number]> {
    const reader = this.http?.reader;
    if (!reader) return [null, -1];
    try {
      const buf = await reader.read(bufLen);
      return [buf, buf.length];
    } catch (err) {
      this.ctx.logger.error('http read error:%s', (err as Error).message);
      return [null, -2];
    }
  }

  /** @returns whether `http_init` was ever called */
  get http_opened(): boolean {
    return this.http !== null;
  }

  /**
   * `report_version` at QoS 1.
   * @throws TypeError `Invalid param.`, RangeError `Invalid version length`, TypeError `ota handle is uninitialized`
   */
  ota_report_version(version: string): [number, number] {
    assertParam(version);
    if (version.length < MIN_VERSION || version.length > MAX_VERSION) throw new RangeError('Invalid version length');
    if (this.manager.state === OtaState.IOT_OTAS_UNINITED) throw new TypeError('ota handle is uninitialized');
    return this.publish({ type: 'report_version', report: { version } }, 1);
  }

  /**
   * Starts (or resumes) the download.
   * @returns 0 ok, 1 failed (403/404/408 over https also send a fail report)
   * @throws RangeError `Invalid length.`
   */
  async ota_download_start(offset: number, size: number): Promise<number> {
    if (offset < 0 || size <= 0) throw new RangeError('Invalid length.');
    if (offset === 0) this.ota_reset_md5();
    // intentional fix: the vendor added offset to whatever was fetched before, so a resume in the same
    // process counted the first part twice; a fresh handler gives the same value either way
    this.manager.size_fetched = offset;
    const rc = await this.http_init(this.manager.host, this.manager.purl, offset, size, 10);
    if (rc !== 0) {
      const code = this.http?.err_code ?? 0;
      if (code === 403) this.reportResult(this.manager.version, OtaReportType.IOT_OTAR_AUTH_FAIL);
      else if (code === 404) this.reportResult(this.manager.version, OtaReportType.IOT_OTAR_FILE_NOT_EXIST);
      else if (code === 408) this.reportResult(this.manager.version, OtaReportType.IOT_OTAR_DOWNLOAD_TIMEOUT);
      else this.ctx.logger.error('http_init error:%d', code);
    }
    return rc;
  }

  /**
   * Reads the next chunk, sends the progress reports and feeds the MD5.
   * @returns `[bytes, n]` (n = 0 at the end of the stream), `[null, -1]` when not FETCHING, `[null, -2]` on a read error
   */
  async ota_fetch_yield(bufLen: number): Promise<[Buffer | null, number]> {
    const m = this.manager;
    if (m.state !== OtaState.IOT_OTAS_FETCHING) {
      this.ctx.logger.error('ota state is not fetching');
      return [null, -1];
    }
    const [buf, n] = await this.http_fetch(bufLen);
    if (n < 0 || buf === null) {
      if (n === -2) this.reportResult(m.version, OtaReportType.IOT_OTAR_DOWNLOAD_TIMEOUT);
      return [null, -2];
    }
    if (n === 0 && bufLen > 0 && m.size_fetched < m.file_size) {
      // intentional fix: the stream ended before file_size bytes (truncated firmware). The vendor returned
      // (b'', 0) for ever and its sample looped; report a download failure once and return the read error.
      this.ctx.logger.error('firmware stream ended at %d of %d bytes', m.size_fetched, m.file_size);
      this.closeHttp();
      if (this.http) this.http.reader = null;
      this.reportResult(m.version, OtaReportType.IOT_OTAR_DOWNLOAD_TIMEOUT);
      return [null, -2];
    }
    const nowSec = (): number => Math.floor(this.env.now() / 1000);
    if (m.size_fetched === 0) {
      this.reportProgress(0, m.version, OtaReportType.IOT_OTAR_DOWNLOAD_BEGIN);
      m.report_timestamp = nowSec();
    }
    m.size_last_fetched = n;
    m.size_fetched += n;
    const percent = m.file_size > 0 ? Math.trunc((m.size_fetched * 100) / m.file_size) : 0;
    if (percent === 100) {
      this.reportProgress(percent, m.version, OtaReportType.IOT_OTAR_DOWNLOADING);
    } else {
      const ts = nowSec();
      if (ts - m.report_timestamp >= 1 && m.size_last_fetched > 0) {
        m.report_timestamp = ts;
        this.reportProgress(percent, m.version, OtaReportType.IOT_OTAR_DOWNLOADING);
      }
    }
    if (m.size_fetched >= m.file_size) m.state = OtaState.IOT_OTAS_FETCHED;
    m.md5?.update(buf);
    return [buf, n];
  }

  /** Closes an open download. */
  close(): void {
    this.closeHttp();
  }
}
