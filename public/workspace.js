// Live updates and keyboard shortcuts for the agent workspace. The pages work without this file:
// it only listens for changes (server-sent events) and adds shortcuts for the common actions.
(() => {
  const status = document.querySelector("[data-live-status]");
  const list = document.querySelector("[data-live-list]");
  const request = document.querySelector("[data-inquiry]");
  const typing = () => {
    const active = document.activeElement;
    return (
      active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT" || active.tagName === "SELECT")
    );
  };
  const say = (text) => {
    if (status) status.textContent = text;
  };

  if (window.EventSource) {
    const source = new EventSource("/staff/workspace/events");
    let pending = false;
    const refreshList = async () => {
      if (!list || pending) return;
      pending = true;
      try {
        const response = await fetch(location.href, {
          headers: { accept: "text/html" },
          credentials: "same-origin",
        });
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.querySelector("[data-live-list]");
        if (fresh && !typing()) {
          list.replaceWith(fresh);
          say(document.documentElement.dataset.updated || fresh.querySelector("caption")?.textContent || "");
        }
      } finally {
        pending = false;
      }
    };
    source.addEventListener("inquiry", (event) => {
      const change = JSON.parse(event.data);
      if (request && change.id === request.dataset.inquiry) {
        say(request.dataset.changedText || "This request changed. Reload the page to see the change.");
      } else {
        refreshList();
      }
    });
    source.addEventListener("agent", () => refreshList());
  }

  // Shortcuts: r reply, n note, e escalate reason, g get next, / language filter, ? help.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing()) return;
    const focus = (selector) => {
      const field = document.querySelector(selector);
      if (field) {
        event.preventDefault();
        field.focus();
      }
    };
    if (event.key === "r") focus("[data-shortcut='r']");
    else if (event.key === "n") focus("[data-shortcut='n']");
    else if (event.key === "e") focus("[data-shortcut='e']");
    else if (event.key === "/") focus("#language");
    else if (event.key === "g") {
      const button = document.querySelector("[data-shortcut-submit='g']");
      if (button) {
        event.preventDefault();
        button.form.submit();
      }
    }
  });
})();
