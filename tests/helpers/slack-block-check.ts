/**
 * What chat.postMessage refuses as `invalid_blocks`, from Slack's Block Kit
 * reference, so the fake Web API refuses it too: more than 50 blocks, a
 * header over 150 characters, section text over 3,000, a context with more
 * than 10 elements, an actions block with more than 25, a button label over
 * 75, an action_id over 255 or used twice in the message, a value over 2,000.
 */

interface Text {
  type?: string;
  text?: string;
}
interface Element {
  type?: string;
  text?: Text | string;
  action_id?: string;
  value?: string;
}
interface Block {
  type?: string;
  text?: Text;
  elements?: Element[];
}

const length = (text: string | undefined) => Array.from(text ?? "").length;

/** Why Slack would refuse these blocks (its error detail), or undefined. */
export function slackBlocksProblem(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return "blocks must be an array";
  if (blocks.length > 50) return `${blocks.length} blocks (at most 50)`;
  const actionIds = new Set<string>();
  for (const [i, block] of (blocks as Block[]).entries()) {
    const at = `block ${i} (${block.type})`;
    switch (block.type) {
      case "header":
        if (block.text?.type !== "plain_text") return `${at}: a header takes plain_text`;
        if (length(block.text.text) > 150) return `${at}: header text over 150 characters`;
        break;
      case "section":
        if (length(block.text?.text) > 3000) return `${at}: section text over 3000 characters`;
        if (length(block.text?.text) === 0) return `${at}: empty section text`;
        break;
      case "context": {
        const elements = block.elements ?? [];
        if (elements.length === 0 || elements.length > 10) return `${at}: 1–10 elements`;
        for (const e of elements) {
          const text = typeof e.text === "string" ? e.text : e.text?.text;
          if (length(text) > 3000) return `${at}: element text over 3000 characters`;
        }
        break;
      }
      case "actions": {
        const elements = block.elements ?? [];
        if (elements.length === 0 || elements.length > 25) return `${at}: 1–25 elements`;
        for (const e of elements) {
          const label = typeof e.text === "string" ? e.text : e.text?.text;
          if (e.type === "button" && length(label) > 75) return `${at}: button text over 75`;
          if (length(e.action_id) > 255) return `${at}: action_id over 255 characters`;
          if (e.action_id !== undefined) {
            if (actionIds.has(e.action_id)) return `${at}: duplicate action_id ${e.action_id}`;
            actionIds.add(e.action_id);
          }
          if (length(e.value) > 2000) return `${at}: button value over 2000 characters`;
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}
