export {
  executionOptions,
  currentExecutionOptions,
  withRunScope,
  checkExecutionOptions,
  type ExecutionOptions,
} from "./execution-options.js";
export { resolveRunOptions, resolveRun, type RunOptions, type ClassRunDefaults } from "./resolve.js";
export {
  InvalidOptionError,
  checkScheduler,
  checkMaxConcurrency,
  checkBoolean,
  checkKnownKeys,
  checkOptionsObject,
  schedulerNames,
  type SchedulerName,
} from "./option-checks.js";
