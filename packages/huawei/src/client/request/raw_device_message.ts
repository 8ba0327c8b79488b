/**
 * {@link RawDeviceMessage}: a `messages/down` payload as bytes.
 * @module
 */
import { DeviceMessage } from './device_message.js';

const SYSTEM_KEYS = new Set(['name', 'id', 'content', 'object_device_id']);

/** The raw bytes of a downlink message, with helpers to read it as text or as a system-format message. */
export class RawDeviceMessage {
  /** Payload bytes. */
  payload: Buffer;
  /**
   * @param payload - payload bytes
   */
  constructor(payload: Buffer) {
    this.payload = payload;
  }

  /**
   * The payload as UTF-8 text.
   * @returns the text
   * @throws TypeError on invalid UTF-8 (Python raises UnicodeDecodeError)
   */
  to_utf8_string(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.payload);
  }

  /**
   * The payload as a system-format message: a JSON object whose keys are all among `name`, `id`, `content`,
   * `object_device_id` and whose values are strings or null. Anything else (also valid JSON that is not an object,
   * which makes Python throw, quirk Q33) gives null.
   * @returns the message or null
   */
  to_device_message(): DeviceMessage | null {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.to_utf8_string());
    } catch {
      return null;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    const dict = parsed as Record<string, unknown>;
    for (const [k, v] of Object.entries(dict)) {
      if (!SYSTEM_KEYS.has(k)) return null;
      if (v !== null && typeof v !== 'string') return null;
    }
    const msg = new DeviceMessage();
    msg.convert_from_dict(dict);
    return msg;
  }
}
