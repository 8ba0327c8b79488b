/**
 * Runs one sample by name: `node dist/index.js <name>` (see package.json `sample:*` scripts). Without
 * `HUAWEI_CONFIG` / `HUAWEI_SERVER_URI` each sample starts the emulator with its `huawei` plugin, plays the console
 * through its control routes and checks what the device and the platform saw; exit code 0 = success.
 * @module
 */
import { fileURLToPath } from 'node:url';

/** Sample name → loader. */
export const samples: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  secret_device: () => import('./device/secret_device_sample.js'),
  x509_certificate_device: () => import('./device/x509_certificate_device_sample.js'),
  device_reconnect: () => import('./device/device_reconnect_sample.js'),
  properties: () => import('./device/properties_sample.js'),
  device_shadow: () => import('./device/device_shadow_sample.js'),
  ntp: () => import('./device/ntp_sample.js'),
  report_device_info: () => import('./device/report_device_info_sample.js'),
  smoke_detector: () => import('./device/smoke_detector.js'),
  command: () => import('./command/command_sample.js'),
  message: () => import('./message/message_sample.js'),
  message_delivery: () => import('./message/message_delivery_sample.js'),
  custom_topic: () => import('./message/custom_topic_sample.js'),
  file: () => import('./filemanage/file_sample.js'),
  ota: () => import('./ota/ota_sample.js'),
  device_rule: () => import('./rule/device_rule_sample.js'),
  custom_device_rule: () => import('./rule/custom_device_rule_sample.js'),
  bootstrap: () => import('./bootstrap/bootstrap_sample.js'),
  bootstrap_cert: () => import('./bootstrap/bootstrap_cert_sample.js'),
  bootstrap_groups: () => import('./bootstrap/bootstrap_groups_sample.js'),
  bootstrap_groups_cert: () => import('./bootstrap/bootstrap_groups_cert_sample.js'),
  gateway: () => import('./gateway/string_tcp_server.js'),
};

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const load = samples[name];
  if (!load) {
    console.error(`usage: node dist/index.js <${Object.keys(samples).join('|')}>`);
    process.exit(2);
  }
  await (await load()).run();
  console.log(`sample ${name}: ok`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
