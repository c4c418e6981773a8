export { validateInput, validateOutput } from "./validate.js";
export {
  ValidationError,
  InputValidationError,
  OutputValidationError,
  formatIssuePath,
} from "./validation-error.js";
