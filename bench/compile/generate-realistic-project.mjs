// Writes the realistic Vite benchmark's project: 200 TypeScript files of an application, 10 of
// which hold operator classes (two leaf `Operator`s and one `@structuralJit` class each); the other
// 190 are ordinary app code that never mentions xcs-jit: models, services, stores, formatting and
// validation helpers importing one another, documented with JSDoc (`@param`, `@returns`: an `@`
// in most files, as in real code). `src/entry.ts` imports every file, so the bundle holds them all.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const REALISTIC_FILES = 200;
export const OPERATOR_FILES = 10;
const APP_FILES = REALISTIC_FILES - OPERATOR_FILES;
const KINDS = ["model", "service", "store", "format", "validate"];

/** Creates `dir` afresh (`src/`, `src/entry.ts`) and returns its tsconfig. */
export function generateRealisticProject(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src", "app"), { recursive: true });
  mkdirSync(join(dir, "src", "ai"), { recursive: true });
  const modules = [];
  for (let i = 0; i < APP_FILES; i++) {
    const name = `${KINDS[i % KINDS.length]}${i}`;
    writeFileSync(join(dir, "src", "app", `${name}.ts`), appFile(i));
    modules.push(`./app/${name}.js`);
  }
  for (let i = 0; i < OPERATOR_FILES; i++) {
    writeFileSync(join(dir, "src", "ai", `assistant${i}.ts`), operatorFile(i));
    modules.push(`./ai/assistant${i}.js`);
  }
  writeFileSync(join(dir, "src", "entry.ts"), modules.map((m, i) => `export * as m${i} from "${m}";\n`).join(""));
  const compilerOptions = {
    target: "ES2022",
    module: "ESNext",
    moduleResolution: "Bundler",
    lib: ["ES2023", "DOM"],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const tsconfig = join(dir, "tsconfig.json");
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions, include: ["src"] }, null, 2) + "\n");
  return tsconfig;
}

/** The app module `i` imports from: an earlier one of another kind, so imports form a DAG. */
const dependency = (i) => (i < KINDS.length ? undefined : i - 1 - (i % 3));
const moduleName = (i) => `${KINDS[i % KINDS.length]}${i}`;

function appFile(i) {
  const dep = dependency(i);
  const imports = dep === undefined ? "" : `import { describe${dep}, type Record${dep} } from "./${moduleName(dep)}.js";\n`;
  const base = dep === undefined ? "" : `\n  parent?: Record${dep};`;
  const describeParent = dep === undefined ? "" : ` + (record.parent ? " < " + describe${dep}(record.parent) : "")`;
  return `${imports}
/** A record of kind ${KINDS[i % KINDS.length]} (${i}). */
export interface Record${i} {
  id: string;
  title: string;
  tags: string[];
  createdAt: Date;
  score: number;${base}
}

export type Status${i} = "draft" | "active" | "archived";

/**
 * One line describing the record.
 * @param record the record to describe
 * @returns its title, tags and score
 */
export function describe${i}(record: Record${i}): string {
  const tags = record.tags.length > 0 ? \` [\${record.tags.join(", ")}]\` : "";
  return \`\${record.title}\${tags} (\${record.score.toFixed(1)})\`${describeParent};
}

/**
 * Whether the record is valid.
 * @param record the record to check
 * @returns the problems found, empty when valid
 */
export function validate${i}(record: Partial<Record${i}>): string[] {
  const problems: string[] = [];
  if (!record.id) problems.push("id is required");
  if (!record.title || record.title.trim().length === 0) problems.push("title is required");
  if (record.score !== undefined && (record.score < 0 || record.score > 10)) problems.push("score must be within 0..10");
  return problems;
}

/** Records by id, with the most recent first. */
export class Store${i} {
  private readonly records = new Map<string, Record${i}>();
  private status: Status${i} = "draft";

  /**
   * Adds or replaces a record.
   * @param record the record
   */
  put(record: Record${i}): void {
    const problems = validate${i}(record);
    if (problems.length > 0) throw new Error(\`invalid record \${record.id}: \${problems.join("; ")}\`);
    this.records.set(record.id, record);
    this.status = "active";
  }

  recent(limit = 10): Record${i}[] {
    return [...this.records.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit);
  }

  async load(fetchPage: (page: number) => Promise<Record${i}[]>): Promise<number> {
    let loaded = 0;
    for (let page = 0; page < 3; page++) {
      const records = await fetchPage(page);
      for (const record of records) this.put(record);
      loaded += records.length;
      if (records.length === 0) break;
    }
    return loaded;
  }

  get state(): Status${i} {
    return this.status;
  }
}
`;
}

function operatorFile(i) {
  return `import { Operator, structuralJit } from "xcs-jit";

export interface Question${i} {
  query: string;
  context?: string[];
}

export interface Answer${i} {
  answer: string;
  score: number;
}

/** A model call stand-in. */
export class Draft${i} extends Operator<Question${i}, Answer${i}> {
  constructor(readonly style: string) {
    super();
  }

  async forward(inputs: Question${i}): Promise<Answer${i}> {
    const answer = \`\${this.style}: \${inputs.query} \${(inputs.context ?? []).join(" ")}\`.trim();
    return { answer, score: answer.length % 10 };
  }
}

/** Picks the best of several drafts. */
export class Judge${i} extends Operator<Question${i}, Answer${i}> {
  async forward(inputs: Question${i}): Promise<Answer${i}> {
    const candidates = inputs.context ?? [];
    const best = candidates.reduce((a, b) => (b.length > a.length ? b : a), "");
    return { answer: best || inputs.query, score: candidates.length };
  }
}

@structuralJit
export class Assistant${i} extends Operator<Question${i}, Answer${i}> {
  drafts = ["brief", "detailed", "formal"].map((style) => new Draft${i}(style));
  judge = new Judge${i}();

  async forward(inputs: Question${i}) {
    const drafts = await Promise.all(this.drafts.map((d) => d.invoke({ query: inputs.query })));
    const verdict = await this.judge.invoke({ query: inputs.query, context: drafts.map((d) => d.answer) });
    return { answer: verdict.answer, score: verdict.score };
  }
}
`;
}
