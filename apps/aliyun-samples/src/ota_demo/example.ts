/**
 * OTA: report the running version; the console uploads a firmware and pushes it (`on_ota_message_arrived` type 1);
 * download it with digest check, a progress bar and progress reports to the platform, report the new version, and
 * finally ask for the firmware (pull, type 2), which now names the version already running.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@iot/aliyun';
import { runIfMain, sampleEnv, until, untilAsync, type SampleResult } from '../common/sample-env.js';
import type { OtaView } from '../common/emulator-cloud.js';

/** A firmware offer as `on_ota_message_arrived` passed it. */
export interface OtaOffer {
  /** 1 push, 2 answer to a query. */
  type: number;
  /** Version. */
  version: unknown;
  /** Size in bytes. */
  size: unknown;
  /** Download URL. */
  url: unknown;
  /** `Md5` or `SHA256`. */
  sign_method: unknown;
  /** Hex digest. */
  sign: unknown;
  /** Module. */
  module: unknown;
  /** `extra`: Python `str()` of `extData` (spec Q4). */
  extra: string;
}

/** What ota_demo observed on the device. */
export interface OtaDemoDevice {
  /** Every `on_ota_message_arrived`. */
  offers: OtaOffer[];
  /** `download_ota_firmware` result name. */
  download: string;
  /** Percentages shown on the progress bar. */
  shown: number[];
  /** Downloaded file equals the uploaded image. */
  sameBytes: boolean;
}

/** A text progress bar, e.g. `[#####-----]  50%`. */
export function progressBar(percent: number, width = 20): string {
  const full = Math.round((percent / 100) * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${String(percent).padStart(3)}%`;
}

/** Runs the sample. */
export async function run(): Promise<SampleResult<OtaDemoDevice, OtaView>> {
  const env = await sampleEnv({ deviceName: 'ota-demo-dev' });
  const { product_key: pk, device_name: dn } = env.config;
  const lk = env.create();
  const dir = mkdtempSync(join(tmpdir(), 'aliyun-ota-sample-'));
  try {
    let connected = false;
    const device: OtaDemoDevice = { offers: [], download: '', shown: [], sameBytes: false };
    lk.on_connect = (_f, rc) => (connected = rc === 0);
    lk.on_ota_message_arrived = (ota_notice_type, version, size, url, sign_method, sign, module, extra) => {
      console.log(`on_ota_message_arrived type:${ota_notice_type} version:${String(version)} size:${String(size)} module:${String(module)} extra:${extra}`);
      device.offers.push({ type: ota_notice_type, version, size, url, sign_method, sign, module, extra });
    };
    lk.connect_async();
    await until(() => connected, 'on_connect');
    console.log('ota_report_version:', String(lk.ota_report_version('default', '1.0.0')));
    const image = Buffer.alloc(200 * 1024);
    for (let i = 0; i < image.length; i++) image[i] = (i * 31) & 0xff;
    if (env.console) {
      await untilAsync(async () => (await env.console!.ota(pk, dn)).versions['default'] === '1.0.0', 'the version report');
      const fw = await env.console.uploadFirmware(pk, '2.0.0', image);
      console.log(`console: uploaded firmware 2.0.0 (${fw.size} bytes, md5 ${fw.md5}), pushing it`);
      await env.console.pushFirmware(pk, dn, '2.0.0', { signMethod: 'SHA256', extData: { channel: 'beta', reboot: true } });
    } else {
      console.log('query_ota_firmware:', String(lk.query_ota_firmware()));
    }
    await until(() => device.offers.length >= 1, 'on_ota_message_arrived', 30000);
    const offer = device.offers[0]!;
    const target = join(dir, 'firmware.bin');
    const rc = await lk.download_ota_firmware(String(offer.url), target, String(offer.sign_method), String(offer.sign), 10 * 1024, {
      report_progress: true,
      on_progress: (percent) => {
        if (percent === undefined || (percent % 10 !== 0 && percent !== 100) || device.shown.includes(percent)) return;
        device.shown.push(percent);
        console.log(`downloading ${progressBar(percent)}`);
      },
    });
    device.download = rc.name;
    console.log('download_ota_firmware:', rc.name);
    if (rc !== ErrorCode.SUCCESS) return { ok: false, device, platform: null };
    device.sameBytes = env.console ? readFileSync(target).equals(image) : true;
    lk.ota_report_version('default', String(offer.version));
    let platform: OtaView | null = null;
    if (env.console) {
      await untilAsync(async () => (await env.console!.ota(pk, dn)).versions['default'] === '2.0.0', 'the new version report');
      // pull: the platform answers with its latest firmware, the one now running
      console.log('query_ota_firmware:', String(lk.query_ota_firmware()));
      await until(() => device.offers.length >= 2, 'the firmware/get answer');
      platform = await env.console.ota(pk, dn);
      console.log('console OTA view:', JSON.stringify(platform));
    }
    await lk.disconnect();
    return { ok: device.sameBytes && (platform === null || platform.progress.some((p) => p.step === '100')), device, platform };
  } finally {
    await lk.destruct();
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, run);
