// Names of the vendor SDK's public API (spec tencent-hub.md sections 1.1 and 2), shared by the method-list test
// and the README migration-table test. The spec lives outside the repository, so the lists are kept here.
import type { Log, QcloudHubProvider } from '../src/index.js';

/** The 58 public methods of `QcloudHubProvider` (spec section 2), grouped as in the spec. */
export const SPEC_METHODS = [
  // 2.1 connection and MQTT
  'connect', 'disconnect', 'isMqttConnected', 'getConnectState', 'subscribe', 'unsubscribe', 'publish',
  'setReconnectInterval', 'setMessageTimout', 'setKeepaliveInterval', 'getProductID', 'getDeviceName',
  'getNtpAccurateTime', 'register_explorer_callback',
  // 2.2 callbacks
  'registerMqttCallback', 'httpCallback', 'registerUserCallback',
  // 2.3 shadow
  'shadowInit', 'getShadow', 'shadowJsonConstructReport', 'shadowJsonConstructDesireAllNull', 'shadowUpdate',
  // 2.4 gateway
  'gatewayInit', 'gatewaySubdevGetConfigList', 'isSubdevStatusOnline', 'updateSubdevStatus', 'gatewaySubdevOnline',
  'gatewaySubdevOffline', 'gatewaySubdevBind', 'gatewaySubdevUnbind', 'gatewaySubdevGetBindList', 'gatewaySubdevSubscribe',
  // 2.5 dynamic registration
  'dynregDevice',
  // 2.6 OTA
  'otaInit', 'otaReportVersion', 'otaIsFetching', 'otaIsFetchFinished', 'otaIoctlNumber', 'otaIoctlString', 'otaResetMd5',
  'otaMd5Update', 'otaDownloadStart', 'otaFetchYield', 'otaReportUpgradeSuccess', 'otaReportUpgradeFail', 'httpInit', 'httpFetch',
  // 2.7 RRPC, 2.8 broadcast
  'rrpcInit', 'rrpcReply', 'broadcastInit',
  // 2.9 resource management
  'resourceInit', 'resourceCreateUploadTask', 'resourceReportUploadProgress', 'resourceUploadfile', 'resourceFinished',
  // 2.10 logging, 2.11 HTTP access
  'logInit', 'httpDevice', 'isHttpConnected',
] as const;

/** The six MQTT callback slots of `registerMqttCallback` (spec 2.2). */
export const CALLBACKS = ['on_connect', 'on_disconnect', 'on_message', 'on_publish', 'on_subscribe', 'on_unsubscribe'] as const;

/**
 * Classes, nested types and enums a user meets (spec 1.1 and 2.12), including the internal ones the spec says a
 * port need not export (`NtpTime`, `LoopWorker`, `EventWorker`): the README must say what became of each.
 */
export const CLASSES = [
  'QcloudHub', 'QcloudHubProvider', 'HubState', 'ErrorCode', 'StateError', 'LoggerLevel', 'device_property', 'sReplyPara',
  'NtpTime', 'LoopWorker', 'EventWorker', 'gateway_subdev', 'SessionState', 'OtaState', 'OtaCmdType', 'OtaProgressCode',
  'OtaReportType', 'ResourceState', 'Log',
] as const;

/** Methods of the `Log` object returned by `logInit` (spec 2.10). */
export const LOG_METHODS = [
  'debug', 'info', 'warring', 'error', 'critical', 'enable_logger', 'disable_logger', 'is_enabled', 'set_level', 'create_file',
  'get_logger',
] as const;

/** Spec 6.7: the Python calls that block, which the port exposes as Promises. */
export const ASYNC_LIST = [
  'disconnect', 'getNtpAccurateTime', 'gatewaySubdevOnline', 'gatewaySubdevOffline', 'gatewaySubdevBind', 'gatewaySubdevUnbind',
  'gatewaySubdevGetBindList', 'otaInit', 'resourceInit', 'dynregDevice', 'httpDevice', 'resourceUploadfile', 'otaDownloadStart',
  'httpInit', 'otaFetchYield', 'httpFetch',
] as const;

/** {@link ASYNC_LIST} as a set. */
export const ASYNC = new Set<string>(ASYNC_LIST);

// Compile-time checks (the typecheck fails otherwise).
type PromiseMethods<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => PromiseLike<unknown> ? K : never }[keyof T];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time: ASYNC_LIST is exactly the set of spec methods whose TypeScript signature returns a Promise. */
export const ASYNC_MATCHES_CODE: Same<(typeof ASYNC_LIST)[number], PromiseMethods<QcloudHubProvider> & (typeof SPEC_METHODS)[number]> = true;
/** Compile-time: every method of the Log object is synchronous. */
export const LOG_IS_SYNC: Same<never, PromiseMethods<Log> & (typeof LOG_METHODS)[number]> = true;
