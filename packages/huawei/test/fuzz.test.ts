// Bounded fuzz of the inbound handler: random JSON shapes and bytes on every downlink topic never throw, and the
// listeners keep working afterwards.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AbstractGateway, ClientConf, CommandListener, RawMessage, type JsonDict } from '../src/index.js';
import { authInfo } from './helpers.js';

const ID = 'productId_nodeId';
const TOPICS = ['messages/down', 'commands/request_id=1', 'properties/set/request_id=2', 'properties/get/request_id=3', 'shadow/get/response/request_id=4', 'events/down', 'bootstrap/down'].map((t) => `$oc/devices/${ID}/sys/${t}`);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function randomJson(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 3 ? 5 : 8));
  const keys = ['services', 'service_id', 'event_type', 'paras', 'object_device_id', 'properties', 'shadow', 'devices', 'version', 'address', 'content', 'rulesInfos', 'command_name', '$ota', 'x'];
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return Math.floor(r() * 2000) - 1000;
    case 3:
      return keys[Math.floor(r() * keys.length)];
    case 4:
      return r() * 1e6;
    case 5:
    case 6: {
      const o: JsonDict = {};
      const n = Math.floor(r() * 5);
      for (let i = 0; i < n; i++) o[keys[Math.floor(r() * keys.length)]!] = randomJson(r, depth + 1);
      return o;
    }
    default:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomJson(r, depth + 1));
  }
}

test('2000 random downlinks on a gateway never throw; the device still dispatches afterwards', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hw-fuzz-'));
  const server_info_path = path.join(dir, 'server_info.json');
  const gw = new AbstractGateway(null, new ClientConf(authInfo(null), null, { broker_port: 1, server_info_path }));
  const r = rng(7);
  const events = ['version_query', 'firmware_upgrade', 'get_upload_url_response', 'time_sync_response', 'log_config', 'add_sub_device_notify', 'delete_sub_device_response', 'device_rule_config_response'];
  const services = ['$ota', '$file_manager', '$time_sync', '$log', '$sub_device_manager', '$device_rule'];
  for (let i = 0; i < 2000; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    let payload: Buffer;
    if (i % 3 === 0) payload = Buffer.from(Array.from({ length: Math.floor(r() * 30) }, () => Math.floor(r() * 256)));
    else if (i % 3 === 1) payload = Buffer.from(JSON.stringify(randomJson(r)));
    else {
      const ev = { service_id: services[Math.floor(r() * services.length)], event_type: events[Math.floor(r() * events.length)], paras: randomJson(r) };
      payload = Buffer.from(JSON.stringify({ object_device_id: r() < 0.8 ? ID : 'child', services: [ev], devices: randomJson(r) }));
    }
    expect(() => gw.get_client().on_message_received(new RawMessage(topic, payload))).not.toThrow();
  }
  const got: string[] = [];
  gw.get_client().set_command_listener(
    new (class extends CommandListener {
      on_command(_r: string, _s: string, name: string): void {
        got.push(name);
      }
    })(),
  );
  gw.get_client().on_message_received(new RawMessage(TOPICS[1]!, Buffer.from('{"service_id": "s", "command_name": "alive", "paras": {}}')));
  expect(got).toEqual(['alive']);
  await gw.destroy();
  expect(existsSync(server_info_path)).toBe(false);
  rmSync(dir, { recursive: true, force: true });
});
