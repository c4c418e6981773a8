export { GraphBuilder } from "./builder.js";
export { buildStructure } from "./build-structure.js";
export { Ref, type Value } from "./ref.js";
export { XCS_DIAGNOSTICS, XCS_STRUCTURE, type Structure } from "./symbols.js";
export { lookUpStructure, structureOf, type StructureLookup } from "./structure-lookup.js";
