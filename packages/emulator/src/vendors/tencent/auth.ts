/**
 * MQTT CONNECT checks of the emulated IoT Hub (spec 3.1–3.3): username fields, HMAC password,
 * expiry, certificate fingerprint.
 * @packageDocumentation
 */
import type { AuthResult, ConnectInfo } from '../../plugin.js';
import type { DeviceRegistry } from '../../registry.js';
import { normalizeFingerprint, verifyMqttPassword } from './crypto.js';
import { findDeviceByClientId } from './records.js';

/** The four fields of a Tencent MQTT username. */
export interface TencentUsername {
  /** `productId + deviceName`. */
  clientId: string;
  /** SDK application id (`21010406` for the Python SDK). */
  sdkappid: string;
  /** Random connection id. */
  connid: string;
  /** Expiry as sent (the Python SDK sends the current time in ms). */
  expiry: string;
}

/** @returns the username fields, or undefined when it is no Tencent username */
export function parseUsername(username: string | undefined): TencentUsername | undefined {
  if (username === undefined) return undefined;
  const m = /^([^;]+);(\d{1,20});([A-Za-z0-9]{1,32});(\d{1,20})$/.exec(username);
  if (!m) return undefined;
  return { clientId: m[1] as string, sdkappid: m[2] as string, connid: m[3] as string, expiry: m[4] as string };
}

/** @returns true when the CONNECT looks like a Tencent device (username shape or a registered client id) */
export function claimsConnect(conn: ConnectInfo, registry: DeviceRegistry): boolean {
  if (parseUsername(conn.username)) return true;
  return findDeviceByClientId(registry, conn.clientId) !== undefined;
}

/**
 * Authenticates a CONNECT against the registry.
 * @param nowMs - current time (expiry check)
 */
export function authenticateConnect(conn: ConnectInfo, registry: DeviceRegistry, nowMs: number): AuthResult {
  const user = parseUsername(conn.username);
  if (user && user.clientId !== conn.clientId) return { ok: false, returnCode: 2, reason: `username names ${user.clientId}, client id is ${conn.clientId}` };
  const device = findDeviceByClientId(registry, conn.clientId);
  if (!device) return { ok: false, returnCode: 4, reason: `unknown tencent device ${conn.clientId}` };
  if (!device.enabled) return { ok: false, returnCode: 5, reason: `device ${device.key} is disabled` };
  const session = { key: device.key, productId: device.productId, deviceName: device.deviceName };
  if (device.authMode === 'CERT') {
    if (!conn.tls || !conn.peerCertificate) return { ok: false, returnCode: 4, reason: `certificate device ${device.key} presented no client certificate` };
    if (!device.certFingerprint || normalizeFingerprint(device.certFingerprint) !== normalizeFingerprint(conn.peerCertificate.fingerprint256)) {
      return { ok: false, returnCode: 4, reason: `client certificate of ${device.key} does not match the registered fingerprint` };
    }
    return { ok: true, session };
  }
  if (!user) return { ok: false, returnCode: 4, reason: 'username is not <productId><deviceName>;<sdkappid>;<connid>;<expiry>' };
  const expiry = Number(user.expiry);
  if (!Number.isFinite(expiry) || expiry * 1000 < nowMs) return { ok: false, returnCode: 4, reason: `credentials of ${device.key} expired` };
  const password = conn.password?.toString('utf8') ?? '';
  if (!verifyMqttPassword(conn.username as string, password, device.deviceSecret)) return { ok: false, returnCode: 4, reason: `bad password for ${device.key}` };
  return { ok: true, session };
}
