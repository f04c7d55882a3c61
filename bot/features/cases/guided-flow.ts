import type { SharedState } from "../../kernel/shared-state.js";
import type { CaseFields } from "./case-notice.js";

export type FlowStep = "title" | "facts" | "result" | "lesson";

const NEXT: Record<FlowStep, FlowStep | undefined> = {
  title: "facts",
  facts: "result",
  result: "lesson",
  lesson: undefined,
};

const SCOPE = "cases.flow";

interface Flow {
  step: FlowStep;
  fields: CaseFields;
}

/**
 * The guided authoring conversation (title → facts → result → lesson →
 * review), one per admin, in SharedState so each answer may reach any
 * instance: an abandoned flow expires and costs nothing stored, since the
 * draft is only written at the end.
 */
export class CaseFlows {
  constructor(
    private readonly state: SharedState,
    private readonly ttlMs = 30 * 60_000,
  ) {}

  async start(key: string): Promise<FlowStep> {
    const flow: Flow = { step: "title", fields: { title: "", facts: "", people: [], tags: [] } };
    await this.state.set(SCOPE, key, flow, this.ttlMs);
    return "title";
  }

  async active(key: string): Promise<boolean> {
    return (await this.state.get<Flow>(SCOPE, key)) !== undefined;
  }

  async cancel(key: string): Promise<void> {
    await this.state.delete(SCOPE, key);
  }

  /** Takes the answer to the current step: the next step, or the finished fields. */
  async answer(
    key: string,
    text: string,
  ): Promise<{ next: FlowStep } | { done: CaseFields } | undefined> {
    const flow = await this.state.get<Flow>(SCOPE, key);
    if (!flow) return undefined;
    const value = /^(跳过|skip)$/i.test(text.trim()) ? "" : text.trim();
    if (flow.step === "title") flow.fields.title = value;
    else if (flow.step === "facts") flow.fields.facts = value;
    else if (flow.step === "result") flow.fields.result = value || undefined;
    else flow.fields.lesson = value || undefined;
    // Title and facts are required: ask again rather than move on.
    if ((flow.step === "title" || flow.step === "facts") && value === "")
      return { next: flow.step };
    const next = NEXT[flow.step];
    if (!next) {
      await this.state.delete(SCOPE, key);
      return { done: flow.fields };
    }
    flow.step = next;
    // Each answer gives the admin another ttl, as before.
    await this.state.set(SCOPE, key, withoutUndefined(flow), this.ttlMs);
    return { next };
  }
}

/** JSON drops undefined fields anyway; dropping them here keeps memory and database alike. */
function withoutUndefined(flow: Flow): Flow {
  return JSON.parse(JSON.stringify(flow)) as Flow;
}
