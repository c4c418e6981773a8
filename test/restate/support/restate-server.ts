import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A free TCP port on 127.0.0.1, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `check` every 50 ms until it holds; fails after `timeoutMs` saying what it waited for, or
 * at once when `check` throws (a process that exited will not come up).
 */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The server binary the npm dependency ships (its platform package), started without the npm wrapper so a signal reaches it. */
function serverBinary(): string {
  const require = createRequire(import.meta.url);
  return require.resolve(`@restatedev/restate-server-${process.platform}-${process.arch}/bin/restate-server`);
}

/**
 * A single-node Restate server on free loopback ports with its data in a temp folder. `kill` and
 * `start` again keep the folder (a restart); `dispose` stops it and removes the folder.
 */
export class RestateServer {
  private process: ChildProcess | undefined;
  private output = "";
  readonly baseDir = mkdtempSync(join(tmpdir(), "xcs-restate-"));

  private constructor(
    readonly ingressPort: number,
    readonly adminPort: number,
    private readonly fabricPort: number,
  ) {}

  static async start(): Promise<RestateServer> {
    const server = new RestateServer(await freePort(), await freePort(), await freePort());
    await server.start();
    return server;
  }

  get ingress(): string {
    return `http://127.0.0.1:${this.ingressPort}`;
  }

  get admin(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }

  async start(): Promise<void> {
    const child = spawn(serverBinary(), ["--node-name", "n1", "--no-logo", "--listen-mode", "tcp"], {
      env: {
        ...process.env,
        RESTATE_BASE_DIR: this.baseDir,
        RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${this.ingressPort}`,
        RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${this.adminPort}`,
        RESTATE_BIND_ADDRESS: `127.0.0.1:${this.fabricPort}`,
        RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${this.fabricPort}/`,
        RESTATE_DEFAULT_NUM_PARTITIONS: "2",
        RESTATE_ROCKSDB_TOTAL_MEMORY_SIZE: "256MB",
        RESTATE_DISABLE_TELEMETRY: "true",
        RESTATE_LOG_FILTER: "warn",
        // A deployment that is down is retried every 100 ms at most, so tests that bring one back wait little.
        RESTATE_DEFAULT_RETRY_POLICY__INITIAL_INTERVAL: "50ms",
        RESTATE_DEFAULT_RETRY_POLICY__MAX_INTERVAL: "100ms",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.process = child;
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-8000));
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    await waitFor(`the Restate server to serve (output so far:\n${this.output})`, async () => {
      if (child.exitCode !== null) throw new Error(`restate-server exited with ${child.exitCode}:\n${this.output}`);
      const healthy = (url: string) => fetch(url).then((r) => r.ok, () => false);
      return (await healthy(`${this.admin}/health`)) && (await healthy(`${this.ingress}/restate/health`));
    }, 30_000);
  }

  /** Registers (or re-registers) the deployment serving at `uri`. */
  async register(uri: string, http11 = false): Promise<void> {
    const response = await fetch(`${this.admin}/deployments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uri, force: true, use_http_11: http11 }),
    });
    if (!response.ok) throw new Error(`registering ${uri} failed: ${response.status} ${await response.text()}`);
  }

  /** Rows of an SQL query on the server's introspection tables (sys_invocation, sys_journal, ...). */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    const response = await fetch(`${this.admin}/query`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: sql }),
    });
    if (!response.ok) throw new Error(`query failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { rows: Record<string, unknown>[] }).rows;
  }

  /** SIGKILL, as a crash: nothing is flushed. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.baseDir, { recursive: true, force: true });
  }
}
