import type { CaseFields } from "./case-notice.js";

export type FlowStep = "title" | "facts" | "result" | "lesson";

const NEXT: Record<FlowStep, FlowStep | undefined> = {
  title: "facts",
  facts: "result",
  result: "lesson",
  lesson: undefined,
};

interface Flow {
  step: FlowStep;
  fields: CaseFields;
  at: number;
}

/**
 * The guided authoring conversation (title → facts → result → lesson →
 * review), one per admin, in memory: an abandoned flow expires and costs
 * nothing stored, since the draft is only written at the end.
 */
export class CaseFlows {
  private readonly flows = new Map<string, Flow>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 30 * 60_000,
  ) {}

  start(key: string): FlowStep {
    this.flows.set(key, {
      step: "title",
      fields: { title: "", facts: "", people: [], tags: [] },
      at: this.now(),
    });
    return "title";
  }

  active(key: string): boolean {
    const flow = this.flows.get(key);
    if (flow && this.now() - flow.at > this.ttlMs) this.flows.delete(key);
    return this.flows.has(key);
  }

  cancel(key: string): void {
    this.flows.delete(key);
  }

  /** Takes the answer to the current step: the next step, or the finished fields. */
  answer(key: string, text: string): { next: FlowStep } | { done: CaseFields } | undefined {
    const flow = this.flows.get(key);
    if (!flow) return undefined;
    const value = /^(跳过|skip)$/i.test(text.trim()) ? "" : text.trim();
    if (flow.step === "title") flow.fields.title = value;
    else if (flow.step === "facts") flow.fields.facts = value;
    else if (flow.step === "result") flow.fields.result = value || undefined;
    else flow.fields.lesson = value || undefined;
    // Title and facts are required: ask again rather than move on.
    if ((flow.step === "title" || flow.step === "facts") && value === "")
      return { next: flow.step };
    flow.at = this.now();
    const next = NEXT[flow.step];
    if (!next) {
      this.flows.delete(key);
      return { done: flow.fields };
    }
    flow.step = next;
    return { next };
  }
}
