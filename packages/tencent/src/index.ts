/**
 * @iot/tencent: the Tencent Cloud IoT Hub Python device SDK (`hub` package) for TypeScript.
 * `new QcloudHub('device_info.json', null, true).hub` gives the client; every method keeps its Python name.
 * @packageDocumentation
 */
export { QcloudHub, QcloudHubProvider } from './hub/hub.js';
export type {
  OnConnect,
  OnDisconnect,
  OnMessage,
  OnPublish,
  OnSubscribe,
  OnUnsubscribe,
  TopicCallback,
  ExplorerDisconnectHook,
  MqttCallbacks,
  QcloudHubOptions,
  QcloudHubArgs,
  CmdTypeArg,
  OtaProgressInfo,
  QcloudHubEvents,
} from './hub/hub.js';
export { HubState, ErrorCode, LoggerLevel, device_property, sReplyPara, enumValue, type EnumLike } from './hub/types.js';
export { StateError, KeyError, IndexError, AttributeError, HTTPError } from './hub/errors.js';
export { OtaState, OtaCmdType, OtaProgressCode, OtaReportType } from './services/ota/ota-types.js';
export { SessionState, gateway_subdev } from './services/gateway/gateway-types.js';
export { ResourceState } from './services/resourceManage/resource-types.js';
export { Log, pyFormat } from './log/log.js';
export { TopicProvider } from './utils/topics.js';
export { DeviceInfoProvider, type SubdevConfig, type DeviceInfoJson } from './utils/device-info.js';
// Python json.dumps / json.loads: @iot/core's encoder, re-exported under the names this package always used
export { pyJsonDumps as dumps, pyJsonLoads as loads, pyQuote, pyNumber, PyFloat, pyDict, type PyJsonValue } from '@iot/core';
export {
  SDK_APP_ID,
  generateConnId,
  mqttAuth,
  httpStringToSign,
  httpSignHmac,
  httpSignRsa,
  signedHostPath,
  gatewayBindSignature,
  decryptRegistrationPayload,
  contentMd5FromHex,
  randomNonce,
  type TencentMqttAuth,
  type HttpSignInput,
} from './utils/codec.js';
export { TENCENT_IOT_CA_PEM } from './utils/tencent-ca.js';
export { TencentBackoff, type TencentBackoffOptions } from './protocol/backoff.js';
export { MQTT_ERR, type SubscribeTopic } from './protocol/protocol.js';
