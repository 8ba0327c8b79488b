/**
 * The `linkkit` module: `LinkKit` and everything around it.
 * @module
 */
export { LinkKit, TslValidationError } from './linkkit.js';
export { LinkKitState, type LinkKitStateMember } from './link-kit-state.js';
export { ErrorCode, type ErrorCodeMember } from './error-code.js';
export { EnumMember, defineEnum, type PyEnum, type EnumMembers } from './enum-member.js';
export { StateError, ValueError } from './errors.js';
export { Shadow, type ShadowDict } from './shadow.js';
export { logging, type PyLogLevel } from './sdk-log.js';
export { LinkKitBackoff, type LinkKitBackoffOptions } from './backoff.js';
export { ALIYUN_BROKER_CA_DATA, ALIYUN_ROOT_CERTIFICATES, type RootCertificate } from './ca-data.js';
export {
  SDK_LANGUAGE,
  SDK_VERSION,
  SUBDEV_SDK_VERSION,
  deviceSignContent,
  deviceSecretCredentials,
  productSignContent,
  productSign,
  dynregCredentials,
  nwlCredentials,
  subdevTopoClientId,
  subdevLoginClientId,
  subdevSign,
  type LinkKitCredentials,
  type DeviceSecretAuth,
  type DynregAuth,
} from './signing.js';
export { randomString, RANDOM_ALPHABET } from './random-string.js';
export { pyJsonDumps, pyJsonString, pyRepr, pyStr, pyStrRepr, type JsonValue } from './python-format.js';
export { deviceTopics, eventPostTopic, serviceTopic, tidyTopic, rrpcFilter, type DeviceTopics } from './topics.js';
export { TslIndex, dataTypeSchema, propertyPostSchema, eventSchemas, type TslDocument, type TslItem, type TslDataType, type JsonSchema } from './tsl.js';
export type {
  None,
  RcTuple,
  LinkKitOptions,
  LinkKitKeywordArgs,
  LinkKitExtensions,
  ConfigMqttArgs,
  LinkKitCallbacks,
  CallbackName,
  OtaDownloadExtras,
} from './types.js';

/** Python module constant: minimum Python major version of linkkit.py (informational). */
export const REQUIRED_MAJOR_VERSION = 3;
/** Python module constant: minimum Python minor version of linkkit.py (informational). */
export const REQUIRED_MINOR_VERSION = 5;
