import type { Log } from "../../kernel/log.js";
import type { OutMessage } from "../../kernel/out-message.js";
import { cardTrackId, freshUnique, targetOf } from "./chat-target.js";
import { DeliveryRefused, UserFlowControlled } from "./classify-failure.js";
import { DingTalkApiError, type OpenApi } from "./open-api.js";
import { buttonsJson, type DingTalkPart, renderParts } from "./render-parts.js";

export interface MessengerOptions {
  api: OpenApi;
  robotCode: string;
  cardTemplateId: string;
  log: Log;
}

export interface DeliverOptions {
  /** An outbox row: its cards get ids derived from it, so a resend is recognised. */
  outboxId?: number | undefined;
  /** A robot message's session webhook: markdown replies through it need no token or API quota. */
  webhook?: string | undefined;
}

interface CreateAndDeliverAnswer {
  result?: {
    deliverResults?: { success?: boolean; errorMsg?: string; carrierId?: string }[];
  };
}

interface BatchSendAnswer {
  processQueryKey?: string;
  invalidStaffIdList?: string[];
  flowControlledStaffIdList?: string[];
}

/**
 * Puts an OutMessage into a DingTalk chat, part by part in reading order:
 * markdown through the robot message APIs (groupMessages/send for a group,
 * oToMessages/batchSend for a person) or a reply's session webhook, and the
 * part with buttons as an interactive card (card/instances/createAndDeliver,
 * callbackType STREAM: presses come back over the Stream connection). One
 * attempt per API call; the first failure is thrown.
 */
export class Messenger {
  constructor(private readonly o: MessengerOptions) {}

  /** Resolves with one id per part: processQueryKey for messages, outTrackId for cards. */
  async deliver(
    chatId: string,
    message: OutMessage,
    options: DeliverOptions = {},
  ): Promise<string[]> {
    const ids: string[] = [];
    const parts = renderParts(message);
    for (const [i, part] of parts.entries()) {
      if (part.kind === "markdown") ids.push(await this.markdown(chatId, part, options.webhook));
      else {
        const unique =
          options.outboxId !== undefined && options.outboxId > 0
            ? `o${options.outboxId}p${i}`
            : freshUnique();
        ids.push(await this.card(chatId, part, cardTrackId(chatId, unique)));
      }
    }
    return ids;
  }

  private async markdown(
    chatId: string,
    part: Extract<DingTalkPart, { kind: "markdown" }>,
    webhook: string | undefined,
  ): Promise<string> {
    if (webhook) {
      try {
        await this.o.api.postWebhook(webhook, {
          msgtype: "markdown",
          markdown: { title: part.title, text: part.text },
        });
        return "webhook";
      } catch (error) {
        // Expired (it lives about 90 minutes) or refused: the API reaches the same chat.
        this.o.log("debug", "dingtalk session webhook failed; sending through the API", {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    const msgParam = JSON.stringify({ title: part.title, text: part.text });
    const target = targetOf(chatId);
    if (target.kind === "group") {
      const answer = await this.o.api.post<{ processQueryKey?: string }>(
        "/v1.0/robot/groupMessages/send",
        {
          robotCode: this.o.robotCode,
          openConversationId: target.openConversationId,
          msgKey: "sampleMarkdown",
          msgParam,
        },
      );
      return answer?.processQueryKey ?? "";
    }
    const answer = await this.o.api.post<BatchSendAnswer>("/v1.0/robot/oToMessages/batchSend", {
      robotCode: this.o.robotCode,
      userIds: [target.userId],
      msgKey: "sampleMarkdown",
      msgParam,
    });
    if (answer?.invalidStaffIdList?.includes(target.userId))
      throw new DeliveryRefused(`staff id not found: ${target.userId}`);
    if (answer?.flowControlledStaffIdList?.includes(target.userId))
      throw new UserFlowControlled(target.userId);
    return answer?.processQueryKey ?? "";
  }

  private async card(
    chatId: string,
    part: Extract<DingTalkPart, { kind: "card" }>,
    outTrackId: string,
  ): Promise<string> {
    const target = targetOf(chatId);
    const space =
      target.kind === "group"
        ? {
            openSpaceId: `dtv1.card//IM_GROUP.${target.openConversationId}`,
            imGroupOpenSpaceModel: {
              supportForward: false,
              lastMessageI18n: { ZH_CN: part.title },
            },
            imGroupOpenDeliverModel: { robotCode: this.o.robotCode },
          }
        : {
            openSpaceId: `dtv1.card//IM_ROBOT.${target.userId}`,
            imRobotOpenSpaceModel: {
              supportForward: false,
              lastMessageI18n: { ZH_CN: part.title },
            },
            imRobotOpenDeliverModel: { spaceType: "IM_ROBOT", robotCode: this.o.robotCode },
          };
    let answer: CreateAndDeliverAnswer;
    try {
      answer = await this.o.api.post<CreateAndDeliverAnswer>(
        "/v1.0/card/instances/createAndDeliver",
        {
          cardTemplateId: this.o.cardTemplateId,
          outTrackId,
          callbackType: "STREAM",
          cardData: {
            cardParamMap: { markdown: part.markdown, sys_full_json_obj: buttonsJson(part.buttons) },
          },
          userIdType: 1,
          ...space,
        },
      );
    } catch (error) {
      // The same outbox row sent again after a crash: that card is already in the chat.
      if (error instanceof DingTalkApiError && error.code === "param.cardAlreadyExist")
        return outTrackId;
      throw error;
    }
    const refused = (answer?.result?.deliverResults ?? []).find((r) => r.success === false);
    if (refused) throw new DeliveryRefused(refused.errorMsg ?? "card not delivered");
    return outTrackId;
  }
}
