import type { TemplateCard } from "@wecom/aibot-node-sdk";

/**
 * The cards this process sent, by task_id, so a button press can update its
 * card (WeCom's update replaces the whole card and needs it again). Bounded:
 * the oldest are forgotten first, and a press on a forgotten card (or one
 * sent before a restart) simply gets no card update.
 */
export class CardMemory {
  private readonly cards = new Map<string, TemplateCard>();

  constructor(private readonly max = 5_000) {}

  remember(card: TemplateCard): void {
    if (!card.task_id) return;
    this.cards.delete(card.task_id);
    this.cards.set(card.task_id, card);
    while (this.cards.size > this.max) {
      const oldest = this.cards.keys().next().value;
      if (oldest === undefined) break;
      this.cards.delete(oldest);
    }
  }

  get(taskId: string): TemplateCard | undefined {
    return this.cards.get(taskId);
  }
}
