// The registered targets of every target group and their health, as the ALB keeps them:
// a new target is `initial` (Elb.RegistrationInProgress, then Elb.InitialHealthChecking) and
// turns healthy after ONE passing check; then UnhealthyThresholdCount consecutive failures make
// it unhealthy (Target.ResponseCodeMismatch / Target.Timeout / Target.FailedHealthChecks) and
// HealthyThresholdCount passes healthy again. A deregistered target drains
// (Target.DeregistrationInProgress) until nothing is in flight or the deregistration delay ends.
// A target group no listener forwards to keeps its targets `unused` (Target.NotInUse), unchecked.
// The first check runs at registration; timers are unref'd; `timeScale` shrinks intervals
// and delays (and `timeoutScale` check timeouts) for tests.
import type { Dispatcher } from 'undici';
import type { Target, TargetGroup, TargetHealth, TargetHealthState } from '../../alb/model.ts';
import type { DialTable } from '../../net/dial-table.ts';
import { parseMatcher, probe, type ProbeResult } from './probe.ts';
import type { SharedCounters } from './shared-counters.ts';

export interface TargetEntry {
  readonly key: string;
  readonly group: TargetGroupState;
  target: Target;
  state: TargetHealthState;
  reason: string | undefined;
  description: string | undefined;
  passes: number;
  fails: number;
  /** Requests to this target in flight from this thread. */
  inFlight: number;
  /** The shared cell counting them across data-plane threads (-1: none). */
  slot: number;
  probing: boolean;
  timer: NodeJS.Timeout | undefined;
  drainTimer: NodeJS.Timeout | undefined;
  gone: boolean;
  /** The forwarder's upstream pool for this target and the origin it was made for. */
  pool: Dispatcher | undefined;
  poolKey: string;
}

export interface TargetGroupState {
  tg: TargetGroup;
  entries: Map<string, TargetEntry>;
  /** Registered (not draining) targets in registration order, and the healthy subset. */
  registered: TargetEntry[];
  healthy: TargetEntry[];
  rr: number;
  /** The shared cell of the round-robin position (-1: `rr` of this thread). */
  rrSlot: number;
  matches: (code: number) => boolean;
  checkKey: string;
  /** Whether a listener forwards to this group (else its targets are unused). */
  inUse: boolean;
  /** lb_cookie stickiness duration in seconds; 0 when stickiness is off. */
  stickySeconds: number;
}

export interface HealthCheckerOptions {
  dial: DialTable;
  /** Multiplies health-check intervals and the deregistration delay (default 1). */
  timeScale?: number;
  /** Multiplies health-check timeouts (default 1). */
  timeoutScale?: number;
  log?: (line: string) => void;
  /** Called when a target leaves for good (its pool can go). */
  onGone?: (entry: TargetEntry) => void;
  /** Balancing counters shared with the other data-plane threads. */
  shared?: SharedCounters;
  /** Called after targets or their health changed (synchronously; coalesce on your side). */
  onChange?: () => void;
}

/**
 * What a listener forwards with: the target groups' targets and health, and the in-flight
 * bookkeeping (the HealthChecker, or its mirror in another data-plane thread).
 */
export interface TargetTable {
  group(arn: string): TargetGroupState | undefined;
  /** The balancing cells shared across data-plane threads, when there are several. */
  readonly cells: Int32Array | undefined;
  /** A request to this target started / ended. */
  begin(e: TargetEntry): void;
  end(e: TargetEntry): void;
}

/** Requests in flight to `e` from every data-plane thread. */
export function outstanding(e: TargetEntry, cells: Int32Array | undefined): number {
  return cells !== undefined && e.slot >= 0 ? Atomics.load(cells, e.slot) : e.inFlight;
}

/** A request to `e` started (+1) or ended (-1), in this thread and in the shared cell. */
export function countInFlight(e: TargetEntry, cells: Int32Array | undefined, delta: 1 | -1): void {
  e.inFlight += delta;
  if (cells !== undefined && e.slot >= 0) Atomics.add(cells, e.slot, delta);
}

