/**
 * The baseline process of P1: `netscn connlist <dir>` as it was before the matrix engine — the
 * same manifest reading and txt output, the lines decided by the pairwise oracle
 * (src/connlist/pairwise.ts). Writes the list to stdout and `netscn-bench analysis_ms=N` (the
 * oracle alone) to stderr.
 */
import { connlistInputFromManifests } from '../connlist/input.js';
import { formatConnlist } from '../connlist/formats.js';
import { connlistPairwise } from '../connlist/pairwise.js';
import { loadManifestFiles } from '../host/load-files.js';
import { now } from './timing.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: connlist-pairwise-process <manifest folder>');
const loaded = loadManifestFiles([dir], process.cwd(), { lenientNames: true, lenientVersions: true, keepFinishedPods: true }, { skipNonManifests: true });
const { input } = connlistInputFromManifests(loaded);
const t0 = now();
const conns = connlistPairwise(input);
const analysisMs = now() - t0;
process.stdout.write(formatConnlist(conns, 'txt'));
process.stderr.write(`netscn-bench analysis_ms=${analysisMs}\n`);
