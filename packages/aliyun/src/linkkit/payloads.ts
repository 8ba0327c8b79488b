/**
 * Uplink payload builders: every JSON body linkkit.py 1.2.13 publishes, with its key order and Python `json.dumps`
 * formatting (or the exact hand-formatted text for OTA).
 * @module
 */
import { pyJsonDumps } from './python-format.js';

/** `{"id", "version": "1.0", "params", "method"}` (property post, device info update/delete). */
export function alinkRequest(id: string | null, method: string, params: unknown): string {
  return pyJsonDumps({ id, version: '1.0', params, method });
}

/** Event post: `{"id", "version": "1.0", "params": {"value": params}, "method": "thing.event.{event}.post"}`. */
export function eventPostRequest(id: string, event: string, params: unknown): string {
  return pyJsonDumps({ id, version: '1.0', params: { value: params }, method: `thing.event.${event}.post` });
}

/** Gateway request without `method`: `{"id", "version": "1.0", "params"}`. */
export function gatewayRequest(id: string, params: unknown): string {
  return pyJsonDumps({ id, version: '1.0', params });
}

/** Property set reply / service reply: `{"id", "code", "data"}`. */
export function codeReply(id: unknown, code: unknown, data: unknown): string {
  return pyJsonDumps({ id, code, data });
}

/** Shadow update request. */
export function shadowUpdateRequest(reported: unknown, version: unknown): string {
  return pyJsonDumps({ state: { reported }, method: 'update', version });
}

/** Shadow get request. */
export function shadowGetRequest(): string {
  return pyJsonDumps({ method: 'get' });
}

/** OTA inform text (hand-formatted by the SDK, values not escaped). */
export function otaInformPayload(module: string | null | undefined, version: string): string {
  return module
    ? `{"id": 1,"params": {"version":"${version}","module": "${module}"}}`
    : `{"id": 1, "params": {"version": "${version}"}}`;
}

/** OTA firmware/get text (hand-formatted; the id is written unquoted). */
export function otaFirmwareGetPayload(id: string, module: string | null | undefined): string {
  return module ? `{"id": ${id}, "params": {"module": "${module}"}}` : `{"id": ${id}, "params": {}}`;
}

/** OTA progress report (platform convention, not part of 1.2.13; opt-in extension). */
export function otaProgressPayload(id: string, step: number | string, desc: string, module?: string | null): string {
  const params: Record<string, string> = { step: String(step), desc };
  if (module) params['module'] = module;
  return pyJsonDumps({ id, params });
}
