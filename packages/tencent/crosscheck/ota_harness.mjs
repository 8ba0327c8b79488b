/* global process, setTimeout, Buffer, console */
// OTA cross-check: aedes on 1883 announcing a firmware served over HTTP on 18081; prints the OTA wire and the GET headers.
import { startAedesBroker } from '@iot/emulator';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
const [, , ...cmd] = process.argv;
const fw = readFileSync('./crosscheck/fw.bin');
const md5 = createHash('md5').update(fw).digest('hex');
const gets = [];
const http = createServer((req, res) => {
  const h = { ...req.headers };
  delete h['user-agent']; delete h['connection'];
  gets.push([req.method, req.url, h]);
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const start = m ? Number(m[1]) : 0;
  const end = m && m[2] ? Math.min(Number(m[2]), fw.length - 1) : fw.length - 1;
  res.writeHead(m ? 206 : 200, { 'content-length': end - start + 1 });
  res.end(fw.subarray(start, end + 1));
});
await new Promise((r) => http.listen(18081, '127.0.0.1', r));
const broker = await startAedesBroker({ port: 1883 });
const wire = [];
broker.aedes.on('subscribe', (subs) => wire.push(['SUBSCRIBE', subs.map((s) => [s.topic, s.qos])]));
broker.aedes.on('publish', (pk, client) => {
  if (!client) return;
  wire.push(['PUBLISH', pk.topic, pk.qos, pk.payload.toString()]);
  const m = JSON.parse(pk.payload.toString());
  if (m.type === 'report_version') {
    const send = (obj) => broker.aedes.publish({ cmd: 'publish', topic: '$ota/update/ABCDEFGHIJ/dev1', payload: Buffer.from(JSON.stringify(obj)), qos: 1, retain: false, dup: false }, () => {});
    setTimeout(() => send({ result_code: 0, result_msg: 'success', type: 'report_version_rsp', version: '0.1.0' }), 20);
    setTimeout(() => send({ file_size: fw.length, md5sum: md5, type: 'update_firmware', url: 'http://127.0.0.1:18081/ota/fw.bin?sign=abc', version: '1.0.0' }), 60);
  }
});
const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
let out = '';
child.stdout.on('data', (d) => (out += d));
await new Promise((r) => child.on('exit', r));
for (const w of wire) console.log(JSON.stringify(w));
for (const g of gets) console.log(JSON.stringify(g));
console.log(out);
http.close(); await broker.stop();
