/** `import xcsJit from "xcs-jit/esbuild"`, then `plugins: [xcsJit()]`. */
import { xcsJit } from "./plugin.js";

export type { XcsJitPluginOptions } from "./plugin.js";
const plugin = xcsJit.esbuild;
export { plugin as xcsJit };
export default plugin;