const DEFAULT_DEREGISTRATION_DELAY_S = 300;
/** How often a draining target shared with other threads is looked at for its last request. */
const DRAIN_POLL_MS = 100;
const DEFAULT_STICKY_S = 86_400;

/** The lb_cookie stickiness duration of a target group (0: off), from its attributes. */
export function stickySeconds(tg: TargetGroup): number {
  const a = tg.attributes;
  if (a['stickiness.enabled'] !== 'true') return 0;
  const type = a['stickiness.type'] ?? 'lb_cookie';
  if (type !== 'lb_cookie') return 0;
  const raw = Number(a['stickiness.lb_cookie.duration_seconds']);
  return Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_STICKY_S;
}

export function targetKey(t: Target): string {
  return `${t.id}:${t.port}`;
}

function failure(r: Exclude<ProbeResult, { kind: 'pass' }>): { reason: string; description: string } {
  switch (r.kind) {
    case 'code':
      return {
        reason: 'Target.ResponseCodeMismatch',
        description: `Health checks failed with these codes: [${r.code}]`,
      };
    case 'timeout':
      return { reason: 'Target.Timeout', description: 'Request timed out' };
    case 'error':
      return { reason: 'Target.FailedHealthChecks', description: 'Health checks failed' };
  }
}

export class HealthChecker implements TargetTable {
  #opts: HealthCheckerOptions;
  #groups = new Map<string, TargetGroupState>();
  #stopped = false;

  constructor(opts: HealthCheckerOptions) {
    this.#opts = opts;
  }

  group(arn: string): TargetGroupState | undefined {
    return this.#groups.get(arn);
  }

