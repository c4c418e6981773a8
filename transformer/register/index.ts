/**
 * `node --import xcs-jit/register app.ts`: installs the module hooks (hooks.ts) that apply the
 * xcs-jit transform to each TypeScript file before it runs. With tsx, put tsx after this one
 * (`--import xcs-jit/register --import tsx`) or before it: either order composes (see hooks.ts).
 */
import { register } from "node:module";
import { pathToFileURL } from "node:url";

register("./hooks.js", pathToFileURL(__filename));
