// Retrieval fan-out: query every source at once, let a reader answer from each source's passage,
// then synthesize one answer. Written as plain sequential-looking async code; the transformer
// turns it into a graph where the three retrieve -> read chains run side by side.
import { JudgeSynthesis, ModelUnit, Operator, structuralJit } from "xcs-jit";
import { CORPUS } from "./corpus.js";
import { SearchIndex } from "./search-index.js";

export interface Question {
  query: string;
}

export interface SourcedAnswer {
  answer: string;
  reasoning: string;
  sources: string[];
}

/** One source: retrieve the best passage, then answer the question from it. */
@structuralJit
export class ReadSource extends Operator<Question, { source: string; answer: string }> {
  constructor(
    readonly index: SearchIndex,
    readonly reader: ModelUnit,
  ) {
    super();
  }

  async forward(inputs: Question) {
    const hit = await this.index.invoke({ query: inputs.query });
    const reply = await this.reader.invoke({
      query: `Answer from this passage only.\nPassage: ${hit.passage}\nQuestion: ${inputs.query}`,
    });
    return { source: hit.source, answer: reply.answer };
  }
}

@structuralJit
export class RetrievalFanOut extends Operator<Question, SourcedAnswer> {
  readers: ReadSource[];
  synthesizer: JudgeSynthesis;

  constructor(model: string, searchLatencyMs: number) {
    super();
    this.readers = Object.entries(CORPUS).map(
      ([source, passages], i) =>
        new ReadSource(new SearchIndex(source, passages, searchLatencyMs), new ModelUnit({ model, seed: i })),
    );
    this.synthesizer = new JudgeSynthesis({ model });
  }

  async forward(inputs: Question): Promise<SourcedAnswer> {
    const drafts = await Promise.all(this.readers.map((r) => r.invoke({ query: inputs.query })));
    const final = await this.synthesizer.invoke({
      query: inputs.query,
      candidates: drafts.map((d) => d.answer),
    });
    return { answer: final.answer, reasoning: final.reasoning, sources: drafts.map((d) => d.source) };
  }
}
