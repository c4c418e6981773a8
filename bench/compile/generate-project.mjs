// Writes the compile benchmark's project: 200 TypeScript files, 100 of them holding one
// @structuralJit class each, the other 100 the operators and helpers those classes use, so the
// checker does realistic work (imports across files, generics, Operator subclasses).
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

export const STRUCTURAL_FILES = 100;
export const SUPPORT_FILES = 100;

/**
 * Creates `dir` afresh with `src/` and, given `packageRoot`, `node_modules/xcs-jit` linked to it
 * (as an install would; ts-patch resolves the plugin from node_modules), and returns its two
 * tsconfigs.
 */
export function generateProject(dir, packageRoot) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src", "operators"), { recursive: true });
  mkdirSync(join(dir, "src", "pipelines"), { recursive: true });
  // Without `packageRoot` the project must sit inside the package, which then resolves by self-reference.
  if (packageRoot) {
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync(relative(join(dir, "node_modules"), packageRoot), join(dir, "node_modules", "xcs-jit"), "dir");
  }

  for (let i = 0; i < SUPPORT_FILES; i++) {
    writeFileSync(join(dir, "src", "operators", `operator${i}.ts`), operatorFile(i));
  }
  for (let i = 0; i < STRUCTURAL_FILES; i++) {
    writeFileSync(join(dir, "src", "pipelines", `pipeline${i}.ts`), pipelineFile(i));
  }
  return {
    plain: writeTsconfig(dir, "tsconfig.plain.json", "out-plain", []),
    plugin: writeTsconfig(dir, "tsconfig.plugin.json", "out-plugin", [
      { transform: "xcs-jit/transformer" },
    ]),
  };
}

function writeTsconfig(dir, name, outDir, plugins) {
  const path = join(dir, name);
  const compilerOptions = {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023"],
    types: ["node"],
    strict: true,
    skipLibCheck: true,
    rootDir: "src",
    outDir,
    plugins,
  };
  writeFileSync(path, JSON.stringify({ compilerOptions, include: ["src"] }, null, 2) + "\n");
  return path;
}

function operatorFile(i) {
  return `import { Operator } from "xcs-jit";

export interface Request${i} {
  query: string;
  context?: string[];
}

export interface Reply${i} {
  answer: string;
  score: number;
  tokens: { prompt: number; completion: number };
}

export function normalize${i}(text: string): string {
  return text.trim().toLowerCase().replace(/\\s+/g, " ");
}

export class Operator${i} extends Operator<Request${i}, Reply${i}> {
  constructor(readonly label: string = "op${i}") {
    super();
  }

  async forward(inputs: Request${i}): Promise<Reply${i}> {
    const answer = normalize${i}(\`\${this.label}: \${inputs.query} \${(inputs.context ?? []).join(" ")}\`);
    return { answer, score: answer.length % 7, tokens: { prompt: inputs.query.length, completion: answer.length } };
  }
}
`;
}

/** Four shapes in rotation: fan-out + judge, a chain, a static loop, and one with a graph break. */
function pipelineFile(i) {
  const a = i % SUPPORT_FILES;
  const b = (i * 7 + 3) % SUPPORT_FILES;
  const header = `import { Operator, structuralJit } from "xcs-jit";
import { Operator${a}, type Request${a} } from "../operators/operator${a}.js";
import { Operator${b} } from "../operators/operator${b}.js";
`;
  const fields = `  members = Array.from({ length: ${3 + (i % 5)} }, (_, k) => new Operator${a}(\`m\${k}\`));
  judge = new Operator${b}("judge");
  config = { rounds: ${1 + (i % 3)}, verbose: ${i % 2 === 0} };
`;
  const bodies = [
    `    const answers = await Promise.all(this.members.map((m) => m.invoke({ query: inputs.query })));
    const verdict = await this.judge.invoke({ query: inputs.query, context: answers.map((a) => a.answer) });
    return { answer: verdict.answer, score: verdict.score };`,
    `    const first = await this.members[0]!.invoke({ query: inputs.query });
    const second = await this.judge.invoke({ query: first.answer, context: [inputs.query] });
    const third = await this.members[1]!.invoke({ query: \`\${second.answer}?\` });
    return { answer: third.answer, score: first.score + third.score };`,
    `    const notes: string[] = [];
    for (const member of this.members) {
      const reply = await member.invoke({ query: inputs.query, context: notes });
      notes.push(reply.answer);
    }
    const verdict = await this.judge.invoke({ query: inputs.query, context: notes });
    return { answer: verdict.answer, score: verdict.score };`,
    `    const draft = await this.members[0]!.invoke({ query: inputs.query });
    let answer = draft.answer;
    if (draft.score > 3) {
      const review = await this.judge.invoke({ query: draft.answer });
      answer = review.answer;
    }
    return { answer, score: draft.score };`,
  ];
  return `${header}
@structuralJit
export class Pipeline${i} extends Operator<Request${a}, { answer: string; score: number }> {
${fields}
  async forward(inputs: Request${a}) {
${bodies[i % bodies.length]}
  }
}
`;
}
