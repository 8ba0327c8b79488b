/**
 * CONNECT checks of IoTDA (spec 3.2): client id shapes, HMAC passwords, timestamp expiry, X.509 fingerprints.
 * @packageDocumentation
 */
import type { AuthResult, ConnectInfo } from '../../plugin.js';
import type { DeviceRegistry } from '../../registry.js';
import { expectedPassword, groupDerivedSecret, normalizeFingerprint, parseUtcHour, passwordMatches } from './crypto.js';
import { getDevice, getGroup } from './records.js';

/** What a client id says. */
export type ParsedClientId =
  | { mode: 'direct'; deviceId: string; checkTimestamp: boolean; ts: string }
  | { mode: 'group'; deviceId: string; scopeId: string; ts?: string };

/** Tolerance of sign type 1 timestamps (± this many ms around the current UTC hour). */
export const TIMESTAMP_TOLERANCE_MS = 3_600_000;

/** What {@link parseClientId} may consult to resolve an ambiguous registration-group client id. */
export interface ParseClientIdOptions {
  /** True when a registration group with that scope id exists (registry `group:<scope_id>`). */
  isKnownGroup?: (scopeId: string) => boolean;
  /** Whether the CONNECT carried a password (secret modes do, X.509 modes do not). */
  hasPassword?: boolean;
}

/**
 * Parses a client id given the username (the device id). After `{device_id}_0_` comes either
 * `{0|1}_{YYYYMMDDHH}` (direct), `{scope_id}_0_{YYYYMMDDHH}` (registration group, secret) or `{scope_id}`
 * (registration group, X.509). A scope id may itself contain `_` (the spec gives it no character rules), so the
 * shapes can overlap (`a_0_2024010203` is a secret id of scope `a` or an X.509 id of scope `a_0_2024010203`;
 * `1_2024010203` a direct id or a scope id). The registry decides: a known group scope id wins (when both readings
 * name a known group, a password means the secret form); otherwise direct, then secret, then X.509.
 * @returns undefined when the client id does not belong to that device or is malformed
 */
export function parseClientId(clientId: string, deviceId: string, opts: ParseClientIdOptions = {}): ParsedClientId | undefined {
  const prefix = `${deviceId}_0_`;
  if (deviceId === '' || !clientId.startsWith(prefix)) return undefined;
  const rest = clientId.slice(prefix.length);
  if (rest === '') return undefined;
  const secret = /^(.+)_0_(\d{10})$/.exec(rest);
  const asSecret: ParsedClientId | undefined = secret ? { mode: 'group', deviceId, scopeId: secret[1]!, ts: secret[2]! } : undefined;
  const asX509: ParsedClientId = { mode: 'group', deviceId, scopeId: rest };
  const known = opts.isKnownGroup ?? ((): boolean => false);
  const secretKnown = secret !== null && known(secret[1]!);
  const x509Known = known(rest);
  if (secretKnown && x509Known) return opts.hasPassword === false ? asX509 : asSecret;
  if (secretKnown) return asSecret;
  if (x509Known) return asX509;
  const direct = /^([01])_(\d{10})$/.exec(rest);
  if (direct) return { mode: 'direct', deviceId, checkTimestamp: direct[1] === '1', ts: direct[2]! };
  if (asSecret) return asSecret;
  // digits only, or a broken direct id (`1_20240102`): malformed unless a group of that scope id exists
  if (/^\d+$/.test(rest) || /^[01]_\d*$/.test(rest)) return undefined;
  return asX509;
}

/** True when this plugin should authenticate the CONNECT: username = device id, client id `<id>_0_...`. */
export function claimsConnect(conn: ConnectInfo): boolean {
  return typeof conn.username === 'string' && conn.username !== '' && conn.clientId.startsWith(`${conn.username}_0_`);
}

function refuse(returnCode: 2 | 4 | 5, reason: string): AuthResult {
  return { ok: false, returnCode, reason };
}

function certMatches(conn: ConnectInfo, fingerprint: string | undefined): boolean {
  const fp = conn.peerCertificate?.fingerprint256;
  return conn.tls && typeof fp === 'string' && fingerprint !== undefined && normalizeFingerprint(fp) === normalizeFingerprint(fingerprint);
}

/**
 * Authenticates a claimed CONNECT.
 * @param now - current epoch ms (for the timestamp check)
 */
export function authenticateConnect(conn: ConnectInfo, registry: DeviceRegistry, now: number): AuthResult {
  const deviceId = conn.username ?? '';
  const parsed = parseClientId(conn.clientId, deviceId, { isKnownGroup: (scopeId) => getGroup(registry, scopeId) !== undefined, hasPassword: conn.password !== undefined && conn.password.length > 0 });
  if (!parsed) return refuse(2, 'client id is not <device_id>_0_<sign type>_<YYYYMMDDHH> nor a registration-group id');
  if (parsed.mode === 'group') return authenticateGroup(conn, registry, parsed);
  const hour = parseUtcHour(parsed.ts);
  if (hour === undefined) return refuse(2, 'client id timestamp is not a valid YYYYMMDDHH');
  const device = getDevice(registry, deviceId);
  if (!device) return refuse(4, `unknown device ${deviceId}`);
  if (device.status === 'FROZEN') return refuse(5, `device ${deviceId} is frozen`);
  if (conn.password && conn.password.length > 0) {
    if (device.secret === undefined) return refuse(4, 'device has no secret (certificate device)');
    if (!passwordMatches(conn.password, expectedPassword(device.secret, parsed.ts))) return refuse(4, 'wrong password');
    if (parsed.checkTimestamp && (now < hour - TIMESTAMP_TOLERANCE_MS || now >= hour + 2 * TIMESTAMP_TOLERANCE_MS)) {
      return refuse(4, 'signature timestamp expired');
    }
    return { ok: true, session: { deviceId, auth: 'secret' } };
  }
  if (conn.peerCertificate) {
    if (!certMatches(conn, device.fingerprint)) return refuse(4, 'client certificate fingerprint does not match the device');
    return { ok: true, session: { deviceId, auth: 'x509' } };
  }
  return refuse(4, 'no password and no client certificate');
}

function authenticateGroup(conn: ConnectInfo, registry: DeviceRegistry, parsed: Extract<ParsedClientId, { mode: 'group' }>): AuthResult {
  const group = getGroup(registry, parsed.scopeId);
  if (!group) return refuse(2, `unknown registration group ${parsed.scopeId}`);
  const session = { deviceId: parsed.deviceId, scopeId: parsed.scopeId, bootstrapOnly: true };
  if (parsed.ts !== undefined) {
    if (group.scopeSecret === undefined) return refuse(4, 'registration group has no secret');
    if (parseUtcHour(parsed.ts) === undefined) return refuse(2, 'client id timestamp is not a valid YYYYMMDDHH');
    const derived = groupDerivedSecret(group.scopeSecret, parsed.deviceId);
    if (!passwordMatches(conn.password, expectedPassword(derived, parsed.ts))) return refuse(4, 'wrong registration-group password');
    return { ok: true, session: { ...session, auth: 'group-secret' } };
  }
  const fp = conn.peerCertificate?.fingerprint256;
  if (!conn.tls || typeof fp !== 'string') return refuse(4, 'registration-group X.509 id without a client certificate');
  if (group.fingerprints.length > 0 && !group.fingerprints.some((f) => normalizeFingerprint(f) === normalizeFingerprint(fp))) {
    return refuse(4, 'client certificate not accepted by the registration group');
  }
  return { ok: true, session: { ...session, auth: 'group-x509', fingerprint: fp } };
}
