import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { waitFor } from "./restate-server.js";

const entry = fileURLToPath(new URL("../fixtures/serve.ts", import.meta.url));

/**
 * A deployment in its own process (`fixtures/serve.ts` under tsx): `role` picks the services it
 * serves, every leaf call it makes appends a line to `counterFile`, so calls are counted outside
 * the processes and survive a SIGKILL.
 */
export class ServiceProcess {
  private output = "";
  private readonly child: ChildProcess;

  private constructor(readonly role: string, readonly port: number, counterFile: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, ["--import", "tsx", entry], {
      env: { ...process.env, ...env, ROLE: role, PORT: String(port), COUNTER_FILE: counterFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-8000));
    this.child.stdout!.on("data", keep);
    this.child.stderr!.on("data", keep);
  }

  static async start(role: string, port: number, counterFile: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const service = new ServiceProcess(role, port, counterFile, env);
    await waitFor(`the ${role} deployment to listen on ${port}`, () => {
      if (service.child.exitCode !== null) throw new Error(`${role} exited:\n${service.output}`);
      return service.output.includes(`listening on ${port}`);
    }, 20_000);
    return service;
  }

  get uri(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** SIGKILL: the process dies at once, whatever it was doing. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGKILL");
    await exited;
  }
}
