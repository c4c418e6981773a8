import type { Operator } from "../operator.js";
import type { InputTemplate } from "./input-template.js";

/** One operator call seen by a trace. */
export interface TraceRecord {
  /** Stable per operator instance for the life of the process (never reused). */
  readonly instanceId: number;
  /** Unique within the trace, in the order calls started. */
  readonly callId: number;
  /** The call this one was made from; undefined for calls `forward` made itself. */
  readonly parentCallId: number | undefined;
  readonly operatorName: string;
  /** Held weakly: a trace never keeps an operator alive. */
  readonly operator: WeakRef<Operator<any, any>>;
  readonly inputs: unknown;
  outputs?: unknown;
  /** Set when the call failed; the same error was re-thrown to the caller. */
  exception?: unknown;
  failed: boolean;
  /** `performance.now()` at start and end. */
  readonly start: number;
  end?: number;
  /** Calls `forward` made itself: their position, in the order they started. */
  readonly position: number | undefined;
  /**
   * Direct calls: where each part of the input came from, as of the call. For a call answered
   * early it is worked out when first read (a replay that goes as planned never reads it).
   */
  readonly inputTemplate: InputTemplate | undefined;
  /** The call, or a call it made, invoked an operator that declares effects. */
  effects: boolean;
  /** The call's operator made calls of its own (a structure, a traced or hand-written composite). */
  makesCalls: boolean;
  /** Answered by a call dispatched early (speculation) instead of running now. */
  servedEarly: boolean;
  /** The parent record, for propagating effects upward. */
  readonly parent: TraceRecord | undefined;
}

/** Per operator instance, its id and one weak reference that every record of it shares. */
export interface InstanceIdentity {
  readonly id: number;
  readonly ref: WeakRef<Operator<any, any>>;
}

const identities = new WeakMap<object, InstanceIdentity>();
let nextInstanceId = 1;

export function identityOf(op: Operator<any, any>): InstanceIdentity {
  let identity = identities.get(op);
  if (identity === undefined) identities.set(op, (identity = { id: nextInstanceId++, ref: new WeakRef(op) }));
  return identity;
}
