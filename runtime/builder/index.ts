export { GraphBuilder } from "./builder.js";
export { buildStructure } from "./build-structure.js";
export { Ref, type Value } from "./ref.js";
export { XCS_DIAGNOSTICS, XCS_STRUCTURE, structureOf, type Structure } from "./symbols.js";
