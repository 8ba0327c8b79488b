/**
 * {@link Condition} (the Python module is misspelled `connditions.py`).
 * @module
 */
import type { DeviceInfo } from './device_info.js';

/** One rule condition. */
export class Condition {
  /** "DEVICE_DATA", "DAILY_TIMER" or "SIMPLE_TIMER". */
  type = '';
  /** SIMPLE_TIMER start "YYYY-MM-DD HH:MM:SS" (UTC). */
  start_time = '';
  /** SIMPLE_TIMER interval in seconds. */
  repeat_interval = 0;
  /** SIMPLE_TIMER number of firings. */
  repeat_count = 0;
  /** DAILY_TIMER "HH:MM" (UTC). */
  time = '';
  /** DAILY_TIMER days "1,...,7" (1 = Sunday). */
  days_of_week = '';
  /** ">", ">=", "<", "<=", "=", "between", "in". */
  operator = '';
  /** Watched property. */
  device_info: DeviceInfo | null = null;
  /** Comparison value ("min,max" for between). */
  value = '';
  /** Values for "in". */
  in_values: string[] = [];
}
