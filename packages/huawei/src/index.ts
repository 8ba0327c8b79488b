/**
 * @iot/huawei: the Huawei Cloud IoTDA Python device SDK (`iot_device_sdk_python`) for TypeScript.
 * @packageDocumentation
 */
export { IotDevice } from './iot_device.js';
export { ClientConf, type HuaweiClientOptions } from './client/client_conf.js';
export { ConnectAuthInfo } from './client/connect_auth_info.js';
export { MqttConnectConf } from './client/mqtt_connect_conf.js';
export { DeviceClient, SDK_VERSION } from './client/device_client.js';
export { IotResult, SUCCESS, FAIL, TIMEOUT } from './client/iot_result.js';
export * as iot_result from './client/iot_result.js';
export { CommandListener } from './client/listener/command_listener.js';
export { PropertyListener } from './client/listener/property_listener.js';
export { DeviceMessageListener } from './client/listener/device_message_listener.js';
export { RawDeviceMessageListener } from './client/listener/raw_device_message_listener.js';
export { DeviceShadowListener } from './client/listener/device_shadow_listener.js';
export { DefaultPublishActionListener } from './client/listener/default_publish_action_listener.js';
export { Command } from './client/request/command.js';
export { CommandRsp } from './client/request/command_response.js';
export { DeviceBaseInfo } from './client/request/device_base_info.js';
export { DeviceEvent } from './client/request/device_event.js';
export { DeviceEvents } from './client/request/device_events.js';
export { DeviceMessage } from './client/request/device_message.js';
export { PropertiesData } from './client/request/properties_data.js';
export { PropsGet } from './client/request/props_get.js';
export { PropSet } from './client/request/props_set.js';
export { RawDeviceMessage } from './client/request/raw_device_message.js';
export { ServiceProperty } from './client/request/service_property.js';
export { ShadowData } from './client/request/shadow_data.js';
export type { JsonDict } from './client/request/json_dict.js';
export { ActionListener } from './transport/action_listener.js';
export { ConnectListener } from './transport/connect_listener.js';
export { ConnectActionListener } from './transport/connect_action_listener.js';
export { Connection } from './transport/connection.js';
export { RawMessage } from './transport/raw_message.js';
export { RawMessageListener } from './transport/raw_message_listener.js';
export { BufferMessage } from './transport/buffer_message.js';
export { MqttConnection, build_credentials } from './transport/mqtt/mqtt_connection.js';
export { HuaweiBackoff, type HuaweiBackoffOptions } from './transport/mqtt/huawei_backoff.js';
export { IService } from './service/i_service.js';
export { AbstractService } from './service/abstract_service.js';
export { AbstractDevice } from './service/abstract_device.js';
export { Property } from './service/property.js';
export { OTAService } from './ota/ota_service.js';
export { OTAListener } from './ota/ota_listener.js';
export { OTAPackageInfo } from './ota/ota_package_info.js';
export { OTAPackageInfoV2 } from './ota/ota_package_info_v2.js';
export { OTAQueryVersion } from './ota/ota_query_version.js';
export { FileManagerService } from './filemanager/file_manager_service.js';
export { FileManagerListener } from './filemanager/file_manager_listener.js';
export { UrlInfo } from './filemanager/url_info.js';
export { TimeSyncService } from './timesync/time_sync_service.js';
export { TimeSyncListener } from './timesync/time_sync_listener.js';
export { DeviceLogService } from './devicelog/device_log_service.js';
export { DefaultConnLogListener } from './devicelog/listener/default_conn_log_listener.js';
export { DefaultConnActionLogListener } from './devicelog/listener/default_conn_action_log_listener.js';
export { RuleManageService } from './rule/rule_manage_service.js';
export { Action } from './rule/model/actions.js';
export { ActionHandler } from './rule/model/action_handler.js';
export { Condition } from './rule/model/connditions.js';
export { ConditionExecute, pyFloat } from './rule/model/condition_execute.js';
export { DeviceInfo as RuleDeviceInfo } from './rule/model/device_info.js';
export { RuleInfo } from './rule/model/rule_info.js';
export { TimeRange } from './rule/model/time_range.js';
export { TimerRuleInstance, execute_task } from './rule/timer_rule/timer_rule.js';
export { check_time_range, get_rule_week } from './rule/util/time_util.js';
export { AbstractGateway } from './gateway/abstract_gateway.js';
export { SubDevicesPersistence } from './gateway/sub_devices_persistence.js';
export { GtwOperateSubDeviceListener } from './gateway/gtw_operate_sub_device_listener.js';
export { SubDevDiscoveryListener } from './gateway/sub_dev_discovery_listener.js';
export { AddSubDeviceFailedReason } from './gateway/requests/add_sub_device_failed_reason.js';
export { AddedSubDeviceInfo } from './gateway/requests/added_sub_device_info.js';
export { AddedSubDeviceInfoRsp } from './gateway/requests/added_sub_device_info_rsp.js';
export { DelSubDeviceFailedReason } from './gateway/requests/del_sub_device_failed_reason.js';
export { DeviceInfo } from './gateway/requests/device_info.js';
export { DeviceProperty } from './gateway/requests/device_property.js';
export { DeviceStatus } from './gateway/requests/device_status.js';
export { GtwAddSubDeviceRsp } from './gateway/requests/gtw_add_sub_device_rsp.js';
export { GtwDelSubDeviceRsp } from './gateway/requests/gtw_del_sub_device_rsp.js';
export { ScanSubDeviceNotify } from './gateway/requests/scan_sub_device_notify.js';
export { SubDevicesInfo } from './gateway/requests/sub_devices_info.js';
export * as iot_util from './utils/iot_util.js';
export {
  get_gmt_timestamp,
  get_timestamp,
  get_event_time,
  get_client_id,
  sha256_hash_from_file,
  sha256_mac,
  sha256_mac_salt,
  get_request_id_from_msg,
  get_device_id_from_msg,
  str_is_empty,
  get_node_id_from_device_id,
} from './utils/iot_util.js';
export { dumps } from './utils/dumps.js';
/** Aliases of @iot/core's Python JSON helpers, kept for code written against earlier versions of this package. */
export { pyQuote, pyFloatRepr, PyFloat, type PyJsonValue } from '@iot/core';
export { CallbackQueue } from './utils/callback_queue.js';
