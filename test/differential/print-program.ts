// Prints a generated program (grammar.ts) as a module with two @structuralJit classes: `Helper`,
// and `Generated`, which may call it. Names are resolved here, against the variables of each kind
// in scope at each point, so any shape prints as a strict, type-correct program.
import type { Arg, Body, Call, GeneratedProgram, Num, Result, Statement, Text } from "./grammar.js";

/**
 * Locals are named like the emitter's own names first: collisions are what this is for. A
 * campaign run with XCS_FUZZ_PLAIN_NAMES=1 (`npm run fuzz -- --plain-names`) suffixes every name
 * with `_`, to find the failures that collisions hide; `npm test` never sets it.
 */
const suffix = process.env.XCS_FUZZ_PLAIN_NAMES === "1" ? "_" : "";
const NAMES = ["g", "self", "result", "xcs", "value1", "host12", "inputs", "out", "answer", "v", "r", "text", "score", "rest", "m", "i"].map((n) => n + suffix);
const PARAMS = ["inputs", "input", "g", "self", "q"].map((n) => n + suffix);
/** Module-level names a local must not hide. */
const RESERVED = new Set(["FIELD", "RULES", "shout", "note", "journal", "wrap", "Helper", "Generated", "Operator", "structuralJit", "ANY_ASK", "Ask", "Remember", "item"]);

/** What a generated variable holds; statements pick earlier variables by kind (`ranked`: a copy in an order the answers decide). */
type Kind = "reply" | "text" | "replies" | "ranked" | "num" | "maybe" | "bag" | "list" | "local" | "constant" | "asks" | "promise";

class Scope {
  private readonly frames: { name: string; kind: Kind }[][] = [[]];
  private readonly taken = new Set(RESERVED);

  constructor(
    readonly param: string,
    readonly localHelper: boolean,
  ) {
    this.taken.add(param);
  }

