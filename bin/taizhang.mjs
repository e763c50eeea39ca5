#!/usr/bin/env node
// Operator CLI entry: runs src/server/cli.ts through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/server/cli.ts');
process.exit(await runCli(process.argv.slice(2)));
