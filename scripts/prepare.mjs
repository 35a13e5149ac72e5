// npm's `prepare` hook: builds when this repository is the project being installed (`npm ci` or
// `npm install` here), so a fresh checkout is ready to run, or when it is installed from a git
// checkout without a build (npm installs its devDependencies first). Does nothing when netscn
// is someone else's dependency with its dist/ built (the published package ships it, see
// `prepack`; npm does not run `prepare` for registry installs anyway) or while packing
// (`prepack` builds then).
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = realpathSync(join(dirname(fileURLToPath(import.meta.url)), '..'));
const initCwd = process.env.INIT_CWD;
const here = initCwd !== undefined && realpathSync(initCwd) === root;
const installing = process.env.npm_command === 'ci' || process.env.npm_command === 'install';
const built = existsSync(join(root, 'dist', 'cli', 'main.js'));
if (installing && (here || !built)) {
  execFileSync(process.env.npm_execpath ? process.execPath : 'npm', process.env.npm_execpath ? [process.env.npm_execpath, 'run', 'build'] : ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
