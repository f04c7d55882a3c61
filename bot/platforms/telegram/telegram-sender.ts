import { Telegram } from "telegraf";
import type { OutMessage } from "../../kernel/out-message.js";
import { type NativeQuiz, SendError, type Sender, type SendFailure } from "../../kernel/sender.js";
import { renderHtml } from "./render-html.js";
import { withTimeouts } from "./with-timeouts.js";

/**
 * Broadcast sends on the Bot API: one attempt per call, failures classified
 * for the dispatcher (which owns pacing and retries). A client of its own,
 * without the adapter's retry wrapper, so a 429 is reported, not slept on.
 */
export class TelegramSender implements Sender {
  readonly platform = "telegram" as const;
  private readonly telegram: Telegram;

  constructor(token: string, apiRoot?: string, timeoutMs = 30_000) {
    this.telegram = new Telegram(token, { apiRoot: apiRoot ?? "https://api.telegram.org" });
    // A hung call would hold a send slot forever; timed out, it is retried like any transient error.
    withTimeouts(this.telegram, timeoutMs);
  }

  async send(chatId: string, message: OutMessage): Promise<{ messageIds: string[] }> {
    const parts = renderHtml(message);
    const keyboard = (message.buttons ?? []).map((row) =>
      row.map((b) => ({ text: b.label, callback_data: b.data })),
    );
    const ids: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      try {
        const sent = await this.telegram.sendMessage(chatId, parts[i] ?? "", {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(last && keyboard.length > 0 ? { reply_markup: { inline_keyboard: keyboard } } : {}),
        });
        ids.push(String(sent.message_id));
      } catch (error) {
        throw new SendError(classify(error), describe(error));
      }
    }
    return { messageIds: ids };
  }

  /** A non-anonymous quiz poll (answers are attributable through poll_answer updates). */
  async sendQuiz(chatId: string, quiz: NativeQuiz): Promise<{ pollId: string; messageId: string }> {
    try {
      // Through callApi: the Bot API's poll options have outgrown telegraf's sendQuiz types.
      const message = (await this.telegram.callApi("sendPoll", {
        chat_id: chatId,
        question: quiz.question,
        options: quiz.options.map((text) => ({ text })),
        type: "quiz",
        is_anonymous: false,
        correct_option_id: quiz.correctOption,
        ...(quiz.explanation ? { explanation: quiz.explanation } : {}),
        ...(quiz.openPeriodSeconds ? { open_period: quiz.openPeriodSeconds } : {}),
      } as never)) as unknown as { message_id: number; poll?: { id: string } };
      return { pollId: String(message.poll?.id ?? ""), messageId: String(message.message_id) };
    } catch (error) {
      throw new SendError(classify(error), describe(error));
    }
  }

  async stopQuiz(chatId: string, messageId: string): Promise<void> {
    await this.telegram.callApi("stopPoll", {
      chat_id: chatId,
      message_id: Number(messageId),
    } as never);
  }
}

/** Bot API errors → what the dispatcher should do about them. */
export function classify(error: unknown): SendFailure {
  const e = error as {
    code?: unknown;
    description?: string;
    response?: {
      description?: string;
      parameters?: { retry_after?: number; migrate_to_chat_id?: number };
    };
  };
  const params = e.response?.parameters;
  if (e.code === 429)
    return { kind: "rate-limited", retryAfterMs: (params?.retry_after ?? 1) * 1000 };
  if (params?.migrate_to_chat_id !== undefined)
    return { kind: "moved", newChatId: String(params.migrate_to_chat_id) };
  const description = e.response?.description ?? e.description ?? "";
  if (e.code === 403) return { kind: "permanent" };
  if (
    e.code === 400 &&
    /chat not found|bot is not a member|bot was kicked|group chat was deactivated|CHAT_WRITE_FORBIDDEN|have no rights to send|not enough rights|PEER_ID_INVALID|user is deactivated/i.test(
      description,
    )
  )
    return { kind: "permanent" };
  if (typeof e.code === "number" && e.code >= 400 && e.code < 500) return { kind: "rejected" };
  return { kind: "transient" };
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; response?: { description?: string }; message?: string };
  return e.response?.description
    ? `${String(e.code)}: ${e.response.description}`
    : (e.message ?? String(error));
}
