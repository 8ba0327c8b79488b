/**
 * {@link RuleInfo}.
 * @module
 */
import type { Action } from './actions.js';
import type { Condition } from './connditions.js';
import type { TimeRange } from './time_range.js';

/** A device-side rule. */
export class RuleInfo {
  /** Rule id. */
  rule_id = '';
  /** Rule name. */
  rule_name = '';
  /** "and" / "or". */
  logic = '';
  /** Active window, null = always. */
  time_range: TimeRange | null = null;
  /** "active" / "inactive". */
  status = '';
  /** Conditions. */
  conditions: Condition[] = [];
  /** Actions. */
  actions: Action[] = [];
  /** Version of the rule in the shadow. */
  rule_version_in_shadow = 0;
}
