/**
 * A hop whose text (and rule) are rendered when first read, then kept. A probe's verdict (outcome,
 * cause, backends, shares, source seen, the stages passed, kube-proxy's masquerade mark) reads
 * none of them, so an assertion that passes builds no hop text; a failure, `explain`, the JSON
 * reporter, the vitest report and the golden traces read them and get the very text an eager hop
 * would have had.
 *
 * Contract for a renderer: it reads only values that no longer change once the hop is made (the
 * call site's constants, immutable state). A probe asked with `eagerText` (src/net/probe.ts)
 * renders every hop the moment it joins its walk; test/net/verdict-path.test.ts compares that
 * with rendering after the run, over every scenario of the repository.
 */
import type { Hop, Packet, Stage } from './types.js';

/** A hop's text or rule, as it is or as the function that renders it. */
export type Deferred = string | (() => string);

/** The fields of a hop other than its text, as a hop literal gives them. */
export interface HopFields {
  readonly at?: string | undefined;
  readonly packet?: Packet | undefined;
  readonly rule?: Deferred | undefined;
  readonly setting?: string | undefined;
  readonly nat?: Hop['nat'];
}

class DeferredHop implements Hop {
  readonly stage: Stage;
  readonly at: string | undefined;
  readonly packet: Packet | undefined;
  readonly setting: string | undefined;
  readonly nat: Hop['nat'];
  private textOrRender: Deferred;
  private ruleOrRender: Deferred | undefined;

  constructor(stage: Stage, text: Deferred, f: HopFields) {
    this.stage = stage;
    this.at = f.at;
    this.packet = f.packet;
    this.setting = f.setting;
    this.nat = f.nat;
    this.textOrRender = text;
    this.ruleOrRender = f.rule;
  }

  get text(): string {
    const t = this.textOrRender;
    if (typeof t === 'string') return t;
    const s = t();
    this.textOrRender = s;
    return s;
  }

  get rule(): string | undefined {
    const r = this.ruleOrRender;
    if (r === undefined || typeof r === 'string') return r;
    const s = r();
    this.ruleOrRender = s;
    return s;
  }

  isRendered(): boolean {
    return typeof this.textOrRender === 'string';
  }

  /** The same hop carrying `packet`, its text still unrendered when it was. */
  carrying(packet: Packet): Hop {
    return new DeferredHop(this.stage, this.textOrRender, { at: this.at, packet, rule: this.ruleOrRender, setting: this.setting, nat: this.nat });
  }

  /** The hop as plain data (JSON reporter): the fields a hop literal has, absent ones left out. */
  toJSON(): Hop {
    return {
      stage: this.stage,
      ...(this.at !== undefined ? { at: this.at } : {}),
      text: this.text,
      ...(this.packet !== undefined ? { packet: this.packet } : {}),
      ...(this.rule !== undefined ? { rule: this.rule } : {}),
      ...(this.setting !== undefined ? { setting: this.setting } : {}),
      ...(this.nat !== undefined ? { nat: this.nat } : {}),
    };
  }
}

/** A hop at `stage` whose text (and rule, when given as a function) is rendered when first read. */
export function deferredHop(stage: Stage, text: Deferred, fields: HopFields = {}): Hop {
  return new DeferredHop(stage, text, fields);
}

/** The hop with `packet` as the packet leaving it (one hop shape, absent fields undefined). */
export function hopCarrying(h: Hop, packet: Packet): Hop {
  if (h instanceof DeferredHop) return h.carrying(packet);
  return { stage: h.stage, at: h.at, text: h.text, packet, rule: h.rule, setting: h.setting, nat: h.nat };
}

/** Whether the hop's text exists yet: always for a hop made with its text, once read for a deferred one. */
export function textRendered(h: Hop): boolean {
  return !(h instanceof DeferredHop) || h.isRendered();
}

/** Whether the hop is one whose text waits to be read. */
export function isDeferred(h: Hop): boolean {
  return h instanceof DeferredHop;
}

/** The hop with its text and rule rendered now (a walk made with `eagerText`). */
export function renderNow(h: Hop): Hop {
  void h.text;
  void h.rule;
  return h;
}
