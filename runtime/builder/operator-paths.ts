import { operatorName } from "../operator.js";

/**
 * Readable node ids: an operator held by the structure's `self` is named by where it lives there,
 * `judge` or `members.3`, the way a reader of the source refers to it.
 */
export function operatorPaths(self: object): Map<object, string> {
  const paths = new Map<object, string>();
  for (const [key, value] of Object.entries(self)) {
    if (isInvokable(value)) {
      if (!paths.has(value)) paths.set(value, key);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (isInvokable(item) && !paths.has(item)) paths.set(item, `${key}.${i}`);
      });
    }
  }
  return paths;
}

/** What a call of `op` is named before any `#n`: where `op` lives in `self` (`paths`), else its name. */
export function callName(paths: Map<object, string>, op: object): string {
  return paths.get(op) ?? operatorName(op);
}

/** Whether a value is an operator: anything with an `invoke` method. */
export function isInvokable(value: unknown): value is object {
  return typeof value === "object" && value !== null && typeof (value as { invoke?: unknown }).invoke === "function";
}

/** `base`, or `base#2`, `base#3`, … when taken: the node ids of one graph, or of one traced run. */
export class UniqueIds {
  private readonly ids = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  take(base: string): string {
    let next = this.nextSuffix.get(base) ?? 2;
    let id = base;
    while (this.ids.has(id)) id = `${base}#${next++}`;
    this.nextSuffix.set(base, next);
    this.ids.add(id);
    return id;
  }
}
