/**
 * Test support shared by every suite: a logical clock, fake operators that record their calls,
 * helpers that compare a compiled run with eager `forward`, and the standard scenarios. The
 * contract is in docs/internals.md ("Test support").
 */
export { LogicalClock } from "./clock.js";
export { CallLog, type CallRecord } from "./call-log.js";
export { FakeOperator, EffectfulFakeOperator, StampingFakeOperator, failingOperator, fakeLeaves, type FakeBehaviour } from "./fake-operators.js";
export * from "./scenarios.js";
export {
  compareWithEager,
  describeCall,
  differences,
  expectSameAsEager,
  runEager,
  runCompiled,
  type Allowance,
  type CompareOptions,
  type Outcome,
  type RunCompiled,
  type RunSpec,
  type Scenario,
} from "./eager.js";
export { buildWith } from "./build-with.js";
