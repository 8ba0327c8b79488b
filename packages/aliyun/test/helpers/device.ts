import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LinkKit, type ConfigMqttArgs, type LinkKitExtensions, type CallbackName } from '../../src/index.js';
import type { Platform } from './platform.js';
import { Recorder } from './recorder.js';

export const PK = 'a18w6527kYW';
export const DN = 'dev1';
export const DS = 'ds-0123456789';
export const TSL_PATH = fileURLToPath(new URL('../fixtures/tsl.json', import.meta.url));
/** The TSL document, for the platform's device record (its services are auto-subscribed, its identifiers checked). */
export const TSL_DOC = JSON.parse(readFileSync(TSL_PATH, 'utf8')) as Record<string, unknown>;

/** Every callback property of LinkKit (spec 2.4). */
export const CALLBACKS: CallbackName[] = [
  'on_connect', 'on_disconnect', 'on_publish_topic', 'on_subscribe_topic', 'on_unsubscribe_topic', 'on_topic_message',
  'on_topic_rrpc_message', 'on_thing_create', 'on_thing_enable', 'on_thing_disable', 'on_thing_prop_changed',
  'on_thing_prop_post', 'on_thing_event_post', 'on_thing_call_service', 'on_thing_raw_data_arrived', 'on_thing_raw_data_post',
  'on_thing_device_info_update', 'on_thing_device_info_delete', 'on_thing_shadow_get', 'on_gateway_add_subdev_topo_reply',
  'on_gateway_delete_subdev_topo_reply', 'on_gateway_login_subdev_reply', 'on_gateway_logout_subdev_reply',
  'on_gateway_register_subdev_reply', 'on_gateway_product_register_subdev_reply', 'on_gateway_topo_change',
  'on_device_dynamic_register', 'on_device_dynamic_register_nwl_reply', 'on_ota_message_arrived', 'on_file_upload_begin',
  'on_file_upload_end',
];

const live = new Set<LinkKit<string>>();

/** Destructs every device created by {@link connectDevice} (use in afterEach so a failed test leaks nothing). */
export async function destructAll(): Promise<void> {
  const all = [...live];
  live.clear();
  await Promise.all(all.map((lk) => lk.destruct()));
}

export interface Connected {
  lk: LinkKit<string>;
  rec: Recorder;
}

/** Creates a device with every callback recorded, sets up the TSL (or raw-only) and waits for on_connect. */
export async function connectDevice(
  p: Platform,
  opts: { tsl?: string | null; ext?: LinkKitExtensions; skip?: CallbackName[]; pk?: string; dn?: string; ds?: string; mqtt?: ConfigMqttArgs } = {},
): Promise<Connected> {
  const rec = new Recorder();
  const lk = new LinkKit<string>({
    host_name: '127.0.0.1',
    product_key: opts.pk ?? PK,
    device_name: opts.dn ?? DN,
    device_secret: opts.ds ?? DS,
    user_data: 'ud',
    extensions: { second_ms: 20, ...opts.ext },
  });
  live.add(lk);
  lk.config_mqtt({ port: p.mqttPort, secure: '', ...opts.mqtt });
  for (const name of CALLBACKS) {
    if (opts.skip?.includes(name)) continue;
    (lk as unknown as Record<string, unknown>)[name] = rec.fn(name);
  }
  if (opts.tsl !== undefined) expect(lk.thing_setup(opts.tsl === null ? null : opts.tsl)).toBe(0);
  lk.connect_async();
  await rec.wait('on_connect');
  return { lk, rec };
}

/** Parses a trace payload. */
export function json(payload: string | undefined): unknown {
  return JSON.parse(payload ?? 'null') as unknown;
}
