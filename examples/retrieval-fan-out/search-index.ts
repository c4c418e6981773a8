// A stand-in for a search backend (a vector store, a web search API): a small in-memory corpus
// ranked by word overlap with the query, answering after a fixed delay like a network call.
import { Operator } from "xcs-jit";

export interface SearchRequest {
  query: string;
}

export interface SearchHit {
  source: string;
  passage: string;
}

export class SearchIndex extends Operator<SearchRequest, SearchHit> {
  constructor(
    readonly source: string,
    private readonly passages: readonly string[],
    private readonly latencyMs: number,
  ) {
    super();
  }

  async forward(inputs: SearchRequest): Promise<SearchHit> {
    await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const queryWords = new Set(words(inputs.query));
    // Best overlap wins; ties keep corpus order, so the hit is deterministic.
    let best = this.passages[0] ?? "";
    let bestScore = -1;
    for (const passage of this.passages) {
      const score = words(passage).filter((word) => queryWords.has(word)).length;
      if (score > bestScore) [best, bestScore] = [passage, score];
    }
    return { source: this.source, passage: best };
  }
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+/g) ?? [];
}
