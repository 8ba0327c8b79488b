/* global process, console, Buffer, setTimeout */
// Wire recorder for the cross-check: aedes on 127.0.0.1:1883 that logs every CONNECT, SUBSCRIBE and device PUBLISH,
// subscribes each device to the system downlink topics server-side (as IoTDA does), and plays a fixed platform
// script once the device has sent its last scripted uplink (the `$sdk_info` report with fw_version "f"). Writes the log as JSON to argv[2] on SIGTERM.
import { writeFileSync } from 'node:fs';
import { startAedesBroker } from '../../emulator/dist/index.js';

const out = process.argv[2];
const broker = await startAedesBroker({ port: 1883 });
const a = broker.aedes;
const log = [];
let played = false;
const down = (topic, obj) => new Promise((r) => a.publish({ cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(obj)), qos: 0, retain: false, dup: false }, () => r()));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

a.authenticate = (c, u, p, done) => {
  log.push({ k: 'connect', clientId: c.id, username: u, password: p?.toString() });
  done(null, true);
};
let play = () => undefined;
a.on('publish', (pk, c) => {
  if (!c) return;
  const payload = Buffer.from(pk.payload).toString('latin1');
  log.push({ k: 'publish', topic: pk.topic, qos: pk.qos, retain: pk.retain, payload });
  if (payload.includes('"fw_version": "f"')) play();
});
a.on('subscribe', (subs, c) => {
  if (c) log.push({ k: 'subscribe', subs: subs.map((s) => [s.topic, s.qos]) });
});
a.on('clientDisconnect', () => log.push({ k: 'disconnect' }));
a.on('clientReady', (client) => {
  const id = client.id.split('_0_')[0];
  const base = `$oc/devices/${id}/sys/`;
  const filters = ['commands/#', 'messages/down', 'properties/set/#', 'properties/get/#', 'shadow/get/response/#', 'events/down'];
  client.subscribe(filters.map((f) => ({ topic: base + f, qos: 1 })), () => undefined);
  play = async () => {
    if (played) return;
    played = true;
    await sleep(300);
    await down(`${base}commands/request_id=c1`, { object_device_id: id, service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 20 } });
    await sleep(300);
    await down(`${base}commands/request_id=c2`, { object_device_id: id, service_id: 'smokeDetector', command_name: 'nope', paras: {} });
    await sleep(300);
    await down(`${base}properties/set/request_id=s1`, { object_device_id: id, services: [{ service_id: 'smokeDetector', properties: { alarm: 10 } }] });
    await sleep(300);
    await down(`${base}properties/set/request_id=s2`, { object_device_id: id, services: [{ service_id: 'smokeDetector', properties: { humidity: 1 } }] });
    await sleep(300);
    await down(`${base}properties/get/request_id=g1`, { object_device_id: id });
    await sleep(300);
    await down(`${base}events/down`, { object_device_id: id, services: [{ service_id: '$time_sync', event_type: 'time_sync_response', paras: { device_send_time: 1, server_recv_time: 2, server_send_time: 3 } }] });
    await sleep(300);
    await down(`${base}messages/down`, { content: 'hello' });
  };
});
console.log('ready');
process.on('SIGTERM', async () => {
  writeFileSync(out, JSON.stringify(log, null, 1));
  await broker.stop();
  process.exit(0);
});
