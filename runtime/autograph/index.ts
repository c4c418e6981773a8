export { autograph, execute, type AutographOptions } from "./autograph.js";
