import { Operator, operatorName, type ForwardContext } from "../operator.js";

/**
 * An operator placed on another deployment: under a durable run each call of it is a Restate
 * service call to `service` (its handler `run`, served by `operatorService(service, op)` on any
 * number of deployments, which Restate balances over). Outside Restate it calls the operator in
 * this process, so the program means the same everywhere. It has no structure of its own, so the
 * graph keeps it as one call node instead of inlining what it calls.
 */
export class RemoteOperator<In = unknown, Out = unknown> extends Operator<In, Out> {
  readonly name: string;

  constructor(
    readonly operator: Operator<In, Out>,
    readonly service: string,
  ) {
    super();
    if (typeof service !== "string" || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(service)) {
      throw new TypeError(`remote: service must be a Restate service name (letters, digits, _ . -), got ${JSON.stringify(service)}`);
    }
    this.name = operatorName(operator);
  }

  forward(inputs: In, ctx: ForwardContext): Promise<Out> {
    return this.operator.invoke(inputs, { signal: ctx.signal });
  }
}

/** Places `op` on the deployments serving `service` (see `RemoteOperator`). */
export function remote<In, Out>(op: Operator<In, Out>, service: string): RemoteOperator<In, Out> {
  return new RemoteOperator(op, service);
}
