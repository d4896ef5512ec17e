import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `npm run start:<app>`'s command as node's arguments, its flags and then its script, so that
 * what users run is what is measured. `root` is the repository's.
 */
export function startCommand(root: string, app: 'api' | 'ingest'): { flags: string[]; script: string } {
  const command: string = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).scripts[`start:${app}`];
  const [node, ...args] = command.split(' ');
  const script = args.pop();
  if (node !== 'node' || !script?.endsWith('main.js')) throw new Error(`package.json's start:${app} is not "node [flags] <script>": ${command}`);
  return { flags: args, script };
}
