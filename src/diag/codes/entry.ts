/**
 * One diagnostic code of the catalogue (catalogue.ts): its number, one meaning (the title), the
 * message it prints (a template whose `{name}` placeholders are its typed parameters), a
 * paragraph that explains it and an input that triggers it. A code never changes meaning; a new
 * meaning gets a new code.
 */
import type { Severity } from '../diagnostic.js';

/** An input that makes the real pipeline emit a code; the catalogue test runs every one. */
export type Example =
  /** A scenario file, checked and run (check, model and engine diagnostics). */
  | { readonly kind: 'scenario'; readonly scenario: string }
  /** A scenario file given as bytes (encoding errors). */
  | { readonly kind: 'scenario-bytes'; readonly bytes: readonly number[] }
  /**
   * `netscn connlist ARGS` in a folder holding `files` (path → text) and `symlinks` (path →
   * target); ARGS default to `k8s`.
   */
  | {
      readonly kind: 'connlist';
      readonly files: Readonly<Record<string, string>>;
      readonly symlinks?: Readonly<Record<string, string>>;
      readonly args?: readonly string[];
    }
  /** An exam file (`netscn grade EXAM.yaml`), read and checked. */
  | { readonly kind: 'exam'; readonly exam: string }
  /** No input triggers it: it reports a bug in netscn (an internal error); `how` says what does. */
  | { readonly kind: 'internal'; readonly how: string };

/** The names of the `{placeholders}` of a message template. */
export type TemplateParams<T extends string> = T extends `${string}{${infer K}}${infer Rest}` ? K | TemplateParams<Rest> : never;

export interface CodeEntry<T extends string = string> {
  /** "NS" and four digits; the first digit is the area (0 reading, 1 names, 2 values, 3 allocation, 9 not simulated). */
  readonly code: string;
  /** The one meaning, as a short phrase. Unique in the catalogue. */
  readonly title: string;
  /** The severity it is usually reported with (a few codes are also reported with another one, see the explanation). */
  readonly severity: Severity;
  /** The message, `{name}` standing for a parameter. */
  readonly template: T;
  /** What it means, why netscn reports it and how to fix it. */
  readonly explanation: string;
  /** An input that triggers it. */
  readonly example: Example;
  /** Other codes the example emits too (e.g. the syntax errors NS0003 summarises); none by default. */
  readonly alsoEmits?: readonly string[];
}

/** A catalogue entry with its template's parameters kept in the type. */
export function entry<const T extends string>(e: CodeEntry<T>): CodeEntry<T> {
  return e;
}

/** The message of `e` with each `{name}` replaced by `params[name]`. */
export function message<T extends string>(e: CodeEntry<T>, params: Readonly<Record<TemplateParams<T>, string | number>>): string {
  return e.template.replace(/\{([A-Za-z0-9]+)\}/g, (whole, name: string) => {
    const v = (params as Readonly<Record<string, string | number>>)[name];
    return v === undefined ? whole : String(v);
  });
}
