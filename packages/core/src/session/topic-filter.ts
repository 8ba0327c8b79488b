/**
 * MQTT topic filter matching (`+` single level, `#` multi level), as a broker applies it.
 * @module
 */

/**
 * Tells whether a topic name matches an MQTT topic filter.
 *
 * - `+` matches exactly one level (possibly empty), `#` (last level only) matches the parent level and everything below.
 * - Topics starting with `$` (`$SYS/...`, `$oc/...`) are not matched by a filter whose first level is a wildcard.
 * - An invalid filter (`a/#/b`, `a+/b`, empty) matches nothing.
 * @param filter - topic filter, e.g. `sensors/+/temperature` or `$thing/down/#`
 * @param topic - concrete topic name of a PUBLISH
 * @returns true when a subscription on `filter` receives a message on `topic`
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter.length === 0 || topic.length === 0) return false;
  if (filter.indexOf('+') < 0 && filter.indexOf('#') < 0) return filter === topic;
  return wildcardMatch(filter, topic);
}

function wildcardMatch(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.charCodeAt(0) === 36 /* $ */ && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    const level = f[i]!;
    if (level === '#') return i === f.length - 1;
    if (level === '+') {
      if (i >= t.length) return false;
      continue;
    }
    if (level.indexOf('+') >= 0 || level.indexOf('#') >= 0) return false;
    if (i >= t.length || level !== t[i]) return false;
  }
  return f.length === t.length;
}

/**
 * Tells whether a string is a valid topic filter (non-empty, `#` only as the whole last level, `+` only as a whole level).
 * @param filter - filter to check
 * @returns true when valid
 */
export function isValidTopicFilter(filter: string): boolean {
  if (filter.length === 0 || filter.length > 65535 || filter.indexOf('\u0000') >= 0) return false;
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level === '#') {
      if (i !== levels.length - 1) return false;
    } else if (level !== '+' && (level.indexOf('#') >= 0 || level.indexOf('+') >= 0)) return false;
  }
  return true;
}

/**
 * Tells whether a string is a valid topic name to publish on (non-empty, no wildcards, no NUL).
 * @param topic - topic name to check
 * @returns true when valid
 */
export function isValidTopicName(topic: string): boolean {
  return topic.length > 0 && topic.length <= 65535 && topic.indexOf('+') < 0 && topic.indexOf('#') < 0 && topic.indexOf('\u0000') < 0;
}
