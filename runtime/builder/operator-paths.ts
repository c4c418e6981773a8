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

function isInvokable(value: unknown): value is object {
  return typeof value === "object" && value !== null && typeof (value as { invoke?: unknown }).invoke === "function";
}
