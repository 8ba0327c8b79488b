/**
 * Tells whether an MQTT topic matches a subscription filter (`+` one level, `#` the rest).
 * Topics starting with `$` are not matched by a filter starting with a wildcard (MQTT 3.1.1 §4.7.2).
 * @param filter - subscription filter, e.g. `/sys/+/+/thing/#`
 * @param topic - concrete topic name
 * @returns true when `topic` matches `filter`
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const part = f[i];
    if (part === '#') return i === f.length - 1;
    if (i >= t.length) return false;
    if (part !== '+' && part !== t[i]) return false;
  }
  return f.length === t.length;
}
