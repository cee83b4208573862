// Runs `tmsync ARGS` in this process and prints its peak resident set size
// (KiB) on stderr at exit, for the memory figure.
import { pathToFileURL } from 'node:url';

const [cli, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], cli, ...args];
process.on('exit', () => process.stderr.write(`\nmaxRSS ${process.resourceUsage().maxRSS}\n`));
await import(pathToFileURL(cli).href);
