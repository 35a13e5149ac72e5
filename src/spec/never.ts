/** The end of an exhaustive switch: a compile error when a case is missing, a throw if reached. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
