// The spec's section 2 method list (58 public methods of QcloudHubProvider) against the class.
import { QcloudHubProvider } from '../src/index.js';

const SPEC_METHODS = [
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

/** Spec 6.7: the Python calls that block, which the port exposes as Promises. */
const ASYNC = new Set([
  'disconnect', 'getNtpAccurateTime', 'gatewaySubdevOnline', 'gatewaySubdevOffline', 'gatewaySubdevBind', 'gatewaySubdevUnbind',
  'gatewaySubdevGetBindList', 'otaInit', 'resourceInit', 'dynregDevice', 'httpDevice', 'resourceUploadfile', 'otaDownloadStart',
  'httpInit', 'otaFetchYield', 'httpFetch',
]);

/**
 * Methods of the spec list not implemented yet. Must be exactly the set of missing names:
 * the test fails when a method is added without updating this list (or removed without adding it here).
 */
const NOT_YET: string[] = [];

test('the spec lists 58 methods', () => {
  expect(SPEC_METHODS.length).toBe(58);
  expect(new Set(SPEC_METHODS).size).toBe(58);
});

test('every spec method exists on QcloudHubProvider, except exactly NOT_YET', () => {
  const proto = QcloudHubProvider.prototype as unknown as Record<string, unknown>;
  const missing = SPEC_METHODS.filter((m) => typeof proto[m] !== 'function');
  expect(missing.sort()).toEqual([...NOT_YET].sort());
});

test('the blocking Python calls are async, everything else is synchronous', () => {
  const proto = QcloudHubProvider.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of SPEC_METHODS) {
    if (NOT_YET.includes(m)) continue;
    const isAsync = proto[m]!.constructor.name === 'AsyncFunction';
    expect([m, isAsync]).toEqual([m, ASYNC.has(m)]);
  }
});
