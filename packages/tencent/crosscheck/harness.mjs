/* global process, setTimeout, Buffer */
// Starts aedes on port 1883 answering like the platform, runs one scenario program, and writes what went over the wire.
import { startAedesBroker } from '@iot/emulator';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const [, , out, ...cmd] = process.argv;
const broker = await startAedesBroker({ port: 1883 });
const wire = [];
const a = broker.aedes;
const down = (topic, obj, qos = 0) => setTimeout(() => a.publish({ cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(obj)), qos, retain: false, dup: false }, () => {}), 30);
a.preConnect = (c, p, cb) => { wire.push(['CONNECT', p.clientId, p.protocolId, p.protocolVersion, p.keepalive, p.clean, (p.username ?? '').replace(/;[A-Za-z0-9]{5};\d{13}$/, ';<connid>;<ms>'), p.password ? '<pw ' + p.password.toString().split(';')[1] + '>' : null, !!p.will]); cb(null, true); };
a.on('subscribe', (subs) => wire.push(['SUBSCRIBE', subs.map((s) => [s.topic, s.qos])]));
a.on('unsubscribe', (t) => wire.push(['UNSUBSCRIBE', t]));
a.on('publish', (pk, client) => {
  if (!client) return;
  let payload = pk.payload.toString();
  payload = payload.replace(/"signature": "[^"]+", "random": \d+, "timestamp": \d+/, '"signature": <s>, "random": <r>, "timestamp": <t>');
  wire.push(['PUBLISH', pk.topic, pk.qos, pk.retain, payload]);
  const m = JSON.parse(pk.payload.toString());
  const t = pk.topic;
  if (t === '$sys/operation/ABCDEFGHIJ/dev1') down('$sys/operation/result/ABCDEFGHIJ/dev1', { type: 'get', time: 1700000000, ntptime1: 1700000000100, ntptime2: 1700000000110 });
  if (t === '$gateway/operation/ABCDEFGHIJ/dev1') {
    if (m.type === 'describe_sub_devices') down('$gateway/operation/result/ABCDEFGHIJ/dev1', { type: m.type, payload: { devices: [{ product_id: 'SUBPID0001', device_name: 'sub1' }] } });
    else down('$gateway/operation/result/ABCDEFGHIJ/dev1', { type: m.type, payload: { devices: [{ product_id: 'SUBPID0001', device_name: m.payload.devices[0].device_name, result: 0 }] } });
  }
  if (t === '$ota/report/ABCDEFGHIJ/dev1' && m.type === 'report_version') down('$ota/update/ABCDEFGHIJ/dev1', { result_code: 0, result_msg: 'success', type: 'report_version_rsp', version: '0.1.0' }, 1);
  if (t === '$resource/up/service/ABCDEFGHIJ/dev1' && m.type === 'create_upload_task') down('$resource/down/service/ABCDEFGHIJ/dev1', { type: 'create_upload_task_rsp', url: 'http://x/y' }, 1);
});
a.on('subscribe', (subs) => {
  for (const s of subs) {
    if (s.topic === '$rrpc/rxd/ABCDEFGHIJ/dev1/+') down('$rrpc/rxd/ABCDEFGHIJ/dev1/41440', { payload: 'rrpc test' });
    if (s.topic === '$broadcast/rxd/ABCDEFGHIJ/dev1') down('$broadcast/rxd/ABCDEFGHIJ/dev1', { payload: 'broadcast test' });
  }
});
const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
let stdout = '';
child.stdout.on('data', (d) => (stdout += d));
child.stderr.on('data', () => {});
await new Promise((r) => child.on('exit', r));
writeFileSync(out, wire.map((w) => JSON.stringify(w)).join('\n') + '\n');
writeFileSync(out + '.stdout', stdout);
await broker.stop();
