/**
 * OTA: report the running version, ask for a firmware (pull), download it with digest check and progress
 * reporting (opt-in), then report the new version.
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@iot/aliyun';
import { runIfMain, sampleEnv, until } from '../common/sample-env.js';

/** Runs the sample. */
export async function main(): Promise<boolean> {
  const env = await sampleEnv('ota-demo-dev');
  const { product_key: pk, device_name: dn } = env.config;
  const lk = env.create();
  const dir = mkdtempSync(join(tmpdir(), 'aliyun-ota-sample-'));
  try {
    let connected = false;
    let offer: { version: unknown; url: unknown; sign_method: unknown; sign: unknown } | undefined;
    lk.on_connect = (_f, rc) => (connected = rc === 0);
    lk.on_ota_message_arrived = (ota_notice_type, version, size, url, sign_method, sign, module, extra) => {
      console.log(`on_ota_message_arrived type:${ota_notice_type} version:${String(version)} size:${String(size)} module:${String(module)} extra:${extra}`);
      offer = { version, url, sign_method, sign };
    };
    lk.connect_async();
    await until(() => connected, 'on_connect');
    console.log('ota_report_version:', String(lk.ota_report_version('default', '1.0.0')));
    if (env.cloud && env.emulator) {
      const image = Buffer.alloc(200 * 1024, 0x5a);
      env.emulator.files.put('firmware-2.0.0.bin', image);
      await env.cloud.offerFirmware(pk, dn, {
        version: '2.0.0',
        url: `${env.emulator.httpUrl}/files/firmware-2.0.0.bin`,
        size: image.length,
        sign: createHash('sha256').update(image).digest('hex'),
        signMethod: 'SHA256',
      });
    }
    console.log('query_ota_firmware:', String(lk.query_ota_firmware()));
    await until(() => offer !== undefined, 'on_ota_message_arrived');
    const rc = await lk.download_ota_firmware(String(offer!.url), join(dir, 'firmware.bin'), String(offer!.sign_method), String(offer!.sign), 10 * 1024, {
      report_progress: true,
      on_progress: (percent) => percent !== undefined && percent % 25 === 0 && console.log(`downloaded ${percent}%`),
    });
    console.log('download_ota_firmware:', String(rc));
    if (rc !== ErrorCode.SUCCESS) return false;
    lk.ota_report_version('default', String(offer!.version));
    if (env.cloud) await until(() => env.cloud!.reportedVersions.get(`${pk}/${dn}`) === '2.0.0', 'the new version report');
    await lk.disconnect();
    return true;
  } finally {
    await lk.destruct();
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
