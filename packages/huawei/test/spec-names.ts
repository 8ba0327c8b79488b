// Names of the vendor SDK's public API (spec huawei-iotda.md sections 1.1 and 2), shared by the method-list test
// and the README migration-table test. The spec lives outside the repository, so the lists are kept here.
import * as hw from '../src/index.js';

/** Every public class (and the modules `iot_util`, `iot_result` and the package itself) with its spec members. */
export const SPEC = {
  ConnectAuthInfo: ['SECRET_AUTH', 'X509_AUTH', 'PROTOCOL_MQTT', 'BS_MODE_DIRECT_CONNECT', 'BS_MODE_STANDARD_BOOTSTRAP', 'BS_MODE_BOOTSTRAP_WITH_SCOPEID', 'id', 'auth_type', 'secret', 'cert_path', 'key_path', 'iot_cert_path', 'scope_id', 'server_uri', 'port', 'protocol', 'bs_mode', 'bs_cert_path', 'bs_message', 'check_timestamp', 'reconnect_on_failure', 'min_backoff', 'max_backoff', 'enable_rule_manage', 'max_buffer_message', 'inflight_messages', 'auto_report_device_info'],
  MqttConnectConf: ['keep_alive_time', 'qos', 'timeout'],
  ClientConf: ['connect_auth_info', 'mqtt_connect_conf'],
  IotDevice: ['create_by_secret', 'create_by_certificate', 'connect', 'get_client', 'add_service', 'get_service', 'fire_properties_changed', 'fire_services_changed', 'get_device_id', 'on_command', 'on_properties_set', 'on_properties_get', 'on_event', 'on_rule_action_handler', 'on_device_message', 'get_ota_service', 'get_time_sync_service', 'get_device_log_service', 'get_file_manager_service', 'get_rule_manage_service', 'destroy'],
  DeviceClient: ['check_connect_auth_info', 'check_mqtt_connect_conf', 'connect', 'close', 'on_message_received', 'report_device_message', 'report_properties', 'get_device_shadow', 'report_event', 'report_sub_event', 'respond_command', 'respond_properties_get', 'respond_properties_set', 'publish_raw_message', 'set_raw_device_msg_listener', 'set_device_msg_listener', 'set_properties_listener', 'set_command_listener', 'set_device_shadow_listener', 'set_rule_action_handler', 'subscribe_topic', 'add_connect_listener', 'set_connect_action_listener', 'report_device_info', 'enable_rule_manage', 'on_device_msg', 'on_command', 'on_properties_set', 'on_properties_get', 'on_device_shadow', 'on_event', 'on_bootstrap', 'on_rule_command', 'on_rule_action_handler', '_get_connection'],
  MqttConnection: ['MQTT_THREAD_NAME', 'CONNECT_TYPE', 'connect', 'publish_message', 'close', 'is_connected', 'add_connect_listener', 'set_connect_action_listener', 'subscribe_topic', '_get_paho_client'],
  RawMessage: ['topic', 'payload', 'qos'],
  BufferMessage: ['raw_message', 'listener'],
  DeviceMessage: ['device_id', 'id', 'name', 'content', 'to_dict', 'convert_from_dict'],
  RawDeviceMessage: ['payload', 'to_utf8_string', 'to_device_message'],
  ServiceProperty: ['service_id', 'properties', 'event_time', 'to_dict', 'convert_from_dict'],
  Command: ['service_id', 'command_name', 'device_id', 'paras', 'to_dict', 'convert_from_dict'],
  CommandRsp: ['result_code', 'response_name', 'paras', 'success_code', 'fail_code', 'to_dict', 'convert_from_dict'],
  DeviceEvent: ['service_id', 'event_type', 'event_time', 'event_id', 'paras', 'to_dict', 'convert_from_dict'],
  DeviceEvents: ['device_id', 'services', 'to_dict', 'convert_from_dict'],
  DeviceBaseInfo: ['fw_version', 'sw_version'],
  PropsGet: ['device_id', 'service_id', 'convert_from_dict'],
  PropSet: ['device_id', 'services'],
  PropertiesData: ['properties', 'event_time', 'convert_from_dict'],
  ShadowData: ['service_id', 'desired', 'reported', 'version', 'convert_from_dict'],
  IotResult: ['result_code', 'result_desc', 'to_dict'],
  Property: ['val', 'field_name', 'prop_name', 'writeable'],
  AbstractService: ['service_id', 'on_read', 'on_write', 'on_command', 'on_event', 'fire_properties_changed', 'get_iot_device', 'set_iot_device', 'enable_auto_report', 'disable_auto_report', '_readable_prop2field', '_writeable_prop2field', '_command2method'],
  OTAService: ['OTA_CODE_SUCCESS', 'OTA_CODE_BUSY', 'OTA_CODE_SIGNAL_BAD', 'OTA_CODE_NO_NEED', 'OTA_CODE_LOW_POWER', 'OTA_CODE_LOW_SPACE', 'OTA_CODE_DOWNLOAD_TIMEOUT', 'OTA_CODE_CHECK_FAIL', 'OTA_CODE_UNKNOWN_TYPE', 'OTA_CODE_LOW_MEMORY', 'OTA_CODE_INSTALL_FAIL', 'OTA_CODE_INNER_ERROR', 'set_ota_listener', 'on_event', 'report_version', 'report_ota_status'],
  OTAPackageInfo: ['url', 'version', 'access_token', 'task_id', 'file_size', 'file_name', 'expires', 'sign', 'custom_info', 'sub_device_count', 'task_ext_info', 'to_dict', 'convert_from_dict'],
  OTAPackageInfoV2: ['url', 'version', 'file_size', 'file_name', 'expires', 'sign', 'custom_info', 'task_id', 'sub_device_count', 'task_ext_info', 'to_dict', 'convert_from_dict'],
  OTAQueryVersion: ['task_id', 'task_ext_info', 'sub_device_count', 'to_dict', 'convert_from_dict'],
  FileManagerService: ['upload_file_dict', 'download_file_dict', 'get_listener', 'set_listener', 'upload_file', 'get_upload_file_url', 'download_file', 'get_download_file_url', 'on_event', 'report_upload_result', 'report_download_result'],
  UrlInfo: ['url', 'bucket_name', 'object_name', 'expire', 'file_attributes', 'to_dict', 'convert_from_dict'],
  TimeSyncService: ['get_listener', 'set_listener', 'request_time_sync', 'on_event'],
  DeviceLogService: ['log_switch', 'end_time', 'connect_lost_dict', 'connect_failed_dict', 'on_event', 'report_device_log', 'can_report_log'],
  DefaultConnLogListener: ['connection_lost', 'connect_complete'],
  DefaultConnActionLogListener: ['on_success', 'on_failure'],
  DefaultPublishActionListener: ['on_success', 'on_failure'],
  RuleManageService: ['on_write', 'on_event', 'handle_rule', 'handle_action', '_submit_timer_rule'],
  RuleInfo: ['rule_id', 'rule_name', 'logic', 'time_range', 'status', 'conditions', 'actions', 'rule_version_in_shadow'],
  TimeRange: ['start_time', 'end_time', 'days_of_week'],
  Condition: ['type', 'start_time', 'repeat_interval', 'repeat_count', 'time', 'days_of_week', 'operator', 'device_info', 'value', 'in_values'],
  RuleDeviceInfo: ['device_id', 'path'],
  Action: ['type', 'status', 'device_id', 'command'],
  ConditionExecute: ['is_condition_satisfied', 'operation_less_equal', 'operation_less_than', 'operation_equal', 'operation_more_equal', 'operation_more_than', 'operation_between', 'operation_in'],
  TimerRuleInstance: ['submit_rule', 'start', 'shutdown_timer'],
  AbstractGateway: ['set_sub_dev_discovery_listener', 'set_gtw_operate_sub_device_listener', 'get_sub_device_by_node_id', 'get_sub_device_by_device_id', 'report_sub_dev_list', 'report_sub_device_message', 'report_sub_device_properties', 'report_batch_properties', 'report_sub_device_status', 'report_batch_status', 'gtw_add_sub_device', 'gtw_del_sub_device', 'sync_sub_devices', 'on_event', 'on_device_message', 'on_command', 'on_properties_set', 'on_properties_get', 'on_add_sub_devices', 'on_delete_sub_devices', 'on_sub_dev_command', 'on_sub_dev_properties_set', 'on_sub_dev_properties_get', 'on_sub_dev_message', 'on_sub_dev_event'],
  DeviceInfo: ['parent_device_id', 'node_id', 'device_id', 'name', 'description', 'manufacturer_id', 'model', 'product_id', 'fw_version', 'sw_version', 'status', 'to_dict', 'convert_from_dict'],
  AddedSubDeviceInfo: ['parent_device_id', 'node_id', 'device_id', 'name', 'description', 'product_id', 'extension_info', 'to_dict', 'convert_from_dict'],
  AddedSubDeviceInfoRsp: ['parent_device_id', 'node_id', 'device_id', 'name', 'description', 'manufacturer_id', 'model', 'product_id', 'fw_version', 'sw_version', 'status', 'extension_info', 'to_dict', 'convert_from_dict'],
  AddSubDeviceFailedReason: ['node_id', 'product_id', 'error_code', 'error_msg', 'to_dict', 'convert_from_dict'],
  DelSubDeviceFailedReason: ['device_id', 'error_code', 'error_msg', 'to_dict', 'convert_from_dict'],
  DeviceProperty: ['device_id', 'services', 'to_dict'],
  DeviceStatus: ['device_id', 'status', 'to_dict', 'convert_from_dict'],
  GtwAddSubDeviceRsp: ['successful_devices', 'add_sub_device_failed_reasons', 'to_dict'],
  GtwDelSubDeviceRsp: ['successful_devices', 'failed_devices', 'to_dict'],
  SubDevicesInfo: ['devices', 'version'],
  ScanSubDeviceNotify: ['protocol', 'channel', 'parent', 'settings'],
  iot_util: ['get_gmt_timestamp', 'get_timestamp', 'get_event_time', 'get_client_id', 'sha256_hash_from_file', 'sha256_mac', 'sha256_mac_salt', 'get_request_id_from_msg', 'get_device_id_from_msg', 'str_is_empty', 'get_node_id_from_device_id'],
  iot_result: ['IotResult', 'SUCCESS', 'FAIL', 'TIMEOUT'],
  module: ['check_time_range', 'get_rule_week', 'execute_task'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Abstract listener / interface classes (spec 2.6) and their abstract methods. The method-list test checks the
 * method names and parameter lists at compile time through concrete subclasses.
 */
export const LISTENERS = {
  CommandListener: ['on_command'],
  PropertyListener: ['on_property_set', 'on_property_get'],
  DeviceMessageListener: ['on_device_message'],
  RawDeviceMessageListener: ['on_raw_device_message'],
  DeviceShadowListener: ['on_shadow_get'],
  ActionListener: ['on_success', 'on_failure'],
  ConnectListener: ['connection_lost', 'connect_complete'],
  ConnectActionListener: ['on_success', 'on_failure'],
  RawMessageListener: ['on_message_received'],
  Connection: ['connect', 'publish_message', 'close', 'is_connected', 'add_connect_listener', 'set_connect_action_listener', 'subscribe_topic'],
  OTAListener: ['on_query_version', 'on_receive_package_info'],
  FileManagerListener: ['on_upload_url', 'on_download_url'],
  TimeSyncListener: ['on_time_sync_response'],
  ActionHandler: ['handle_rule_action'],
  GtwOperateSubDeviceListener: ['on_add_sub_device_rsp', 'on_del_sub_device_rsp'],
  SubDevDiscoveryListener: ['on_scan'],
  SubDevicesPersistence: ['get_sub_device', 'add_sub_devices', 'delete_sub_devices', 'get_version'],
  IService: ['on_read', 'on_write', 'on_command', 'on_event'],
} as const satisfies Record<string, readonly string[]>;

/** Abstract listener classes (names of {@link LISTENERS}). */
export const ABSTRACT: readonly string[] = Object.keys(LISTENERS);

/** Public classes of spec 1.1 that are neither in {@link SPEC} nor in {@link LISTENERS}. */
export const OTHER_CLASSES = ['AbstractDevice'] as const;

/**
 * The spec methods that return a Promise in this port (Python blocks there), per class. Checked against the
 * TypeScript signatures at compile time below and against the functions at run time by the README test.
 */
export const ASYNC_METHODS = {
  IotDevice: ['connect', 'destroy'],
  DeviceClient: ['connect', 'close'],
  MqttConnection: ['connect', 'close'],
  FileManagerService: ['upload_file', 'get_upload_file_url'],
  iot_util: ['sha256_hash_from_file'],
} as const satisfies Partial<Record<keyof typeof SPEC, readonly string[]>>;

export function info(): hw.ConnectAuthInfo {
  const i = new hw.ConnectAuthInfo();
  i.id = 'd';
  i.server_uri = 'h';
  i.port = 1883;
  i.secret = 's';
  return i;
}

export function instanceOf(name: string, device: hw.IotDevice, gateway: hw.AbstractGateway): object | null {
  const ctor = (hw as unknown as Record<string, unknown>)[name];
  switch (name) {
    case 'IotDevice':
      return device;
    case 'AbstractGateway':
      return gateway;
    case 'DeviceClient':
      return device.get_client();
    case 'MqttConnection':
      return device.get_client()._get_connection();
    case 'ClientConf':
      return new hw.ClientConf(info());
    case 'RawMessage':
      return new hw.RawMessage('t', 'p');
    case 'BufferMessage':
      return new hw.BufferMessage(new hw.RawMessage('t', 'p'));
    case 'RawDeviceMessage':
      return new hw.RawDeviceMessage(Buffer.alloc(0));
    case 'IotResult':
      return new hw.IotResult(0, '');
    case 'Property':
      return new hw.Property(1);
    case 'OTAService':
      return device.get_ota_service();
    case 'FileManagerService':
      return device.get_file_manager_service();
    case 'TimeSyncService':
      return device.get_time_sync_service();
    case 'DeviceLogService':
      return device.get_device_log_service();
    case 'RuleManageService':
      return device.get_rule_manage_service();
    case 'DefaultConnLogListener':
      return new hw.DefaultConnLogListener(device.get_device_log_service());
    case 'DefaultConnActionLogListener':
      return new hw.DefaultConnActionLogListener(device.get_device_log_service());
    case 'TimerRuleInstance':
      return new hw.TimerRuleInstance(device.get_client());
    case 'iot_util':
      return hw.iot_util;
    case 'iot_result':
      return hw.iot_result;
    case 'module':
      return hw;
    default:
      return typeof ctor === 'function' ? (new (ctor as new () => object)() as object) : null;
  }
}

/** The TypeScript type behind each {@link SPEC} entry. */
interface SpecTypes {
  ConnectAuthInfo: hw.ConnectAuthInfo;
  MqttConnectConf: hw.MqttConnectConf;
  ClientConf: hw.ClientConf;
  IotDevice: hw.IotDevice;
  DeviceClient: hw.DeviceClient;
  MqttConnection: hw.MqttConnection;
  RawMessage: hw.RawMessage;
  BufferMessage: hw.BufferMessage;
  DeviceMessage: hw.DeviceMessage;
  RawDeviceMessage: hw.RawDeviceMessage;
  ServiceProperty: hw.ServiceProperty;
  Command: hw.Command;
  CommandRsp: hw.CommandRsp;
  DeviceEvent: hw.DeviceEvent;
  DeviceEvents: hw.DeviceEvents;
  DeviceBaseInfo: hw.DeviceBaseInfo;
  PropsGet: hw.PropsGet;
  PropSet: hw.PropSet;
  PropertiesData: hw.PropertiesData;
  ShadowData: hw.ShadowData;
  IotResult: hw.IotResult;
  Property: hw.Property;
  AbstractService: hw.AbstractService;
  OTAService: hw.OTAService;
  OTAPackageInfo: hw.OTAPackageInfo;
  OTAPackageInfoV2: hw.OTAPackageInfoV2;
  OTAQueryVersion: hw.OTAQueryVersion;
  FileManagerService: hw.FileManagerService;
  UrlInfo: hw.UrlInfo;
  TimeSyncService: hw.TimeSyncService;
  DeviceLogService: hw.DeviceLogService;
  DefaultConnLogListener: hw.DefaultConnLogListener;
  DefaultConnActionLogListener: hw.DefaultConnActionLogListener;
  DefaultPublishActionListener: hw.DefaultPublishActionListener;
  RuleManageService: hw.RuleManageService;
  RuleInfo: hw.RuleInfo;
  TimeRange: hw.TimeRange;
  Condition: hw.Condition;
  RuleDeviceInfo: hw.RuleDeviceInfo;
  Action: hw.Action;
  ConditionExecute: hw.ConditionExecute;
  TimerRuleInstance: hw.TimerRuleInstance;
  AbstractGateway: hw.AbstractGateway;
  DeviceInfo: hw.DeviceInfo;
  AddedSubDeviceInfo: hw.AddedSubDeviceInfo;
  AddedSubDeviceInfoRsp: hw.AddedSubDeviceInfoRsp;
  AddSubDeviceFailedReason: hw.AddSubDeviceFailedReason;
  DelSubDeviceFailedReason: hw.DelSubDeviceFailedReason;
  DeviceProperty: hw.DeviceProperty;
  DeviceStatus: hw.DeviceStatus;
  GtwAddSubDeviceRsp: hw.GtwAddSubDeviceRsp;
  GtwDelSubDeviceRsp: hw.GtwDelSubDeviceRsp;
  SubDevicesInfo: hw.SubDevicesInfo;
  ScanSubDeviceNotify: hw.ScanSubDeviceNotify;
  iot_util: typeof hw.iot_util;
  iot_result: typeof hw.iot_result;
  module: typeof hw;
}

// Compile-time checks (the typecheck fails otherwise): SpecTypes covers SPEC, and for every class the spec
// methods whose signature returns a Promise are exactly the ones ASYNC_METHODS lists.
type PromiseMethods<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => PromiseLike<unknown> ? K : never }[keyof T];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Listed<K> = K extends keyof typeof ASYNC_METHODS ? (typeof ASYNC_METHODS)[K][number] : never;
type AsyncOf<K extends keyof SpecTypes> = PromiseMethods<SpecTypes[K]> & (typeof SPEC)[K][number];
type AllSame = false extends { [K in keyof SpecTypes]: Same<AsyncOf<K>, Listed<K>> }[keyof SpecTypes] ? false : true;
/** Compile-time: SpecTypes has exactly the keys of SPEC. */
export const SPEC_TYPES_COMPLETE: Same<keyof SpecTypes, keyof typeof SPEC> = true;
/** Compile-time: ASYNC_METHODS is exactly the set of Promise-returning spec methods. */
export const ASYNC_MATCHES_CODE: AllSame = true;
/** Compile-time: of the Connection interface, exactly connect and close return Promises. */
export const CONNECTION_ASYNC: Same<PromiseMethods<hw.Connection> & (typeof LISTENERS)['Connection'][number], 'connect' | 'close'> = true;
