import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * One address in front of several deployments, as a load balancer puts one in front of replicas:
 * each new TCP connection goes to the next target in turn. (Restate balances nothing itself; a
 * deployment is one URL.)
 */
export class RoundRobinProxy {
  private next = 0;
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server, readonly port: number) {}

  static start(targets: readonly number[]): Promise<RoundRobinProxy> {
    return new Promise((resolve, reject) => {
      let proxy: RoundRobinProxy;
      const server = createServer((client) => {
        const upstream = connect(targets[proxy.next++ % targets.length]!, "127.0.0.1");
        for (const socket of [client, upstream]) {
          proxy.sockets.add(socket);
          socket.on("close", () => proxy.sockets.delete(socket));
          socket.on("error", () => (socket === client ? upstream : client).destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve((proxy = new RoundRobinProxy(server, (server.address() as { port: number }).port))));
    });
  }

  get uri(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
