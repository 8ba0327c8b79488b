/**
 * Parsing of the MQTT client ids Link Kit devices present.
 * @packageDocumentation
 */

/** The three client-id shapes of a Link Kit CONNECT. */
export type ParsedClientId =
  | { kind: 'device'; productKey: string; deviceName: string; params: Record<string, string> }
  | { kind: 'dynreg'; productKey: string; deviceName: string; params: Record<string, string> }
  | { kind: 'connwl'; prefix: string; params: Record<string, string> };

/** Splits `k=v,k=v` (values may contain `=` or `|`, never `,`). */
export function parseParams(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of list.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/**
 * Parses a client id: `{pk}&{dn}|params|` (device secret), `{dn}.{pk}|params|` with `authType=register|regnwl`
 * (MQTT dynamic registration) or `{prefix}|authType=connwl,...|` (regnwl credentials).
 * @returns undefined when it is none of these
 */
export function parseClientId(clientId: string): ParsedClientId | undefined {
  const first = clientId.indexOf('|');
  if (first <= 0 || !clientId.endsWith('|') || clientId.length - 1 === first) return undefined;
  const head = clientId.slice(0, first);
  const params = parseParams(clientId.slice(first + 1, -1));
  const authType = params['authType'];
  if (authType === 'connwl') return { kind: 'connwl', prefix: head, params };
  if (authType === 'register' || authType === 'regnwl') {
    const dot = head.lastIndexOf('.');
    if (dot <= 0 || dot === head.length - 1) return undefined;
    return { kind: 'dynreg', deviceName: head.slice(0, dot), productKey: head.slice(dot + 1), params };
  }
  const amp = head.indexOf('&');
  if (amp <= 0 || amp === head.length - 1) return undefined;
  return { kind: 'device', productKey: head.slice(0, amp), deviceName: head.slice(amp + 1), params };
}
