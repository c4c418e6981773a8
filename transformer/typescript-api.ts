import type * as TS from "typescript";

/**
 * The TypeScript module the transformer builds with: `extras.ts` under ts-patch, the caller's own
 * copy elsewhere. Typed without the `default` a namespace import adds, so both `import ts from` and
 * `import * as ts from` values fit.
 */
export type TypeScriptApi = Omit<typeof TS, "default">;
