/** Run the CLI in-process (as `booklet <args>`), capturing its output; not a TTY. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function runCli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = { SOURCE_DATE_EPOCH: '1790000000' }) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'booklet', ...args], { cwd, env, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  return { code, stdout, stderr };
}
