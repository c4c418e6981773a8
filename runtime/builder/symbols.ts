import type { GraphBuilder } from "./builder.js";
import type { Ref } from "./ref.js";

/**
 * The static member under which a class keeps its structure (emitted by the transformer or
 * written by hand). Registered symbols, so the sources and `dist/` agree on them.
 */
export const XCS_STRUCTURE: unique symbol = Symbol.for("xcs-jit.structure") as any;

/** The static member holding the transformer's diagnostics for a class (graph breaks, bail-outs). */
export const XCS_DIAGNOSTICS: unique symbol = Symbol.for("xcs-jit.diagnostics") as any;

/** `static [XCS_STRUCTURE](self, g, inputs)`: builds the graph of `self.forward` with `g`. */
export type Structure<Self = any> = (self: Self, g: GraphBuilder, inputs: Ref) => Ref;
