/*
 * The live assistant on /assistant: sends each message through the API and adds the answer to the
 * conversation without reloading the page. Loaded as a module, so a browser too old for it never
 * runs it, and the same form posts to the server and the page comes back with the answer. Text is
 * only ever set with textContent, never as HTML.
 */
const form = document.querySelector("[data-assistant-form]");
const log = document.querySelector("[data-assistant-log]");
const status = document.querySelector("[data-assistant-status]");

const element = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

const addLinks = (item, label, list) => {
  if (!list || list.length === 0) return;
  item.appendChild(element("p", "beacon-assistant__label", label));
  const ul = element("ul", "usa-list beacon-assistant__links");
  for (const link of list) {
    const li = element("li");
    const a = element("a", "usa-link", link.title ?? link.label);
    a.href = link.url ?? link.href;
    li.appendChild(a);
    ul.appendChild(li);
  }
  item.appendChild(ul);
};

const start = () => {
  const box = form.querySelector("textarea[name=message]");
  const error = form.querySelector("[data-assistant-error]");
  const button = form.querySelector("button[type=submit]");
  const data = form.dataset;
  let busy = false;

  const add = (sender, text, citations, actions) => {
    const previous = document.getElementById("latest");
    if (previous) {
      previous.removeAttribute("id");
      previous.removeAttribute("tabindex");
    }
    const item = element("li", `beacon-assistant__message beacon-assistant__message--${sender}`);
    item.appendChild(
      element("p", "beacon-assistant__sender", sender === "person" ? data.you : data.assistant),
    );
    for (const paragraph of String(text).split(/\n{2,}/))
      item.appendChild(element("p", "beacon-assistant__text", paragraph));
    addLinks(item, data.sources, citations);
    addLinks(item, data.nextSteps, actions);
    log.appendChild(item);
    return item;
  };

  const showError = (message) => {
    error.textContent = message;
    error.hidden = false;
    box.setAttribute("aria-invalid", "true");
    box.focus();
  };

  const clearError = () => {
    error.textContent = "";
    error.hidden = true;
    box.removeAttribute("aria-invalid");
  };

  const conversationField = () => {
    let field = form.querySelector("input[name=conversationId]");
    if (!field) {
      field = element("input");
      field.type = "hidden";
      field.name = "conversationId";
      form.appendChild(field);
    }
    return field;
  };

  const send = async (text) => {
    const conversation = conversationField();
    const body = { message: text, locale: data.locale };
    if (conversation.value) body.conversationId = conversation.value;
    try {
      const response = await fetch(data.api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      const json = await response.json();
      if (!response.ok) {
        showError(json?.error?.fields?.[0]?.message ?? json?.error?.message ?? data.failed);
        status.textContent = "";
        return;
      }
      conversation.value = json.conversationId;
      add("person", text);
      add("assistant", json.reply.text, json.citations, json.actions).id = "latest";
      box.value = "";
      status.textContent = json.reply.text;
    } catch {
      showError(data.failed);
      status.textContent = "";
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const text = box.value;
    if (!text.replace(/\s/g, "")) {
      showError(data.empty);
      return;
    }
    clearError();
    busy = true;
    button.disabled = true;
    status.textContent = data.sending;
    await send(text);
    busy = false;
    button.disabled = false;
  });
};

if (form && log && status) start();
