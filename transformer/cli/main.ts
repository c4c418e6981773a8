#!/usr/bin/env node
// The `xcs-jit` bin (package.json "bin"): all behaviour lives in run-cli.ts, which tests call directly.
import { runCli } from "./run-cli.js";

process.exitCode = runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
