/** `import xcsJit from "xcs-jit/rspack"`, then `plugins: [xcsJit()]`. */
import { xcsJit } from "./plugin.js";

export type { XcsJitPluginOptions } from "./plugin.js";
const plugin = xcsJit.rspack;
export { plugin as xcsJit };
export default plugin;
