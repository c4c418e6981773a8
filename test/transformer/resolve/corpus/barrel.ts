// Re-exports, as a package's index would have them.
export * from "./operators.js";
export { Leaf as RenamedLeaf, LookAlike as RenamedLookAlike } from "./operators.js";
