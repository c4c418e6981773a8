// Prints a generated `forward` body as the source of a module holding one @structuralJit class.
// Names are resolved here, against the variables in scope at each point (see forward-grammar.ts).
import type { Count, ForwardBody, Statement, Text } from "./forward-grammar.js";

export interface GeneratedCase {
  body: ForwardBody;
  /** The value of `this.config.flag`, which static `if`s test at graph-build time. */
  flag: boolean;
}

type Variable = { name: string; kind: "reply" | "replies" };

class Scope {
  private readonly frames: Variable[][] = [[]];
  private counter = 0;

  declare(kind: Variable["kind"]): string {
    const name = `v${this.counter++}`;
    this.frames.at(-1)!.push({ name, kind });
    return name;
  }

  pick(kind: Variable["kind"], index: number): string | undefined {
    const visible = this.frames.flat().filter((v) => v.kind === kind);
    return visible.length === 0 ? undefined : visible[index % visible.length]!.name;
  }

  block(print: () => string[]): string[] {
    this.frames.push([]);
    try {
      return print();
    } finally {
      this.frames.pop();
    }
  }
}

export function printCaseModule(generated: GeneratedCase, kitImport: string): string {
  const scope = new Scope();
  const body = [
    ...printStatements(generated.body.statements, scope),
    `return ${printReply(generated.body.result.text, generated.body.result.count, scope)};`,
  ];
  return `import { Operator, structuralJit } from "xcs-jit";
import { effects, record, type Inputs, type Kit, type Reply } from "${kitImport}";

@structuralJit
export class Generated extends Operator<Inputs, Reply> {
  a: Kit["a"];
  b: Kit["b"];
  members: Kit["members"];
  fail: Kit["fail"];
  audit: Kit["audit"];
  config = { flag: ${generated.flag} };
  count = 0;

  constructor(kit: Kit) {
    super();
    this.a = kit.a;
    this.b = kit.b;
    this.members = kit.members;
    this.fail = kit.fail;
    this.audit = kit.audit;
  }

  async forward(inputs: Inputs): Promise<Reply> {
${indent(body, 2).join("\n")}
  }
}
`;
}

function printStatements(statements: Statement[], scope: Scope): string[] {
  return statements.flatMap((s) => printStatement(s, scope));
}

function printBlock(statements: Statement[], scope: Scope): string[] {
  return indent(scope.block(() => printStatements(statements, scope)), 1);
}

function printStatement(s: Statement, scope: Scope): string[] {
  switch (s.kind) {
    case "call": {
      const arg = printText(s.arg, scope);
      return [`const ${scope.declare("reply")} = await this.${s.operator}.invoke({ text: ${arg} });`];
    }
    case "all": {
      const first = printText(s.first, scope);
      const second = printText(s.second, scope);
      const [x, y] = [scope.declare("reply"), scope.declare("reply")];
      return [
        `const [${x}, ${y}] = await Promise.all([this.a.invoke({ text: ${first} }), this.b.invoke({ text: ${second} })]);`,
      ];
    }
    case "mapMembers": {
      const arg = printText(s.arg, scope);
      return [`const ${scope.declare("replies")} = await Promise.all(this.members.map((m) => m.invoke({ text: ${arg} })));`];
    }
    case "compute": {
      const value = printReply(s.text, s.count, scope);
      return [`const ${scope.declare("reply")} = ${value};`];
    }
    case "push":
      return [`effects.push(${printText(s.value, scope)});`];
    case "record":
      return [`record(${printText(s.value, scope)});`];
    case "ifStatic":
      return [
        "if (this.config.flag) {",
        ...printBlock(s.then, scope),
        "} else {",
        ...printBlock(s.otherwise, scope),
        "}",
      ];
    case "ifDynamic":
      return [
        `if (inputs.n > ${printCount(s.threshold, scope)}) {`,
        ...printBlock(s.then, scope),
        "} else {",
        ...printBlock(s.otherwise, scope),
        "}",
      ];
    case "forStatic": {
      const lines = scope.block(() => {
        const arg = printText(s.arg, scope);
        const reply = scope.declare("reply");
        return [`const ${reply} = await member.invoke({ text: ${arg} });`, `effects.push(${reply}.text);`];
      });
      return ["for (const member of this.members) {", ...indent(lines, 1), "}"];
    }
    case "forDynamic":
      return ["for (let i = 0; i < inputs.n; i++) {", ...printBlock(s.body, scope), "}"];
    case "try":
      return [
        "try {",
        ...printBlock(s.body, scope),
        "} catch (error) {",
        "  effects.push(`caught ${(error as Error).message}`);",
        ...(s.rethrow ? ["  throw error;"] : []),
        ...(s.withFinally ? ["} finally {", '  effects.push("finally");'] : []),
        "}",
      ];
    case "fieldWrite": {
      // Mutates a result other nodes may also read: later readers must see the new value.
      const value = printText(s.value, scope);
      const reply = scope.pick("reply", s.pick);
      return [reply ? `${reply}.text = ${value};` : `effects.push(${value});`];
    }
    case "thisWrite":
      return [`this.count = ${printCount(s.value, scope)};`];
    case "returnEarly":
      return [`return ${printReply(s.text, { kind: "literal", value: 0 }, scope)};`];
  }
}

function printReply(text: Text, count: Count, scope: Scope): string {
  return `{ text: ${printText(text, scope)}, n: ${printCount(count, scope)} }`;
}

function printText(t: Text, scope: Scope): string {
  switch (t.kind) {
    case "input":
      return "inputs.text";
    case "literal":
      return JSON.stringify(t.value);
    case "field": {
      const reply = scope.pick("reply", t.pick);
      return reply ? `${reply}.text` : "inputs.text";
    }
    case "joined": {
      const replies = scope.pick("replies", t.pick);
      return replies ? `${replies}.map((r) => r.text).join("+")` : "inputs.text";
    }
    case "template":
      return `\`\${${printText(t.head, scope)}}/\${${printText(t.tail, scope)}}\``;
    case "upper":
      return `(${printText(t.of, scope)}).toUpperCase()`;
  }
}

function printCount(c: Count, scope: Scope): string {
  switch (c.kind) {
    case "input":
      return "inputs.n";
    case "literal":
      return String(c.value);
    case "field": {
      const reply = scope.pick("reply", c.pick);
      return reply ? `${reply}.n` : "inputs.n";
    }
    case "plus":
      return `(${printCount(c.left, scope)} + ${printCount(c.right, scope)})`;
  }
}

function indent(lines: string[], levels: number): string[] {
  const pad = "  ".repeat(levels);
  return lines.map((line) => pad + line);
}
