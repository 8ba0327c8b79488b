import type { TraceEntry } from '@iot/emulator';

const ARROWS: Partial<Record<TraceEntry['kind'], string>> = {
  connect: 'CONNECT   ',
  connack: 'CONNACK   ',
  publish: 'device -> ',
  deliver: 'cloud  -> ',
  subscribe: 'SUBSCRIBE ',
  unsubscribe: 'UNSUB     ',
  disconnect: 'GONE      ',
  denied: 'DENIED    ',
  http: 'HTTP      ',
  error: 'ERROR     ',
};

/**
 * One line per trace entry, for people: time, client, what happened, topic and a shortened payload.
 * @param e - the entry recorded by the emulator
 */
export function formatTraceEntry(e: TraceEntry): string {
  const time = e.time.slice(11, 23);
  const head = `${time} ${ARROWS[e.kind] ?? e.kind} ${e.clientId || '-'}`;
  switch (e.kind) {
    case 'connect':
      return `${head} user=${e.username ?? ''} password=${e.passwordPresent ? '(given)' : '(none)'} mqtt=${e.protocolVersion ?? ''}`;
    case 'connack':
      return `${head} rc=${e.returnCode ?? 0}${e.reason ? ` (${e.reason})` : ''}`;
    case 'http':
      return `${head} ${e.method ?? ''} ${e.path ?? ''} -> ${e.status ?? ''}`;
    case 'disconnect':
    case 'denied':
    case 'error':
      return `${head} ${e.topic ?? ''} ${e.reason ?? ''}`.trimEnd();
    default: {
      const payload = e.payload === undefined ? '' : e.payload.length > 90 ? `${e.payload.slice(0, 87)}...` : e.payload;
      return `${head} ${e.topic ?? ''}${e.qos !== undefined ? ` q${e.qos}` : ''}${e.auto ? ' (server-side)' : ''} ${payload}`.trimEnd();
    }
  }
}
