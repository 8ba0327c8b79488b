/**
 * One firmware download with resume, shared by the OTA sample and the gateway's sub-device OTA
 * (the flow of the vendor samples `ota/example_ota.py` and `gateway/subdev_ota.py`).
 * Fixed sample bug: the MD5 of the already stored part is computed with the client passed in (the vendor used
 * an undefined global, so its resume path raised NameError).
 * @module
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { OtaCmdType, type QcloudHubProvider } from '@iot/tencent';
import type { SampleLogger } from '../common/callbacks.js';

/** Download state (vendor `OtaContextData`). */
export class OtaContextData {
  file_size = 0;
  file_path: string | null = null;
  info_file_path: string | null = null;
  remote_version: string | null = null;
  local_version: string | null = null;
  download_size = 0;
}

/** Prints a progress bar on one line. */
export function progressBar(done: number, total: number, label = 'firmware'): void {
  const pct = total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 0;
  const width = 30;
  const fill = Math.round((pct * width) / 100);
  const line = `${label} [${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${String(pct).padStart(3)}% ${done}/${total} bytes`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}${pct === 100 ? '\n' : ''}`);
  else if (pct === 100 || done === 0) console.log(line);
}

function localFwInfo(ctx: OtaContextData, logger: SampleLogger): number {
  if (!ctx.info_file_path || !existsSync(ctx.info_file_path)) {
    logger.error('info file not exists');
    return 0;
  }
  const info = JSON.parse(readFileSync(ctx.info_file_path, 'utf-8')) as { version?: string; downloaded_size?: number };
  if (info.version) ctx.local_version = info.version;
  return (info.downloaded_size ?? 0) > 0 ? info.downloaded_size! : 0;
}

function calExistFwMd5(qcloud: QcloudHubProvider, pid: string, dn: string, ctx: OtaContextData): number {
  if (!ctx.file_path) return -1;
  qcloud.otaResetMd5(pid, dn);
  const fd = openSync(ctx.file_path, 'r');
  try {
    let left = ctx.download_size;
    const buf = Buffer.alloc(5000);
    while (left > 0) {
      const n = readSync(fd, buf, 0, Math.min(5000, left), null);
      if (n <= 0) break;
      qcloud.otaMd5Update(pid, dn, buf.subarray(0, n));
      left -= n;
    }
  } finally {
    closeSync(fd);
  }
  return 0;
}

function updateDownloadedSize(qcloud: QcloudHubProvider, pid: string, dn: string, ctx: OtaContextData, logger: SampleLogger): number {
  const localSize = localFwInfo(ctx, logger);
  logger.debug('local_size:%d,local_ver:%s,re_ver:%s', localSize, ctx.local_version, ctx.remote_version);
  if (ctx.local_version !== ctx.remote_version || localSize > ctx.file_size) {
    ctx.download_size = 0;
    return 0;
  }
  ctx.download_size = localSize;
  if (calExistFwMd5(qcloud, pid, dn, ctx) !== 0) {
    if (ctx.info_file_path) rmSync(ctx.info_file_path, { force: true });
    ctx.download_size = 0;
    return 0;
  }
  return localSize;
}

function updateLocalFwInfo(ctx: OtaContextData): void {
  writeFileSync(ctx.info_file_path!, `{"version":"${ctx.remote_version}", "downloaded_size":${ctx.download_size}}`);
}

/**
 * Downloads the announced firmware (resuming from the info file), checks it and returns whether it is valid.
 * @param dir - where `FW-…bin` / `.json` files are kept
 * @param prefix - file name prefix (`FW_` for the device, `FW-{pid}{dn}_` for a sub-device)
 */
export async function downloadFirmware(qcloud: QcloudHubProvider, pid: string, dn: string, dir: string, prefix: string, logger: SampleLogger): Promise<boolean> {
  const ctx = new OtaContextData();
  const [size, st] = qcloud.otaIoctlNumber(pid, dn, OtaCmdType.IOT_OTAG_FILE_SIZE);
  if (st !== 'success') return false;
  ctx.file_size = size;
  const [version, vst] = qcloud.otaIoctlString(pid, dn, OtaCmdType.IOT_OTAG_VERSION, 32);
  if (vst === 'success') ctx.remote_version = version;
  ctx.file_path = join(dir, `${prefix}${ctx.remote_version}.bin`);
  ctx.info_file_path = join(dir, `${prefix}${ctx.remote_version}.json`);
  updateDownloadedSize(qcloud, pid, dn, ctx, logger);
  if (ctx.download_size > 0) logger.debug('resuming at %d of %d bytes', ctx.download_size, ctx.file_size);
  if ((await qcloud.otaDownloadStart(pid, dn, ctx.download_size, ctx.file_size)) !== 0) return false;
  if (ctx.download_size === 0) writeFileSync(ctx.file_path, Buffer.alloc(0));
  progressBar(ctx.download_size, ctx.file_size);
  while (!qcloud.otaIsFetchFinished(pid, dn)) {
    const [buf, n] = await qcloud.otaFetchYield(pid, dn, 5000);
    if (n < 0) {
      logger.error('download fail rc:%d', n);
      return false;
    }
    if (n > 0) appendFileSync(ctx.file_path, buf!);
    const [fetched, fst] = qcloud.otaIoctlNumber(pid, dn, OtaCmdType.IOT_OTAG_FETCHED_SIZE);
    if (fst !== 'success') return false;
    ctx.download_size = fetched;
    updateLocalFwInfo(ctx);
    progressBar(fetched, ctx.file_size);
  }
  rmSync(ctx.info_file_path, { force: true });
  const [valid, state] = qcloud.otaIoctlNumber(pid, dn, OtaCmdType.IOT_OTAG_CHECK_FIRMWARE);
  if (valid !== 0) logger.error('The firmware is invalid,state:%s', state);
  else logger.debug('The firmware download success');
  return valid === 0;
}
