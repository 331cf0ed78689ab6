import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { Static } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { isLocale, type Locale, localizedPath } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { sendPage } from "../../ui/render.ts";
import { AssistantPage, type ShownMessage } from "./AssistantPage.tsx";
import { assistantService } from "./assistant-context.ts";
import type { ReplyAction } from "./assistant.reply.ts";
import { listTranscript } from "./assistant.repository.ts";
import { AssistantFormBody, CONVERSATION_ID } from "./assistant.schemas.ts";

/** The conversation so far as the page shows it: stored (masked) texts, with links to what each answer cited. */
async function shownMessages(
  app: App,
  conversationId: string,
  latestActions: ReplyAction[],
): Promise<ShownMessage[]> {
  const lines = await listTranscript(app.beacon.database.db, conversationId);
  const help = app.beacon.help;
  return lines.map((line, index) => {
    const language: Locale = isLocale(line.language) ? line.language : "en";
    const citations = line.citations.flatMap((slug) => {
      const found = help.article(slug, language);
      return found
        ? [{ slug, title: found.article.title, url: localizedPath(language, `/help/${slug}`) }]
        : [];
    });
    return {
      sender: line.sender,
      text: line.text,
      citations,
      actions: index === lines.length - 1 ? latestActions : [],
    };
  });
}

/** `/assistant` in every language, and the script and styles that make it live. */
export async function assistantPages(app: App): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(import.meta.dirname, "client"),
    prefix: "/assets/assistant/",
    decorateReply: false,
    maxAge: "1h",
  });
  const retentionDays = app.beacon.config.assistantRetentionDays;

  registerPage(app, "/assistant", (_request, reply, ctx) =>
    sendPage(
      reply,
      <AssistantPage ctx={ctx} conversationId={undefined} messages={[]} retentionDays={retentionDays} />,
    ),
  );

  registerPage(
    app,
    "/assistant",
    async (request, reply, ctx: PageContext) => {
      const body = request.body as Static<typeof AssistantFormBody>;
      const given =
        body.conversationId && CONVERSATION_ID.test(body.conversationId) ? body.conversationId : undefined;
      try {
        const answer = await assistantService(app).answer({
          message: body.message,
          locale: ctx.locale,
          conversationId: given,
          channel: "web",
          client: request.ip,
        });
        const messages = await shownMessages(app, answer.conversationId, answer.actions);
        return sendPage(
          reply,
          <AssistantPage
            ctx={ctx}
            conversationId={answer.conversationId}
            messages={messages}
            retentionDays={retentionDays}
          />,
        );
      } catch (error) {
        const key =
          isAppError(error) && error.code === "INVALID_INPUT" ? error.fields[0]?.messageKey : undefined;
        if (!key) throw error;
        const messages = given ? await shownMessages(app, given, []) : [];
        return sendPage(
          reply,
          <AssistantPage
            ctx={ctx}
            conversationId={given}
            messages={messages}
            draft={key === "assistant.error.binary" ? "" : body.message.slice(0, 5000)}
            error={ctx.t(key)}
            retentionDays={retentionDays}
          />,
          400,
        );
      }
    },
    { method: "POST", schema: { body: AssistantFormBody }, csrfExempt: true },
  );
}
