/**
 * `LinkKit.ErrorCode`: the SDK's error codes (same names and values as linkkit.py 1.2.13). The first hex digit
 * groups them: 0 = MQTT, 1 = gateway, 3 = dynamic registration, 4 = OTA.
 * @module
 */
import { defineEnum } from './enum-member.js';

/** `LinkKit.ErrorCode` (Python `Enum`, not `IntEnum`: compare `.value` with numbers). */
export const ErrorCode = defineEnum('ErrorCode', {
  SUCCESS: 0,
  NETWORK_DISCONNECTED: -0x001,
  INVALID_TOPIC: -0x002,
  INVALID_QOS: -0x003,
  PAHO_MQTT_ERROR: -0x004,
  NULL_SUBDEV_ERR: -0x101,
  SUBDEV_NOT_ARRAY_ERR: -0x102,
  ARRAY_LENGTH_ERR: -0x103,
  DYNREG_AUTH_FAILED: -0x301,
  DYNREG_AUTH_NWL_FAILED: -0x302,
  OTA_INVALID_PARAM: -0x401,
  OTA_DIGEST_MISMATCH: -0x402,
  OTA_PUB_FAILED: -0x403,
  OTA_INVALID_SIGN_METHOD: -0x404,
  OTA_DOWNLOAD_FAIL: -0x405,
  OTA_INVALID_URL: -0x406,
  OTA_INVALID_PATH: -0x407,
});

/** A member of {@link ErrorCode} (what the OTA methods return). */
export type ErrorCodeMember = ReturnType<typeof ErrorCode.of>;
