/**
 * What the simulated model answers when asked for structured output: a value built from the
 * schema's JSON Schema, a pure function of the random stream it draws from, so a test replays.
 */
import type { JsonSchema } from "./structured.js";

const WORDS = ["amber", "basalt", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper", "kestrel", "lumen"];

export function simulatedObject(schema: JsonSchema, random: () => number, at = "(root)"): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return pick(schema.enum);
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return simulatedObject(alternatives[0]!, random, at);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, simulatedObject(property, random, `${at}.${key}`)]));
    }
    case "array": {
      const length = Math.max(Number(schema.minItems ?? 1), Math.min(Number(schema.maxItems ?? 3), 1 + Math.floor(random() * 3)));
      return Array.from({ length }, (_, i) => simulatedObject((schema.items ?? {}) as JsonSchema, random, `${at}[${i}]`));
    }
    case "string":
      return `${pick(WORDS)} ${pick(WORDS)}`;
    case "integer":
    case "number": {
      const min = Math.max(Number(schema.minimum ?? 0), -1e6);
      const max = Math.min(Number(schema.maximum ?? min + 100), 1e6);
      const value = min + random() * (max - min);
      return type === "integer" ? Math.ceil(value) : Number(value.toFixed(2));
    }
    case "boolean":
      return random() < 0.5;
    case "null":
      return null;
    default:
      throw new TypeError(`SimulatedModel: cannot make a value for the output schema at ${at} (JSON Schema ${JSON.stringify(schema).slice(0, 80)})`);
  }
}
