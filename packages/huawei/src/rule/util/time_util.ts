/**
 * Rule time helpers (Python `rule/util/time_util.py`).
 * @module
 */
import type { TimeRange } from '../model/time_range.js';

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  const hh = Number(h);
  const mm = Number(m);
  if (!Number.isInteger(hh) || !Number.isInteger(mm)) throw new TypeError(`invalid time: ${hhmm}`);
  return hh * 60 + mm;
}

/**
 * Whether `now` (UTC) lies in the window. Days use 1 = Sunday … 7 = Saturday. A window whose end is not after its
 * start runs across midnight: the part after midnight belongs to the previous day. Python computes Saturday as 0
 * so day 7 never matches (quirk Q32a): fixed here.
 * @param time_range - the window, null = always
 * @param now - the time, now by default
 * @returns whether the rule is active
 */
export function check_time_range(time_range: TimeRange | null, now: Date = new Date()): boolean {
  if (time_range == null) return true;
  const { start_time, end_time, days_of_week } = time_range;
  if (start_time == null || end_time == null || days_of_week == null) return false;
  const days = new Set(days_of_week.split(',').map((d) => Number(d.trim())));
  const today = now.getUTCDay() + 1;
  const cur = now.getUTCHours() * 60 + now.getUTCMinutes();
  const start = minutes(start_time);
  const end = minutes(end_time);
  if (start < end) return start <= cur && cur <= end && days.has(today);
  if (start <= cur && days.has(today)) return true;
  if (cur <= end) return days.has(today === 1 ? 7 : today - 1);
  return false;
}

/**
 * Platform weekday (1 = Sunday … 7 = Saturday) → scheduler weekday (0 = Monday … 6 = Sunday).
 * @param week - platform day as text
 * @returns scheduler day
 */
export function get_rule_week(week: string): number {
  const d = Number(week) - 2;
  return d === -1 ? 6 : d;
}
