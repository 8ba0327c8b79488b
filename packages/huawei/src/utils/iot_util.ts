/**
 * Helpers of the Python module `utils/iot_util.py`.
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { formatUtc, hmac } from '@iot/core';
import type { RawMessage } from '../transport/raw_message.js';

/**
 * Epoch milliseconds.
 * @returns `Date.now()` as an integer
 */
export function get_gmt_timestamp(): number {
  return Date.now();
}

/**
 * UTC time as `YYYYMMDDHH` (10 digits), the timestamp of the MQTT client id and password.
 * @param now - the time, now by default
 * @returns e.g. `2024010203`
 */
export function get_timestamp(now: Date = new Date()): string {
  return formatUtc(now, 'YYYYMMDDHH');
}

/**
 * Event time `YYYY-MM-DDTHH:MM:SSZ`. Python formats the **local** time with a literal `Z` (quirk Q15); this port
 * formats UTC, which is what the `Z` says.
 * @param now - the time, now by default
 * @returns e.g. `2024-01-02T11:04:05Z`
 */
export function get_event_time(now: Date = new Date()): string {
  return formatUtc(now, 'YYYY-MM-DDTHH:mm:ssZ');
}

/**
 * MQTT client id `{device_id}_0_{psw_sig_type}_{timestamp}`.
 * @param device_id - device id
 * @param psw_sig_type - sign type digit, "0" or "1"
 * @param timestamp - `YYYYMMDDHH`
 * @returns the client id
 * @throws TypeError "device_id should be a string type"
 */
export function get_client_id(device_id: string | null = null, psw_sig_type = '0', timestamp = ''): string {
  if (typeof device_id !== 'string') throw new TypeError('device_id should be a string type');
  return `${device_id}_0_${psw_sig_type}_${timestamp}`;
}

/**
 * Lowercase hex SHA-256 of a file.
 * @param file_path - the file
 * @returns the digest
 */
export async function sha256_hash_from_file(file_path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file_path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * The device password: HMAC-SHA256 with the timestamp as key and the secret as message, lowercase hex.
 * @param secret - device secret
 * @param timestamp - `YYYYMMDDHH`
 * @returns 64 hex characters
 */
export function sha256_mac(secret: string, timestamp: string): string {
  return hmac('sha256', Buffer.from(timestamp, 'utf8'), Buffer.from(secret, 'utf8'), 'hex');
}

/**
 * HMAC-SHA256 with the salt as key and the secret bytes as message, lowercase hex (registration-group secret derivation).
 * @param secret - secret bytes
 * @param salt - the salt (device id)
 * @returns 64 hex characters
 */
export function sha256_mac_salt(secret: Buffer, salt: string): string {
  return hmac('sha256', Buffer.from(salt, 'utf8'), secret, 'hex');
}

/**
 * The request id of a downlink: the text after the last `request_id=` of the topic.
 * @param msg - the message
 * @returns the id
 * @throws TypeError "request_id was not found at message topic"
 */
export function get_request_id_from_msg(msg: RawMessage): string {
  const topic = msg.topic.trim();
  const i = topic.lastIndexOf('request_id=');
  if (i < 0) throw new TypeError('request_id was not found at message topic');
  return topic.slice(i + 'request_id='.length);
}

/**
 * The segment after `devices` in a topic.
 * @param msg - the message
 * @returns the device id, or null when the topic has none
 */
export function get_device_id_from_msg(msg: RawMessage): string | null {
  const parts = msg.topic.split('/');
  const i = parts.indexOf('devices');
  return i >= 0 && i + 1 < parts.length ? parts[i + 1]! : null;
}

/**
 * True for null/undefined and blank strings.
 * @param value - the value
 * @returns whether it is empty
 * @throws TypeError "Input parameter value is not string" for other types
 */
export function str_is_empty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'string') throw new TypeError('Input parameter value is not string');
  return value.trim() === '';
}

/**
 * The node id part of a device id (text after the first `_`).
 * @param device_id - device id `{product_id}_{node_id}`
 * @returns the node id, or null when there is no `_`
 */
export function get_node_id_from_device_id(device_id: string): string | null {
  const i = device_id.indexOf('_');
  return i < 0 ? null : device_id.slice(i + 1);
}
