import { localizedPath } from "../../platform/i18n/locales.ts";
import { Layout } from "../../ui/Layout.tsx";
import type { PageContext } from "../../ui/page-context.ts";
import type { ReplyAction, ReplyCitation } from "./assistant.reply.ts";

export interface ShownMessage {
  sender: "person" | "assistant";
  text: string;
  citations: ReplyCitation[];
  actions: ReplyAction[];
}

interface AssistantPageProps {
  ctx: PageContext;
  conversationId: string | undefined;
  messages: ShownMessage[];
  /** The message to show again in the box (after a refusal). */
  draft?: string;
  error?: string;
  retentionDays: number;
}

/** A reply's text: paragraphs separated by blank lines, lines kept. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={String(index)} class="beacon-assistant__text">
          {paragraph}
        </p>
      ))}
    </>
  );
}

function Message({ ctx, message, latest }: { ctx: PageContext; message: ShownMessage; latest: boolean }) {
  const { t } = ctx;
  const person = message.sender === "person";
  return (
    <li
      class={`beacon-assistant__message beacon-assistant__message--${message.sender}`}
      id={latest ? "latest" : undefined}
      tabIndex={latest ? -1 : undefined}
    >
      <p class="beacon-assistant__sender">{person ? t("assistant.you") : t("assistant.assistant")}</p>
      <Paragraphs text={message.text} />
      {message.citations.length > 0 && (
        <>
          <p class="beacon-assistant__label">{t("assistant.sources")}</p>
          <ul class="usa-list beacon-assistant__links">
            {message.citations.map((citation) => (
              <li key={citation.slug}>
                <a class="usa-link" href={citation.url}>
                  {citation.title}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {message.actions.length > 0 && (
        <>
          <p class="beacon-assistant__label">{t("assistant.nextSteps")}</p>
          <ul class="usa-list beacon-assistant__links">
            {message.actions.map((action) => (
              <li key={action.href}>
                <a class="usa-link" href={action.href}>
                  {action.label}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

/**
 * `/assistant`: the conversation so far and a form. Without JavaScript every message is a form
 * post and the page comes back with the answer; assistant.js makes it live through the API.
 */
export function AssistantPage({
  ctx,
  conversationId,
  messages,
  draft,
  error,
  retentionDays,
}: AssistantPageProps) {
  const { t, locale } = ctx;
  const action = localizedPath(locale, "/assistant");
  return (
    <Layout ctx={ctx} title={t("assistant.title")}>
      <link rel="stylesheet" href="/assets/assistant/assistant.css" />
      <h1>{t("assistant.title")}</h1>
      <p class="usa-intro">{t("assistant.lead")}</p>
      <section aria-labelledby="conversation-heading" class="beacon-assistant">
        <h2 id="conversation-heading" class="usa-sr-only">
          {t("assistant.conversation")}
        </h2>
        <ol class="beacon-assistant__log" data-assistant-log>
          {messages.map((message, index) => (
            <Message
              key={String(index)}
              ctx={ctx}
              message={message}
              latest={index === messages.length - 1 && message.sender === "assistant"}
            />
          ))}
        </ol>
        <p class="beacon-assistant__status usa-sr-only" data-assistant-status role="status" />
      </section>
      <form
        class="usa-form usa-form--large beacon-assistant__form"
        method="post"
        action={`${action}#latest`}
        data-assistant-form
        data-api="/api/v1/assistant/messages"
        data-locale={locale}
        data-you={t("assistant.you")}
        data-assistant={t("assistant.assistant")}
        data-sources={t("assistant.sources")}
        data-next-steps={t("assistant.nextSteps")}
        data-sending={t("assistant.sending")}
        data-failed={t("assistant.failed")}
        data-empty={t("assistant.error.empty")}
      >
        {conversationId && <input type="hidden" name="conversationId" value={conversationId} />}
        <div class={`usa-form-group${error ? " usa-form-group--error" : ""}`}>
          <label class={`usa-label${error ? " usa-label--error" : ""}`} for="assistant-message">
            {t("assistant.label")}
          </label>
          <span class="usa-hint" id="assistant-hint">
            {t("assistant.privacy", { count: retentionDays })}
          </span>
          <span
            class="usa-error-message"
            id="assistant-error"
            role="alert"
            data-assistant-error
            hidden={error ? undefined : true}
          >
            {error ?? ""}
          </span>
          <textarea
            class={`usa-textarea${error ? " usa-input--error" : ""}`}
            id="assistant-message"
            name="message"
            rows={3}
            aria-describedby="assistant-hint assistant-error"
            aria-invalid={error ? "true" : undefined}
          >
            {draft ?? ""}
          </textarea>
        </div>
        <button class="usa-button" type="submit">
          {t("assistant.send")}
        </button>
      </form>
      {conversationId && (
        <p>
          <a class="usa-link" href={action}>
            {t("assistant.newConversation")}
          </a>
        </p>
      )}
      <script type="module" src="/assets/assistant/assistant.js" />
    </Layout>
  );
}
