/** `import xcsJit from "xcs-jit/rollup"`, then `plugins: [xcsJit()]`. */
import { xcsJit } from "./plugin.js";

export type { XcsJitPluginOptions } from "./plugin.js";
const plugin = xcsJit.rollup;
export { plugin as xcsJit };
export default plugin;
