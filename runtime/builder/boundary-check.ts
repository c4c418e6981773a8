import { validateInput, validateOutput } from "../schema/index.js";
import { isAsyncFunction } from "../async-function.js";
import { operatorName, Operator, type OperatorSpec } from "../operator.js";

type Check = typeof validateInput;

/**
 * The validation an inlined operator's `invoke` would have done at its boundary, as a node of the
 * flat graph: the inner nodes read the validated input, the caller reads the validated output.
 * A call node rather than a compute node because a Standard Schema may validate asynchronously.
 */
class BoundaryCheck extends Operator<unknown, unknown> {
  constructor(
    readonly name: string,
    private readonly operator: string,
    readonly schema: NonNullable<OperatorSpec["input"]>,
    private readonly check: Check,
  ) {
    super();
  }

  forward(value: unknown): unknown {
    return this.check(this.operator, this.schema, value);
  }

  /**
   * The check's outcome as it comes, not always a promise: a value (or a synchronous throw) when
   * the schema validates synchronously, so the scheduler goes on in the same moment (a node that
   * ended at once), as eager's `await` of it settles within the moment, before any call the
   * operator's siblings started can settle; a promise when the schema validates asynchronously.
   * Only schedulers call it, and they take either.
   */
  override invoke(value: unknown): Promise<unknown> {
    return this.forward(value) as Promise<unknown>;
  }
}

/**
 * Whether a call node's operator is a boundary check whose schema validates synchronously (its
 * `validate` is no `async` function): eager awaits it, but it settles within the moment. One that
 * validates asynchronously may wait for a lookup, as a call does.
 */
export function settlesAtOnce(op: unknown): boolean {
  return op instanceof BoundaryCheck && !isAsyncFunction(op.schema["~standard"].validate);
}

/** Whether `op` is a boundary check: its value may be the very object it was given (a schema's value may be its input). */
export function isBoundaryCheck(op: unknown): boolean {
  return op instanceof BoundaryCheck;
}

/** The checks for `op`'s `static spec`, named after the operator (`UniformEnsemble input`). */
export function boundaryChecks(op: object): { input?: Operator; output?: Operator } {
  const spec = (op.constructor as { spec?: OperatorSpec }).spec;
  const name = operatorName(op);
  return {
    input: spec?.input && new BoundaryCheck(`${name} input`, name, spec.input, validateInput),
    output: spec?.output && new BoundaryCheck(`${name} output`, name, spec.output, validateOutput),
  };
}