  arns(): string[] {
    return [...this.#groups.keys()];
  }

  /**
   * Sets a target group's definition and registered targets (registering and deregistering);
   * `inUse`: whether a listener forwards to it.
   */
  update(tg: TargetGroup, targets: readonly Target[], inUse = true): void {
    if (this.#stopped) return;
    const checkKey = JSON.stringify(tg.healthCheck);
    let g = this.#groups.get(tg.arn);
    let recheck = false;
    if (g === undefined) {
      g = {
        tg,
        entries: new Map(),
        registered: [],
        healthy: [],
        rr: 0,
        rrSlot: this.#opts.shared?.slot(rrCellKey(tg.arn)) ?? -1,
        matches: () => false,
        checkKey: '',
        inUse,
        stickySeconds: 0,
      };
      this.#groups.set(tg.arn, g);
    }
    g.tg = tg;
    g.inUse = inUse;
    g.stickySeconds = stickySeconds(tg);
    if (g.checkKey !== checkKey) {
      g.matches = parseMatcher(tg.healthCheck.matcher.httpCode);
      recheck = g.checkKey !== '';
      g.checkKey = checkKey;
    }
    const wanted = new Map<string, Target>();
    for (const t of targets) wanted.set(targetKey(t), t);
    for (const [key, e] of g.entries) {
      const t = wanted.get(key);
      if (t === undefined) {
        if (e.state !== 'draining') this.#deregister(e);
      } else {
        e.target = t;
        if (!inUse) {
          if (e.state !== 'unused') this.#unuse(e);
        } else if (e.state === 'draining' || e.state === 'unused') this.#register(g, key, t, e);
        else if (recheck) this.#schedule(e, 0);
      }
    }
    for (const [key, t] of wanted)
      if (!g.entries.has(key)) {
        if (inUse) this.#register(g, key, t, undefined);
        else this.#unuse(this.#newEntry(g, key, t));
      }
    this.#refresh(g);
  }

  get cells(): Int32Array | undefined {
    return this.#opts.shared?.cells;
  }

  /** The shared counters (the mirror threads get the same buffer). */
  get shared(): SharedCounters | undefined {
    return this.#opts.shared;
  }

  /** Every target group as it is now (for the other data-plane threads' mirrors). */
  groups(): IterableIterator<TargetGroupState> {
    return this.#groups.values();
  }

  /** The target group left the model: its targets go at once. */
  remove(arn: string): void {
    const g = this.#groups.get(arn);
    if (g === undefined) return;
    this.#groups.delete(arn);
    for (const e of g.entries.values()) this.#gone(e);
    g.entries.clear();
    g.registered = [];
    g.healthy = [];
    this.#opts.shared?.release(rrCellKey(arn));
    this.#opts.onChange?.();
  }

  health(arn: string): TargetHealth[] {
    const g = this.#groups.get(arn);
    if (g === undefined) return [];
    return [...g.entries.values()]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((e) => ({
        target: e.target,
        state: e.state,
        ...(e.reason === undefined ? {} : { reason: e.reason }),
        ...(e.description === undefined ? {} : { description: e.description }),
      }));
  }

  /** A request to this target started / ended (draining ends when none is left). */
  begin(e: TargetEntry): void {
    countInFlight(e, this.#opts.shared?.cells, 1);
  }

  end(e: TargetEntry): void {
    const cells = this.#opts.shared?.cells;
    countInFlight(e, cells, -1);
    if (outstanding(e, cells) <= 0 && e.state === 'draining' && !e.gone) this.#drop(e);
  }

  stop(): void {
    this.#stopped = true;
    for (const arn of [...this.#groups.keys()]) this.remove(arn);
  }

  #unuse(e: TargetEntry): void {
    if (e.timer !== undefined) clearTimeout(e.timer);
    if (e.drainTimer !== undefined) clearTimeout(e.drainTimer);
    e.timer = undefined;
    e.drainTimer = undefined;
    e.state = 'unused';
    e.reason = 'Target.NotInUse';
    e.description = 'Target group is not configured to receive traffic from the load balancer';
    e.passes = 0;
    e.fails = 0;
    e.group.entries.set(e.key, e);
  }

  #register(g: TargetGroupState, key: string, target: Target, old: TargetEntry | undefined): void {
    const e = old ?? this.#newEntry(g, key, target);
    if (e.drainTimer !== undefined) clearTimeout(e.drainTimer);
    e.drainTimer = undefined;
    e.state = 'initial';
    e.reason = 'Elb.RegistrationInProgress';
    e.description = 'Target registration is in progress';
    e.passes = 0;
    e.fails = 0;
    g.entries.set(key, e);
    this.#log(e, 'registered');
    this.#schedule(e, 0);
  }

  #deregister(e: TargetEntry): void {
    if (e.timer !== undefined) clearTimeout(e.timer);
    e.timer = undefined;
    const cells = this.#opts.shared?.cells;
    if (outstanding(e, cells) <= 0 || e.state === 'unused') {
      this.#drop(e);
      return;
    }
    e.state = 'draining';
    e.reason = 'Target.DeregistrationInProgress';
    e.description = 'Target deregistration is in progress';
    this.#log(e, 'draining');
    const tg = e.group.tg;
    const raw =
      tg.deregistrationDelaySeconds ?? Number(tg.attributes['deregistration_delay.timeout_seconds']);
    const delayS = Number.isFinite(raw) && raw >= 0 ? raw : DEFAULT_DEREGISTRATION_DELAY_S;
    e.drainTimer = setTimeout(() => this.#drop(e), delayS * 1000 * (this.#opts.timeScale ?? 1));
    e.drainTimer.unref();
    // Requests other data-plane threads have in flight end there: look for the last one.
    if (cells !== undefined && e.slot >= 0) this.#schedule(e, DRAIN_POLL_MS);
  }

  #drop(e: TargetEntry): void {
    const g = e.group;
    if (g.entries.get(e.key) === e) g.entries.delete(e.key);
    this.#gone(e);
    this.#refresh(g);
    this.#log(e, 'deregistered');
  }

  #gone(e: TargetEntry): void {
    if (e.gone) return;
    e.gone = true;
    if (e.timer !== undefined) clearTimeout(e.timer);
    if (e.drainTimer !== undefined) clearTimeout(e.drainTimer);
    e.timer = undefined;
    e.drainTimer = undefined;
    if (e.slot >= 0) this.#opts.shared?.release(inFlightCellKey(e.group.tg.arn, e.key));
    this.#opts.onGone?.(e);
  }

  #newEntry(g: TargetGroupState, key: string, target: Target): TargetEntry {
    return newEntry(g, key, target, this.#opts.shared?.slot(inFlightCellKey(g.tg.arn, key)) ?? -1);
  }

  #refresh(g: TargetGroupState): void {
    refreshRoutable(g);
    this.#opts.onChange?.();
  }

