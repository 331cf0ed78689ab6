// Live figures for the supervisors' dashboard. Without this script the page still shows every
// figure as of when it was loaded; with it, the page hears about changes from the workspace's
// server-sent events, fetches the figures again (at most every few seconds), updates them in
// place and says what changed on the status line (aria-live="polite"), not the whole table.
(() => {
  // "Select all shown": one button instead of up to 100 clicks. Without it, each box still works.
  const form = document.querySelector("form[data-select-all]");
  const boxes = form ? form.querySelectorAll('input[name="inquiry"]') : [];
  const table = document.getElementById("inquiries");
  if (form && table && boxes.length > 1) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "usa-button usa-button--outline margin-bottom-1";
    button.textContent = form.getAttribute("data-select-all");
    button.addEventListener("click", () => {
      for (const box of boxes) box.checked = true;
    });
    table.insertAdjacentElement("beforebegin", button);
  }
})();

(() => {
  const root = document.querySelector("[data-supervisor-live]");
  if (!root || !window.fetch) return;
  const summaryUrl = root.getAttribute("data-summary");
  const status = document.getElementById("supervisor-status");
  const asOf = root.querySelector("[data-as-of]");
  const MIN_GAP_MS = 5000;
  const POLL_MS = 60000;
  let lastSignature;
  let lastFetch = 0;
  let timer;
  let stopped = false;

  const say = (text) => {
    if (status && status.textContent !== text) status.textContent = text;
  };

  const setText = (element, text) => {
    if (element && element.textContent !== text) element.textContent = text;
  };

  const sameRows = (tbody, rows) => {
    const keys = Array.from(tbody.querySelectorAll("tr[data-row]"), (row) => row.getAttribute("data-row"));
    return keys.length === rows.length && rows.every((row, index) => row.key === keys[index]);
  };

  const updateRows = (tbody, rows) => {
    for (const row of rows) {
      const tr = tbody.querySelector(`tr[data-row="${CSS.escape(row.key)}"]`);
      for (const [name, text] of Object.entries(row.cells)) {
        setText(tr?.querySelector(`[data-cell="${name}"]`), text);
      }
    }
  };

  // A queue or an agent came or went: take those rows from a fresh copy of this page.
  const replaceTables = async () => {
    const response = await fetch(window.location.href, {
      credentials: "same-origin",
      headers: { "x-beacon-background": "1" },
    });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const name of ["queues", "agents"]) {
      const current = root.querySelector(`tbody[data-live="${name}"]`);
      const replacement = fresh.querySelector(`tbody[data-live="${name}"]`);
      if (current && replacement) current.replaceWith(document.adoptNode(replacement));
    }
  };

  const stop = () => {
    stopped = true;
    say(root.getAttribute("data-stale") || "");
  };

  const refresh = async () => {
    if (stopped) return;
    timer = undefined;
    lastFetch = Date.now();
    let summary;
    try {
      const response = await fetch(summaryUrl, {
        credentials: "same-origin",
        // Not the supervisor's activity: an open dashboard must not keep the session alive.
        headers: { accept: "application/json", "x-beacon-background": "1" },
      });
      // Signed out (the session ended) or a server problem: say the figures are no longer live.
      if (!response.ok || !(response.headers.get("content-type") || "").includes("application/json")) {
        stop();
        return;
      }
      summary = await response.json();
    } catch {
      return;
    }
    setText(asOf, summary.asOf);
    for (const [name, text] of Object.entries(summary.totals)) {
      for (const element of document.querySelectorAll(`[data-total="${name}"]`)) setText(element, text);
    }
    const queues = root.querySelector('tbody[data-live="queues"]');
    const agents = root.querySelector('tbody[data-live="agents"]');
    if (queues && agents && sameRows(queues, summary.queues) && sameRows(agents, summary.agents)) {
      updateRows(queues, summary.queues);
      updateRows(agents, summary.agents);
    } else {
      await replaceTables().catch(() => undefined);
    }
    if (lastSignature !== undefined && summary.signature !== lastSignature) say(summary.announcement);
    lastSignature = summary.signature;
  };

  // Many changes at once make one fetch: never more often than every MIN_GAP_MS.
  const schedule = () => {
    if (stopped || timer !== undefined || document.hidden) return;
    const wait = Math.max(1000, lastFetch + MIN_GAP_MS - Date.now());
    timer = setTimeout(refresh, wait);
  };

  let poll;
  const startPolling = () => {
    if (poll === undefined) poll = setInterval(schedule, POLL_MS);
  };

  if (window.EventSource) {
    const source = new EventSource("/staff/workspace/events");
    for (const name of ["inquiry", "agent", "overflow", "message"]) source.addEventListener(name, schedule);
    source.addEventListener("error", () => {
      // The browser reconnects by itself unless the server refused the stream; then poll instead.
      if (source.readyState === EventSource.CLOSED) startPolling();
    });
    source.addEventListener("open", schedule);
  } else {
    startPolling();
  }
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) schedule();
  });
  refresh();
})();
