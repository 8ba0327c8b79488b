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
 * A client id short enough for one trace line: long ids (Aliyun's carry their sign parameters) are cut at their
 * first `|`, others after 45 characters.
 * @param id - the MQTT client id
 */
export function shortClientId(id: string): string {
  if (id.length <= 48) return id;
  const bar = id.indexOf('|');
  return bar > 0 ? `${id.slice(0, bar)}|…` : `${id.slice(0, 45)}…`;
}

/**
 * One line per trace entry, for people: time, client, what happened, topic and a shortened payload.
 * @param e - the entry recorded by the emulator
 */
export function formatTraceEntry(e: TraceEntry): string {
  const time = e.time.slice(11, 23);
  const head = `${time} ${ARROWS[e.kind] ?? e.kind} ${e.clientId ? shortClientId(e.clientId) : '-'}`;
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

/**
 * The lines of {@link formatTraceEntry} for a run of entries, with each burst of (un)subscriptions of one client
 * (e.g. the dozens of server-side subscriptions an Aliyun device gets at CONNACK) folded into one line.
 * @param entries - trace entries in order
 */
export function formatWire(entries: readonly TraceEntry[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < entries.length; ) {
    const e = entries[i]!;
    let j = i + 1;
    if (e.kind === 'subscribe' || e.kind === 'unsubscribe') {
      while (j < entries.length && entries[j]!.kind === e.kind && entries[j]!.clientId === e.clientId && entries[j]!.auto === e.auto) j += 1;
    }
    if (j - i >= 3) {
      const topics = entries.slice(i, j).map((x) => x.topic ?? '');
      out.push(`${e.time.slice(11, 23)} ${ARROWS[e.kind] ?? e.kind} ${shortClientId(e.clientId)} ${j - i} topics${e.auto ? ' (server-side)' : ''}: ${topics.slice(0, 2).join(', ')}, …`);
    } else {
      for (let k = i; k < j; k++) out.push(formatTraceEntry(entries[k]!));
    }
    i = j;
  }
  return out;
}