  #schedule(e: TargetEntry, delayMs: number): void {
    if (e.timer !== undefined) clearTimeout(e.timer);
    e.timer = setTimeout(() => this.#check(e), delayMs);
    e.timer.unref();
  }

  #check(e: TargetEntry): void {
    e.timer = undefined;
    if (e.state === 'draining' && !e.gone) {
      if (outstanding(e, this.#opts.shared?.cells) <= 0) this.#drop(e);
      else this.#schedule(e, DRAIN_POLL_MS);
      return;
    }
    if (this.#stopped || e.gone || e.state === 'draining' || e.state === 'unused') return;
    const hc = e.group.tg.healthCheck;
    this.#schedule(e, hc.intervalSeconds * 1000 * (this.#opts.timeScale ?? 1));
    if (e.probing) return;
    e.probing = true;
    if (e.state === 'initial') {
      e.reason = 'Elb.InitialHealthChecking';
      e.description = 'Initial health checks in progress';
    }
    const t = e.target;
    void probe({
      endpoint: this.#opts.dial.resolve(t.address, t.healthCheckPort),
      hostHeader: `${t.address}:${t.healthCheckPort}`,
      check: hc,
      timeoutMs: hc.timeoutSeconds * 1000 * (this.#opts.timeoutScale ?? 1),
      matches: e.group.matches,
    }).then((r) => {
      e.probing = false;
      this.#record(e, r);
    });
  }

  #record(e: TargetEntry, r: ProbeResult): void {
    if (this.#stopped || e.gone || e.state === 'draining' || e.state === 'unused') return;
    const hc = e.group.tg.healthCheck;
    const before = e.state;
    if (r.kind === 'pass') {
      e.fails = 0;
      e.passes++;
      if (e.state === 'initial' || (e.state === 'unhealthy' && e.passes >= hc.healthyThresholdCount)) {
        e.state = 'healthy';
        e.reason = undefined;
        e.description = undefined;
      }
    } else {
      e.passes = 0;
      e.fails++;
      if (e.state === 'unhealthy' || e.fails >= hc.unhealthyThresholdCount) {
        const f = failure(r);
        e.state = 'unhealthy';
        e.reason = f.reason;
        e.description = f.description;
      }
    }
    if (e.state !== before) {
      this.#refresh(e.group);
      this.#log(e, `${before} -> ${e.state}${e.reason === undefined ? '' : ` (${e.reason})`}`);
    }
  }

  #log(e: TargetEntry, what: string): void {
    this.#opts.log?.(`alb: target ${e.key} of ${e.group.tg.name}: ${what}`);
  }
}

/** The group's registered targets (not draining or unused), in entry order, and the healthy ones. */
export function refreshRoutable(g: TargetGroupState): void {
  const registered: TargetEntry[] = [];
  const healthy: TargetEntry[] = [];
  for (const e of g.entries.values()) {
    if (e.state === 'draining' || e.state === 'unused') continue;
    registered.push(e);
    if (e.state === 'healthy') healthy.push(e);
  }
  g.registered = registered;
  g.healthy = healthy;
}

/** The shared cell names of a group's round-robin position and of a target's requests. */
export const rrCellKey = (arn: string): string => `rr ${arn}`;
export const inFlightCellKey = (arn: string, key: string): string => `tx ${arn} ${key}`;

/** A target entry; `slot`: its shared in-flight cell (-1: none). */
export function newEntry(g: TargetGroupState, key: string, target: Target, slot = -1): TargetEntry {
  return {
    key,
    group: g,
    target,
    state: 'initial',
    reason: undefined,
    description: undefined,
    passes: 0,
    fails: 0,
    inFlight: 0,
    slot,
    probing: false,
    timer: undefined,
    drainTimer: undefined,
    gone: false,
    pool: undefined,
    poolKey: '',
  };
}
