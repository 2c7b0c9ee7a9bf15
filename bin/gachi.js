#!/usr/bin/env node
// `npx gachi <command>`: runs src/cli.ts through tsx's loader in this same process, so Ctrl-C and
// SIGTERM reach the worker directly (no child process to forward signals to or to orphan).
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
const { runCli } = await import('../src/cli.ts')
process.exit(await runCli(process.argv.slice(2), process.env))
