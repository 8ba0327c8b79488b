/**
 * {@link TimeRange}.
 * @module
 */

/** The daily window in which a rule is active. */
export class TimeRange {
  /** "HH:MM" (UTC). */
  start_time: string | null = '';
  /** "HH:MM" (UTC). */
  end_time: string | null = '';
  /** "1,2,..." with 1 = Sunday … 7 = Saturday. */
  days_of_week: string | null = '';
}
