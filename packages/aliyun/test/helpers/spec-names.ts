// Names of the vendor SDK's public API (spec aliyun-linkkit.md sections 1.1, 1.2, 2.3, 2.4 and 2.9), shared by the
// API-surface test and the README migration-table test. The spec lives outside the repository, so the lists are
// kept here. The 31 callback properties are CALLBACKS in ./device.ts.
import type { LinkKit, Shadow } from '../../src/index.js';

/** Every public method of linkkit.py 1.2.13 `LinkKit` (spec 2.3). */
export const SPEC_METHODS = [
  'enable_logger', 'disable_logger', 'config_logger', 'config_mqtt', 'config_device_info', 'config_http2', 'get_product',
  'get_device_name', 'get_endpoint', 'get_actual_endpoint', 'get_h2_endpoint', 'get_actual_h2_endpoint', 'upload_file_sync',
  'upload_file_async', 'check_state', 'connect', 'connect_async', 'disconnect', 'destruct', 'destroy', 'force_reconnect',
  'start_worker_loop', 'publish_topic', 'subscribe_topic', 'unsubscribe_topic', 'subscribe_rrpc_topic', 'unsubscribe_rrpc_topic',
  'thing_answer_rrpc', 'thing_setup', 'thing_post_property', 'thing_trigger_event', 'thing_answer_service', 'thing_raw_post_data',
  'thing_raw_data_reply', 'thing_update_device_info', 'thing_delete_device_info', 'thing_update_tags', 'thing_remove_tags',
  'thing_update_shadow', 'thing_get_shadow', 'local_get_latest_shadow', 'gateway_add_subdev_topo', 'gateway_delete_subdev_topo',
  'gateway_login_subdev', 'gateway_logout_subdev', 'gateway_register_subdev', 'gateway_product_register_subdev',
  'query_ota_firmware', 'ota_report_version', 'download_ota_firmware', 'dump_user_topics', 'to_user_topic', 'to_full_topic',
] as const;

/** The methods that return a Promise in this port (Python blocks there). */
export const ASYNC_METHODS = ['disconnect', 'destruct', 'destroy', 'download_ota_firmware'] as const;

/** Methods of `LinkKit.Shadow` (spec 2.9), "recevied" spelled as in the SDK. */
export const SHADOW_METHODS = [
  'get_version', 'get_metadata', 'get_state', 'set_state', 'set_metadata', 'set_version', 'set_timestamp',
  'set_latest_recevied_time', 'get_latest_recevied_time', 'set_latest_recevied_payload', 'get_latest_recevied_payload',
  'to_dict', 'to_json_string',
] as const;

/** Classes and module items of spec 1.1/1.2 and 2.8 (nested classes of `LinkKit`, exceptions, module constants). */
export const CLASSES = [
  'LinkKit', 'LinkKitState', 'ErrorCode', 'StateError', 'ValueError', 'Shadow', 'LoopThread', 'TAG_KEY', 'TAG_VALUE',
  'REQUIRED_MAJOR_VERSION', 'REQUIRED_MINOR_VERSION', 'lk_check_python_version',
] as const;

/** Protected, never-called file-upload hooks of spec 2.3 ("a port may keep them as stubs"). */
export const PROTECTED_HOOKS = ['_on_file_upload_start', '_on_file_upload_end', '_on_file_upload_progress'] as const;

// Compile-time checks (the typecheck fails otherwise).
// Methods that always throw (`never`, e.g. `connect()`) are not Promise methods.
type PromiseMethods<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => infer R ? ([R] extends [never] ? never : R extends PromiseLike<unknown> ? K : never) : never;
}[keyof T];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time: ASYNC_METHODS is exactly the set of spec methods whose signature returns a Promise. */
export const ASYNC_MATCHES_CODE: Same<(typeof ASYNC_METHODS)[number], PromiseMethods<LinkKit> & (typeof SPEC_METHODS)[number]> = true;
/** Compile-time: every Shadow method is synchronous. */
export const SHADOW_IS_SYNC: Same<never, PromiseMethods<Shadow> & (typeof SHADOW_METHODS)[number]> = true;
