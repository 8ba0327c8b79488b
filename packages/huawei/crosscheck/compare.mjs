/* global process, console */
// Compares two recorder logs after normalising times (event_time, log timestamps, device_send_time).
import { readFileSync } from 'node:fs';

const norm = (file) =>
  JSON.parse(readFileSync(file, 'utf8')).map((e) => {
    if (e.k === 'publish') {
      const p = e.payload
        .replace(/"event_time": "[^"]*Z"/g, '"event_time": "<et>"')
        .replace(/"timestamp": "\d+"/g, '"timestamp": "<ms>"')
        .replace(/"device_send_time": "\d+"/g, '"device_send_time": "<ms>"');
      const topic = e.topic.replace(/request_id=[0-9a-f]{32}$/, 'request_id=<uuid4 hex>');
      return `PUBLISH q${e.qos}${e.retain ? ' retain' : ''} ${topic} ${p}`;
    }
    if (e.k === 'connect') return `CONNECT ${e.clientId} ${e.username} ${e.password}`;
    if (e.k === 'subscribe') return `SUBSCRIBE ${JSON.stringify(e.subs)}`;
    return e.k.toUpperCase();
  });
const [py, ts] = [norm(process.argv[2]), norm(process.argv[3])];
let diff = 0;
for (let i = 0; i < Math.max(py.length, ts.length); i++) {
  const same = py[i] === ts[i];
  if (!same) diff++;
  console.log(`${same ? '  ' : '!!'} ${String(i).padStart(2)} ${py[i] ?? '-'}`);
  if (!same) console.log(`!! ${String(i).padStart(2)} ${ts[i] ?? '-'}  (TypeScript)`);
}
console.log(`${py.length} python records, ${ts.length} typescript records, ${diff} differences`);
process.exit(diff === 0 ? 0 : 1);
