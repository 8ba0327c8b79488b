/**
 * Turns a downlink payload into bytes: Buffers/Uint8Arrays as is, strings as UTF-8,
 * anything else as JSON.
 * @returns the payload bytes
 */
export function toPayloadBuffer(payload: string | Buffer | Uint8Array | object): Buffer {
  if (Buffer.isBuffer(payload)) return payload;
  if (payload instanceof Uint8Array) return Buffer.from(payload);
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  return Buffer.from(JSON.stringify(payload), 'utf8');
}
