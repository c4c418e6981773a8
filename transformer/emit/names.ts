/**
 * The one allocator of every name the transformer introduces: the namespace import of xcs-jit
 * (per file), the structure's `self`, `g` and inputs parameters, temporaries, host-node results
 * and compute-node parameters (per class). It is seeded with every identifier the source spells
 * (free references, callback parameters and shadowed names included), so an introduced name
 * never captures or shadows one the user's code refers to.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";

export class NameAllocator {
  private readonly taken: Set<string>;

  private constructor(taken: Iterable<string>) {
    this.taken = new Set(taken);
  }

  /** Seeded with every identifier under `node` (a whole file, or a `forward` method). */
  static of(ts: TypeScriptApi, node: TS.Node, also: Iterable<string> = []): NameAllocator {
    const names = new Set<string>(also);
    const visit = (current: TS.Node): void => {
      if (ts.isIdentifier(current) || ts.isPrivateIdentifier(current)) names.add(current.text);
      ts.forEachChild(current, visit);
    };
    visit(node);
    return new NameAllocator(names);
  }

  /** `base` if nothing uses it, else `base2`, `base3`, …; the name is taken from then on. */
  fresh(base: string): string {
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}${i}`;
    this.taken.add(name);
    return name;
  }

  /** Marks a name the emitted code uses as it is (a variable of `forward` it mirrors). */
  reserve(name: string): void {
    this.taken.add(name);
  }
}
