import type { App } from "../../platform/http/types.ts";
import type { Locale } from "../../platform/i18n/locales.ts";
import { assistantService } from "./assistant-context.ts";
import { AssistantMessageBody, AssistantReplyBody } from "./assistant.schemas.ts";
import { messageProblem, refusalLanguage } from "./assistant.service.ts";

/**
 * `POST /api/v1/assistant/messages`: one message in, one answer out. No CSRF token: the assistant
 * never reads the session, so a forged request can do nothing the forger could not do directly
 * (and cannot read the answer).
 */
export async function assistantRoutes(app: App): Promise<void> {
  // A serving process builds the engine as it starts listening (the help centre has loaded by
  // then), not on its first message; apps that never listen (tests) build it only if asked.
  app.addHook("onListen", () => assistantService(app).warm());
  app.post(
    "/api/v1/assistant/messages",
    {
      config: { access: "public", csrfExempt: true },
      schema: { body: AssistantMessageBody, response: { 200: AssistantReplyBody } },
    },
    async (request) => {
      const { message, conversationId } = request.body;
      const locale = request.body.locale as Locale | undefined;
      // A refused message is explained in its own language when it has one.
      if (messageProblem(message)) request.locale = refusalLanguage(message, locale, request.locale);
      const answer = await assistantService(app).answer({
        message,
        locale: locale ?? request.locale,
        conversationId,
        channel: "api",
        client: request.ip,
      });
      return {
        conversationId: answer.conversationId,
        language: answer.language,
        reply: { text: answer.text },
        citations: answer.citations,
        intent: answer.intent,
        actions: answer.actions,
        handoff: answer.handoff,
      };
    },
  );
}
