/** `import xcsJit from "xcs-jit/vite"`, then `plugins: [xcsJit()]`. */
import { xcsJit } from "./plugin.js";

export type { XcsJitPluginOptions } from "./plugin.js";
const plugin = xcsJit.vite;
export { plugin as xcsJit };
export default plugin;
