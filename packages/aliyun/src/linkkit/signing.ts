/**
 * Link Kit credentials and signatures (spec 3.2, 3.3, 3.11), assembled on top of `@iot/core`'s `hmac`.
 * @module
 */
import { hmac } from '@iot/core';

/** SDK language and version that go into the client id. */
export const SDK_LANGUAGE = 'Python';
/** linkkit.py version this package reproduces. */
export const SDK_VERSION = '1.2.13';
/** Version hard-coded in sub-device login client ids (spec Q12). */
export const SUBDEV_SDK_VERSION = '2.2.1';

/** MQTT credentials of one connect attempt. */
export interface LinkKitCredentials {
  /** MQTT client id. */
  clientId: string;
  /** MQTT username. */
  username: string;
  /** MQTT password. */
  password: string;
}

/** Inputs of the device-secret ("one device one secret") credentials. */
export interface DeviceSecretAuth {
  /** Product key. */
  productKey: string;
  /** Device name. */
  deviceName: string;
  /** Device secret (HMAC key). */
  deviceSecret: string;
  /** Unix seconds, as a decimal string. */
  timestamp: string;
  /** `secure == "TLS"` → securemode 2, else 3. */
  tls: boolean;
  /** `config_device_info` string ('' for none). */
  interfaceInfo?: string;
}

/**
 * The string signed for the device-secret password: `clientId{pk}&{dn}deviceName{dn}productKey{pk}timestamp{ts}`.
 */
export function deviceSignContent(pk: string, dn: string, timestamp: string): string {
  return `clientId${pk}&${dn}deviceName${dn}productKey${pk}timestamp${timestamp}`;
}

/**
 * Device-secret credentials (mode A): client id with `securemode`, `signmethod=hmacsha1`, `ext=1`, `_ss=1`,
 * language, version, optional `sii=`, and the timestamp; password = hex HMAC-SHA1(deviceSecret, sign content).
 */
export function deviceSecretCredentials(a: DeviceSecretAuth): LinkKitCredentials {
  const securemode = a.tls ? 2 : 3;
  const sii = a.interfaceInfo ? `sii=${a.interfaceInfo},` : '';
  const clientId =
    `${a.productKey}&${a.deviceName}|securemode=${securemode},signmethod=hmacsha1,ext=1,_ss=1,` +
    `lan=${SDK_LANGUAGE},_v=${SDK_VERSION},${sii}timestamp=${a.timestamp}|`;
  return {
    clientId,
    username: `${a.deviceName}&${a.productKey}`,
    password: hmac('sha1', a.deviceSecret, deviceSignContent(a.productKey, a.deviceName, a.timestamp)),
  };
}

/** The string signed with the product secret: `deviceName{dn}productKey{pk}random{random}`. */
export function productSignContent(pk: string, dn: string, random: string): string {
  return `deviceName${dn}productKey${pk}random${random}`;
}

/**
 * hex HMAC-SHA256 with the product secret over {@link productSignContent} (HTTPS and MQTT dynamic registration,
 * sub-device product registration).
 */
export function productSign(productSecret: string, pk: string, dn: string, random: string): string {
  return hmac('sha256', productSecret, productSignContent(pk, dn, random));
}

/** Inputs of MQTT dynamic registration credentials (mode C). */
export interface DynregAuth {
  /** Product key. */
  productKey: string;
  /** Device name. */
  deviceName: string;
  /** Product secret (HMAC key). */
  productSecret: string;
  /** `register` (pre-registered device) or `regnwl` (not pre-registered). */
  authType: 'register' | 'regnwl';
  /** 15 random characters. */
  random: string;
  /** Enterprise instance id, added as `instanceId=` when set. */
  instanceId?: string | null;
}

/** MQTT dynamic-registration credentials: `{dn}.{pk}|random=...,authType=...,securemode=2,signmethod=hmacsha256[,instanceId=...]|`. */
export function dynregCredentials(a: DynregAuth): LinkKitCredentials {
  const instance = a.instanceId ? `,instanceId=${a.instanceId}` : '';
  return {
    clientId: `${a.deviceName}.${a.productKey}|random=${a.random},authType=${a.authType},securemode=2,signmethod=hmacsha256${instance}|`,
    username: `${a.deviceName}&${a.productKey}`,
    password: productSign(a.productSecret, a.productKey, a.deviceName, a.random),
  };
}

/**
 * Credentials built from a `/ext/regnwl` reply: client id with the `connwl` suffix, username `{dn}&{pk}`,
 * password = the device token.
 */
export function nwlCredentials(clientId: string, productKey: string, deviceName: string, deviceToken: string): LinkKitCredentials {
  return {
    clientId: `${clientId}|authType=connwl,securemode=-2,_ss=1,ext=3,lan=${SDK_LANGUAGE},_v=${SDK_VERSION}|`,
    username: `${deviceName}&${productKey}`,
    password: deviceToken,
  };
}

/** Sub-device client id used by topo/add: `{pk}.{dn}`. */
export function subdevTopoClientId(pk: string, dn: string): string {
  return `${pk}.${dn}`;
}

/** Sub-device client id used by batch_login: `{pk}.{dn}|lan=Python,_v=2.2.1,_ss=1|`. */
export function subdevLoginClientId(pk: string, dn: string): string {
  return `${pk}.${dn}|lan=${SDK_LANGUAGE},_v=${SUBDEV_SDK_VERSION},_ss=1|`;
}

/**
 * Sub-device signature (topo add / batch login): hex HMAC-SHA256(deviceSecret,
 * `clientId{clientId}deviceName{dn}productKey{pk}timestamp{millis}`).
 */
export function subdevSign(deviceSecret: string, clientId: string, pk: string, dn: string, millis: string): string {
  return hmac('sha256', deviceSecret, `clientId${clientId}deviceName${dn}productKey${pk}timestamp${millis}`);
}
