/**
 * {@link TimerRuleInstance}: runs the timer conditions of one rule.
 * @module
 */
import type { DeviceClient } from '../../client/device_client.js';
import type { RuleInfo } from '../model/rule_info.js';
import { check_time_range, get_rule_week } from '../util/time_util.js';

const DAY_MS = 86_400_000;

/** Next UTC time (after `now`) on scheduler weekday `wd` (0 = Monday) at hour:minute. */
function nextWeekly(now: number, wd: number, hour: number, minute: number): number {
  const d = new Date(now);
  const jsDay = (wd + 1) % 7;
  const base = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour, minute, 0, 0);
  let delta = (jsDay - d.getUTCDay() + 7) % 7;
  if (delta === 0 && base <= now) delta = 7;
  return base + delta * DAY_MS;
}

/** Parses "YYYY-MM-DD HH:MM:SS" as UTC. */
function parseUtc(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

/** One scheduled job: the next firing time after a given time, or null when exhausted. */
type Job = (after: number) => number | null;

/** Timer conditions of a rule (Python uses one APScheduler per rule; here one timer per rule, in UTC). */
export class TimerRuleInstance {
  private jobs: Job[] = [];
  private rule: RuleInfo | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  /**
   * @param device_client - receives the fired actions
   * @param now - clock (tests)
   */
  constructor(
    private readonly device_client: DeviceClient,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Adds a job per timer condition: DAILY_TIMER (one per listed day) and SIMPLE_TIMER (`repeat_count` firings
   * every `repeat_interval` s from `start_time`). Invalid conditions are skipped with a warning.
   * @param rule_info - the rule
   */
  submit_rule(rule_info: RuleInfo): void {
    this.rule = rule_info;
    const log = this.device_client._get_logger();
    for (const c of rule_info.conditions) {
      if (c.type === 'DAILY_TIMER') {
        const hm = (c.time ?? '').split(':');
        if (!c.time || !c.days_of_week || hm.length !== 2 || !hm.every((x) => /^\d+$/.test(x))) {
          log.warn(`daily timer condition of rule ${rule_info.rule_id} is invalid`);
          continue;
        }
        const [h, m] = hm.map(Number) as [number, number];
        for (const day of c.days_of_week.split(',')) {
          const wd = get_rule_week(day.trim());
          this.jobs.push((after) => nextWeekly(after, wd, h, m));
        }
      } else if (c.type === 'SIMPLE_TIMER') {
        const start = parseUtc(c.start_time);
        const every = Number(c.repeat_interval) * 1000;
        const count = Number(c.repeat_count);
        if (!Number.isFinite(start) || !(every > 0) || !(count > 0)) {
          log.warn(`simple timer condition of rule ${rule_info.rule_id} is invalid`);
          continue;
        }
        const last = start + (count - 1) * every;
        this.jobs.push((after) => {
          if (after < start) return start;
          const k = Math.floor((after - start) / every) + 1;
          const t = start + k * every;
          return t <= last ? t : null;
        });
      }
    }
  }

  /** Starts the timer. */
  start(): void {
    this.running = true;
    this.arm(this.now());
  }

  private arm(after: number): void {
    if (!this.running) return;
    let next: number | null = null;
    for (const j of this.jobs) {
      const t = j(after);
      if (t !== null && (next === null || t < next)) next = t;
    }
    if (next === null) return;
    const at = next;
    this.timer = setTimeout(() => this.fire(at), Math.max(0, Math.min(at - this.now(), 2_147_000_000)));
    // like APScheduler's daemon thread: a pending rule timer alone does not keep the process alive
    this.timer.unref();
  }

  private fire(at: number): void {
    this.timer = undefined;
    if (!this.running) return;
    if (this.now() + 5 < at) {
      this.arm(at - 1); // woke early (long delays are capped): re-arm for the same time
      return;
    }
    const rule = this.rule;
    if (rule && check_time_range(rule.time_range, new Date(at))) {
      const actions = rule.actions;
      this.device_client._get_callbacks().enqueue('rule timer', () => this.device_client.on_rule_action_handler(actions));
    }
    this.arm(at);
  }

  /** Stops the timer. */
  shutdown_timer(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Python's unused module function; prints "execute task". */
export function execute_task(): void {
  console.log('execute task');
}
