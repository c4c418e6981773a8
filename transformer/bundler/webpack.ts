/** `import xcsJit from "xcs-jit/webpack"`, then `plugins: [xcsJit()]`. */
import { xcsJit } from "./plugin.js";

export type { XcsJitPluginOptions } from "./plugin.js";
const plugin = xcsJit.webpack;
export { plugin as xcsJit };
export default plugin;