  /** A name no other variable of this forward has, so nothing is shadowed (callback parameters aside). */
  declare(kind: Kind, hint: number): string {
    const base = NAMES[hint % NAMES.length]!;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}${n}`;
    this.taken.add(name);
    this.frames.at(-1)!.push({ name, kind });
    return name;
  }

  pick(kind: Kind, index: number): string | undefined {
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

export function printProgram(program: GeneratedProgram, kitImport: string): string {
  return `import { Operator, structuralJit } from "xcs-jit";
import { ${program.helperSpec ? "ANY_ASK, " : ""}journal, note, type Ask, type Kit, type Remember, type Reply } from "${kitImport}";

const FIELD = "query";
const RULES = " be brief; cite ;no jargon ; ok";

function shout(text: string): string {
  return \`\${text.toUpperCase()}!\`;
}

${printClass("Helper", program.helper, false, program.flag, program.helperSpec)}

${printClass("Generated", program.main, true, program.flag, false)}
`;
}

function printClass(name: string, body: Body, withHelper: boolean, flag: boolean, withSpec: boolean): string {
  return `@structuralJit
export class ${name} extends Operator<Ask, Reply> {${withSpec ? "\n  static spec = { input: ANY_ASK };" : ""}
  a: Operator<Ask, Reply>;
  b: Operator<Ask, Reply>;
  flaky: Operator<Ask, Reply>;
  fail: Operator<Ask, Reply>;
  audit: Operator<Ask, Reply>;
  tally: Operator<Ask, Reply>;
  stamp: Operator<Ask, Reply>;
  members: Operator<Ask, Reply>[];
  experts: Map<string, Operator<Ask, Reply>>;
  byName: Record<string, Operator<Ask, Reply>>;
  extras?: { reranker?: Operator<Ask, Reply> };
  keep: Operator<Remember, Reply>;
  config = { flag: ${flag} };
  memory: string[] = [];
  count = 0;${withHelper ? "\n  helper: Helper;" : ""}

  constructor(kit: Kit) {
    super();
    this.a = kit.a;
    this.b = kit.b;
    this.flaky = kit.flaky;
    this.fail = kit.fail;
    this.audit = kit.audit;
    this.tally = kit.tally;
    this.stamp = kit.stamp;
    this.keep = kit.keep;
    this.members = kit.members;
    this.experts = kit.experts;
    this.byName = kit.byName;
    this.extras = kit.extras;${withHelper ? "\n    this.helper = new Helper(kit);" : ""}
  }

  async forward(${PARAMS[body.param % PARAMS.length]}: Ask): Promise<Reply> {
${indent(printBody(body), 2).join("\n")}
  }
}`;
}

function printBody(body: Body): string[] {
  const scope = new Scope(PARAMS[body.param % PARAMS.length]!, body.localHelper);
  const lines = body.localHelper ? ["const wrap = (s: string) => `[${s}]`;"] : [];
  lines.push(...printStatements(body.statements, scope), `return ${printResult(body.result, scope)};`);
  return lines;
}

function printStatements(statements: Statement[], scope: Scope): string[] {
  return statements.flatMap((s) => printStatement(s, scope));
}

function printBlock(statements: Statement[], scope: Scope): string[] {
  return indent(scope.block(() => printStatements(statements, scope)), 1);
}

function printStatement(s: Statement, scope: Scope): string[] {
  switch (s.k) {
    case "call":
      return printCallStatement(s, scope);
    case "optional": {
      const query = printText(s.query, scope);
      return [`const ${scope.declare("maybe", s.name)} = await this.extras?.reranker?.invoke({ query: ${query} });`];
    }
    case "all": {
      const calls = s.calls.map((c) => printCall(c, scope, false));
      const all = `await Promise.all([${calls.join(", ")}])`;
      if (s.bind.k === "whole") return [`const ${scope.declare("replies", s.bind.name)} = ${all};`];
      const elements = s.bind.elements.map((e) => {
        switch (e.k) {
          case "hole":
            return "";
          case "name":
            return scope.declare("reply", e.name);
          case "default":
            return `${scope.declare("reply", e.name)} = { answer: "none", score: 0 }`;
          case "object": {
            const score = e.score === undefined ? "" : `, score: ${scope.declare("num", e.score)}`;
            return `{ answer: ${scope.declare("text", e.answer)}${score} }`;
          }
        }
      });
      if (s.bind.rest !== undefined && elements.length < calls.length) elements.push(`...${scope.declare("replies", s.bind.rest)}`);
      // A trailing hole must be written `[a, ,]`: a lone trailing comma is not one.
      const pattern = elements.at(-1) === "" ? `${elements.join(", ")},` : elements.join(", ");
      return [`const [${pattern}] = ${all};`];
    }
    case "nestedAll": {
      const groups = s.groups.map((group) => `Promise.all([${group.map((c) => printCall(c, scope, false)).join(", ")}])`);
      let next = 0;
      const patterns = s.groups.map((group) => `[${group.map(() => scope.declare("reply", s.names[next++ % s.names.length]!)).join(", ")}]`);
      return [`const [${patterns.join(", ")}] = await Promise.all([${groups.join(", ")}]);`];
    }
    case "mapMembers": {
      const query = printText(s.query, scope);
      const param = scope.declare("local", s.param);
      const all = `await Promise.all(this.members.map((${param}) => ${param}.invoke({ query: ${query} })))`;
      if (s.bind.k === "whole") return [`const ${scope.declare("replies", s.bind.name)} = ${all};`];
      return [`const [${scope.declare("reply", s.bind.first)}, ${scope.declare("reply", s.bind.second)}] = ${all};`];
    }
    case "loop":
      return printLoop(s, scope);
    case "text": {
      const value = printText(s.value, scope);
      return [`const ${scope.declare("text", s.name)} = ${value};`];
    }
    case "spreadArray": {
      const replies = scope.pick("replies", s.pick);
      const reply = scope.pick("reply", s.extra) ?? `{ answer: "none", score: 0 }`;
      return [`const ${scope.declare("replies", s.name)} = [${replies ? `...${replies}, ` : ""}${reply}];`];
    }
    case "note":
      return [`note(${printText(s.value, scope)});`];
    case "remember":
      return [`await this.keep.invoke({ memory: this.memory, add: ${printText(s.value, scope)} });`];
    case "log":
      return [`console.log(${printText(s.value, scope)});`];
    case "fieldWrite": {
      // Mutates a result other nodes may also read: later readers must see the new value.
      const value = printText(s.value, scope);
      const reply = scope.pick("reply", s.pick);
      return [reply ? `${reply}.answer = ${value};` : `note(${value});`];
    }
    case "thisWrite":
      return [`this.count = ${printNum(s.value, scope)};`];
    case "ifStatic":
      return ["if (this.config.flag) {", ...printBlock(s.then, scope), "} else {", ...printBlock(s.otherwise, scope), "}"];
    case "if":
      return [`if (${printNum(s.test, scope)} > 1) {`, ...printBlock(s.then, scope), "} else {", ...printBlock(s.otherwise, scope), "}"];
    case "repeat": {
      const lines = scope.block(() => {
        const i = scope.declare("local", 15);
        return [`for (let ${i} = 0; ${i} < (${scope.param}.n ?? 0); ${i}++) {`, ...printBlock(s.body, scope), "}"];
      });
      return lines;
    }
    case "try": {
      const body = printBlock(s.body, scope);
      const error = scope.declare("local", 0);
      return [
        "try {",
        ...body,
        `} catch (${error}) {`,
        `  note(\`caught \${(${error} as Error).message}\`);`,
        ...(s.rethrow ? [`  throw ${error};`] : []),
        ...(s.withFinally ? ["} finally {", '  note("finally");'] : []),
        "}",
      ];
    }
    case "return":
      return [`return ${printResult(s.result, scope)};`];
    case "push":
      return [`journal.push(${printText(s.value, scope)});`];
    case "throwIf":
      return [`if (${printNum(s.test, scope)} > 2) {`, `  throw new Error(\`guard \${${printText(s.message, scope)}}\`);`, "}"];
    case "returnIf":
      return [`if (${printNum(s.test, scope)} > 2) {`, `  return ${printResult(s.result, scope)};`, "}"];
    case "keyed":
      return printKeyed(s, scope);
    case "mapEntries":
      return printMapEntries(s, scope);
    case "rules": {
      // A callback parameter may hide an outer name, as in "joined".
      const p = NAMES[s.param % NAMES.length]!;
      const filtered = s.filter ? `.filter((${p}) => ${p}.length > 2)` : "";
      return [`const ${scope.declare("list", s.name)} = RULES.split(";").map((${p}) => ${p}.trim())${filtered};`];
    }
    case "constant": {
      // The text is read before the name is declared: it may not read the constant it starts.
      const query = s.from ? printText(s.from, scope) : JSON.stringify(s.value);
      return [`const ${scope.declare("constant", s.name)} = { query: ${query} };`];
    }
    case "alias": {
      const original = scope.pick("constant", s.pick) ?? '{ query: "alias" }';
      return [`const ${scope.declare("constant", s.name)} = ${original};`];
    }
    case "asks": {
      const first = printText(s.first, scope);
      return [`const ${scope.declare("asks", s.name)}: Ask[] = [{ query: ${first} }, { query: "fixed" }];`];
    }
    case "askLoop": {
      const asks = scope.pick("asks", s.pick);
      if (!asks) return [];
      const [accHint, itemHint, replyHint] = s.names as [number, number, number];
      const acc = scope.declare("list", accHint);
      const lines = scope.block(() => {
        const item = scope.declare("local", itemHint);
        const reply = scope.declare("local", replyHint);
        const [head, query] = s.indexed
          ? [`for (let ${item} = 0; ${item} < ${asks}.length; ${item}++) {`, `${asks}[${item}]!.query`]
          : [`for (const ${item} of ${asks}) {`, `${item}.query`];
        return [head, `  const ${reply} = await this.${s.callee}.invoke({ query: ${query} });`, `  ${acc}.push(${reply}.answer);`, "}"];
      });
      return [`const ${acc}: string[] = [];`, ...lines];
    }
    case "askMap": {
      const asks = scope.pick("asks", s.pick);
      if (!asks) return [];
      return [`const ${scope.declare("replies", s.name)} = await Promise.all(${asks}.map((item) => this.${s.callee}.invoke(item)));`];
    }
    case "started": {
      const [promise, first, then] = s.names as [number, number, number];
      // Each call is printed before the name it defines, so it reads only names defined before.
      const startedCall = printCall(s.first, scope, false);
      if (s.form === "dropped") {
        const thenCall = printCall(s.then, scope);
        return [`${startedCall};`, `const ${scope.declare("reply", then)} = ${thenCall};`];
      }
      if (s.form === "array") {
        const secondCall = printCall(s.then, scope, false);
        const started = scope.declare("promise", promise);
        return [`const ${started} = [${startedCall}, ${secondCall}];`, `const [${scope.declare("reply", first)}, ${scope.declare("reply", then)}] = await Promise.all(${started});`];
      }
      if (s.form === "settled") {
        const secondCall = printCall(s.then, scope, false);
        const started = scope.declare("promise", promise);
        const settled = (r: string) => `(${r}.status === "fulfilled" ? ${r}.value : { answer: "fallback", score: 0 })`;
        return [
          `const ${started} = [${startedCall}, ${secondCall}];`,
          `const [${scope.declare("reply", first)}, ${scope.declare("reply", then)}] = (await Promise.allSettled(${started})).map((r) => ${settled("r")});`,
        ];
      }
      const started = scope.declare("promise", promise);
      const thenCall = printCall(s.then, scope);
      return [
        `const ${started} = ${startedCall};`,
        `const ${scope.declare("reply", then)} = ${thenCall};`,
        `const ${scope.declare("reply", first)} = await ${started}${s.form === "caught" ? `.catch(() => ({ answer: "fallback", score: 0 }))` : ""};`,
      ];
    }
    case "sorted": {
      const replies = scope.pick("replies", s.pick);
      if (!replies) return [];
      const copy = s.reverse ? `${replies}.slice().reverse()` : `[...${replies}].sort((x, y) => y.score - x.score)`;
      // Its own kind: a copy in an order the answers decide is no array a build-time loop may
      // unroll (the static grammar's loops pick `replies`).
      return [`const ${scope.declare("ranked", s.name)} = ${copy};`];
    }
  }
}

/** A local object written by key in a build-time loop (and once by a fixed key); read whole as a "bag". */
function printKeyed(s: Extract<Statement, { k: "keyed" }>, scope: Scope): string[] {
  const [accHint, keyHint, memberHint, replyHint] = s.names as [number, number, number, number];
  const acc = scope.declare("bag", accHint);
  const lines = scope.block(() => {
    // May read the object itself, as it is at this point of the loop.
    const query = printText(s.query, scope);
    const key = scope.declare("local", keyHint);
    const member = scope.declare("local", memberHint);
    const reply = scope.declare("local", replyHint);
    const source = s.source === "map" ? "this.experts" : s.source === "objectEntries" ? "Object.entries(this.byName)" : "this.members.entries()";
    return [
      `for (const [${key}, ${member}] of ${source}) {`,
      `  const ${reply} = await ${member}.invoke({ query: \`\${${key}}: \${${query}}\` });`,
      `  ${acc}[${key}] = ${reply}.answer;`,
      `  ${acc}.last = \`\${${key}}\`;`,
      "}",
    ];
  });
  return [`const ${acc}: Record<string, string> = {};`, ...lines];
}

/** `Promise.all` over `Object.entries(this.byName).map(...)` with a destructured parameter, one call or an async block of two. */
function printMapEntries(s: Extract<Statement, { k: "mapEntries" }>, scope: Scope): string[] {
  const [keyHint, memberHint, replyHint, nextHint, nameHint] = s.names as [number, number, number, number, number];
  const query = printText(s.query, scope);
  const callback = scope.block(() => {
    const key = scope.declare("local", keyHint);
    const member = scope.declare("local", memberHint);
    const prompt = `{ query: \`\${${key}}: \${${query}}\` }`;
    if (!s.steps) return [`Object.entries(this.byName).map(([${key}, ${member}]) => ${member}.invoke(${prompt})),`];
    const reply = scope.declare("local", replyHint);
    const next = scope.declare("local", nextHint);
    return [
      `Object.entries(this.byName).map(async ([${key}, ${member}]) => {`,
      `  const ${reply} = await ${member}.invoke(${prompt});`,
      `  const { answer: ${next} } = await this.${s.callee}.invoke({ query: ${reply}.answer });`,
      `  return { answer: \`\${${key}}=\${${next}}\`, score: ${reply}.score };`,
      "}),",
    ];
  });
  return [`const ${scope.declare("replies", nameHint)} = await Promise.all(`, ...indent(callback, 1), ");"];
}

function printCallStatement(s: Extract<Statement, { k: "call" }>, scope: Scope): string[] {
  const call = printCall(s.call, scope);
  const b = s.bind;
  switch (b.k) {
    case "ignore":
      return [`${call};`];
    case "name":
      return [`const ${scope.declare("reply", b.name)} = ${call};`];
    case "object": {
      const answer = scope.declare("text", b.answer);
      const score = b.score === undefined ? "" : `, score: ${scope.declare("num", b.score)}`;
      return [`const { answer: ${answer}${score} } = ${call};`];
    }
    case "default":
      return [`const { answer: ${scope.declare("text", b.answer)} = "none" } = ${call};`];
    case "rest":
      return [`const { answer: ${scope.declare("text", b.answer)}, ...${scope.declare("bag", b.rest)} } = ${call};`];
  }
}

function printLoop(s: Extract<Statement, { k: "loop" }>, scope: Scope): string[] {
  const [accHint, keyHint, memberHint, replyHint] = s.names as [number, number, number, number];
  const acc = scope.declare("list", accHint);
  const counter = s.counter && s.source !== "replies" ? scope.declare("num", accHint + 1) : undefined;
  const lines = scope.block(() => {
    const replies = s.source === "replies" ? scope.pick("replies", s.pick) : undefined;
    if (replies) {
      const answer = scope.declare("local", keyHint);
      const score = scope.declare("local", memberHint);
      return [`for (const { answer: ${answer}, score: ${score} } of ${replies}) {`, `  ${acc}.push(\`\${${answer}}:\${${score}}\`);`, "}"];
    }
    const query = printText(s.query, scope);
    const key = scope.declare("local", keyHint);
    const member = scope.declare("local", memberHint);
    const reply = scope.declare("local", replyHint);
    const counted = (prompt: string) => (counter ? `\`\${${counter}}/\${${prompt}}\`` : prompt);
    const body = (callee: string, prompt: string) => [
      `  const ${reply} = await ${callee}.invoke({ query: ${counted(prompt)} });`, `  ${acc}.push(${reply}.answer);`, ...(counter ? [`  ${counter}++;`] : []), "}",
    ];
    const keyed = `\`\${${key}}: \${${query}}\``;
    switch (s.source) {
      case "map":
        return [`for (const [${key}, ${member}] of this.experts) {`, ...body(member, keyed)];
      case "entries":
        return [`for (const [${key}, ${member}] of this.members.entries()) {`, ...body(member, keyed)];
      case "objectEntries":
        return [`for (const [${key}, ${member}] of Object.entries(this.byName)) {`, ...body(member, keyed)];
      case "indexed":
        return [`for (let ${key} = 0; ${key} < this.members.length; ${key}++) {`, ...body(`this.members[${key}]`, query)];
      default:
        return [`for (const ${member} of this.members) {`, ...body(member, query)];
    }
  });
  return [`const ${acc}: string[] = [];`, ...(counter ? [`let ${counter} = 0;`] : []), ...lines];
}

function printCall(call: Call, scope: Scope, awaited = true): string {
  const invoke = `this.${call.callee}.invoke(${printArg(call.arg, scope)})`;
  return awaited ? `await ${invoke}` : invoke;
}

function printArg(arg: Arg, scope: Scope): string {
  if (arg.k === "ask") {
    const asks = scope.pick("asks", arg.pick);
    return asks ? `${asks}[${arg.index}]!` : `{ query: ${scope.param}.query }`;
  }
  if (arg.k === "constant") {
    const constant = scope.pick("constant", arg.pick) ?? '{ query: "none" }';
    return arg.nested ? `{ query: ${scope.param}.query, ctx: ${constant} }` : constant;
  }
  const query = printText(arg.query, scope);
  switch (arg.k) {
    case "plain":
      return arg.n === undefined ? `{ query: ${query} }` : `{ query: ${query}, n: ${printNum(arg.n, scope)} }`;
    case "computed":
      return `{ [FIELD]: ${query} }`;
    case "spread":
      return `{ ...${scope.param}, query: ${query} }`;
  }
}

function printResult(result: Result, scope: Scope): string {
  const reply = result.k === "object" ? undefined : scope.pick("reply", result.pick);
  switch (result.k) {
    case "object":
      return `{ answer: ${printText(result.answer, scope)}, score: ${printNum(result.score, scope)} }`;
    case "spread":
      return reply ? `{ ...${reply}, answer: ${printText(result.answer, scope)} }` : `{ answer: ${printText(result.answer, scope)}, score: 0 }`;
    case "reply":
      return reply ?? `{ answer: ${scope.param}.query, score: 0 }`;
  }
}

function printText(t: Text, scope: Scope): string {
  const input = `${scope.param}.query`;
  switch (t.k) {
    case "input":
      return input;
    case "lit":
      return JSON.stringify(t.value);
    case "answer": {
      const reply = scope.pick("reply", t.pick);
      return reply ? `${reply}.answer` : input;
    }
    case "text":
      return scope.pick("text", t.pick) ?? input;
    case "prompt":
      return `\`Improve \${${printText(t.head, scope)}} with \${${printText(t.tail, scope)}}\``;
    case "joined": {
      const replies = scope.pick("replies", t.pick);
      if (!replies) return '"none"';
      // A callback parameter may hide an outer name: its body reads only the parameter.
      const p = NAMES[t.param % NAMES.length]!;
      const filtered = t.filter ? `.filter((${p}) => ${p}.score > 0)` : "";
      return `${replies}${filtered}.map((${p}) => ${p}.answer).join("+")`;
    }
    case "maybe": {
      const maybe = scope.pick("maybe", t.pick);
      return maybe ? `(${maybe}?.answer ?? "none")` : '"none"';
    }
    case "bag": {
      const bag = scope.pick("bag", t.pick);
      return bag ? `JSON.stringify(${bag})` : '"{}"';
    }
    case "list": {
      const list = scope.pick("list", t.pick);
      return list ? `${list}.join("|")` : '""';
    }
    case "cond":
      return `(${printNum(t.test, scope)} > 1 ? ${printText(t.then, scope)} : ${printText(t.otherwise, scope)})`;
    case "shout":
      return `shout(${printText(t.of, scope)})`;
    case "upper":
      return `(${printText(t.of, scope)}).toUpperCase()`;
    case "wrap":
      return scope.localHelper ? `wrap(${printText(t.of, scope)})` : printText(t.of, scope);
    case "constant": {
      const constant = scope.pick("constant", t.pick);
      return constant ? `${constant}.query` : input;
    }
    case "ask": {
      const asks = scope.pick("asks", t.pick);
      return asks ? `${asks}[${t.index}]!.query` : input;
    }
    case "memory":
      return `this.memory.join("|")`;
  }
}

function printNum(n: Num, scope: Scope): string {
  switch (n.k) {
    case "input":
      return `(${scope.param}.n ?? 0)`;
    case "lit":
      return String(n.value);
    case "score": {
      const reply = scope.pick("reply", n.pick);
      return reply ? `${reply}.score` : "0";
    }
    case "num":
      return scope.pick("num", n.pick) ?? "0";
    case "length": {
      const replies = scope.pick("replies", n.pick);
      return replies ? `${replies}.length` : "0";
    }
    case "memorySize":
      return "this.memory.length";
    case "plus":
      return `(${printNum(n.left, scope)} + ${printNum(n.right, scope)})`;
  }
}

function indent(lines: string[], levels: number): string[] {
  const pad = "  ".repeat(levels);
  return lines.map((line) => (line ? pad + line : line));
}
