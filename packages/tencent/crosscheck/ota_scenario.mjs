/* global setTimeout, console */
// OTA cross-check scenario through @iot/tencent (mirror of ota_scenario.py).
import { QcloudHub } from '../dist/index.js';
const sleep = (s) => new Promise((r) => setTimeout(r, s * 1000));
const q = new QcloudHub('./crosscheck/device_info.json', null, false, '127.0.0.1').hub;
q.connect();
while (!q.isMqttConnected()) await sleep(0.05);
const P = 'ABCDEFGHIJ', D = 'dev1';
console.log('init', await q.otaInit(P, D, () => 0));
console.log('ver', q.otaReportVersion(P, D, '0.1.0'));
while (!q.otaIsFetching(P, D)) await sleep(0.05);
console.log('size', q.otaIoctlNumber(P, D, 1), q.otaIoctlString(P, D, 3, 32));
const { readFileSync } = await import('node:fs');
const data = readFileSync('./crosscheck/fw.bin');
q.otaResetMd5(P, D); q.otaMd5Update(P, D, data.subarray(0, 10000));
console.log('start', await q.otaDownloadStart(P, D, 10000, data.length));
let n = 0;
while (!q.otaIsFetchFinished(P, D)) { await q.otaFetchYield(P, D, 5000); n++; }
console.log('chunks', n, q.otaIoctlNumber(P, D, 0), q.otaIoctlNumber(P, D, 4));
console.log('done', q.otaReportUpgradeSuccess(P, D, null));
await sleep(0.3);
await q.disconnect();
await QcloudHub.destroy();
