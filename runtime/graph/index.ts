export { Graph } from "./graph.js";
export { GraphValidationError } from "./validate.js";
export { splitPath, type ChangedPart, type FieldMapping, type GraphEdge, type GraphJSON, type NodeJSON, type GraphNode, type GraphSpec, type GroupScope, type Invokable, type NodeKind } from "./types.js";
