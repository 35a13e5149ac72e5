/**
 * The bound on the paths one probe enumerates. A connection through a load balancer or to a
 * NodePort of every node fans out over nodes × endpoints; paths that differ only in equivalent
 * nodes or endpoints are summarised (src/net/alike.ts), and past MAX_PATHS classes of paths even
 * so (every node and endpoint told apart) the engine stops before building them, instead of
 * exhausting memory, and says how many there would be.
 */
export const MAX_PATHS = 20_000;

export class PathLimitError extends Error {
  constructor(
    readonly paths: number,
    readonly why: string,
  ) {
    super(`this assertion would follow ${paths.toLocaleString('en-US')} paths (${why}), more than the ${MAX_PATHS.toLocaleString('en-US')} netscn enumerates for one connection`);
  }
}

/** Throws when `nodes` starts fanning out to `perNode` paths each exceed the bound. */
export function checkFanOut(nodes: number, perNode: number, why: string): void {
  const paths = nodes * Math.max(1, perNode);
  if (paths > MAX_PATHS) throw new PathLimitError(paths, why);
}
