// A live character count for the request forms' text areas, in the page's language: the sentences
// come from the server in data attributes (USWDS's own counter speaks only English). Without
// JavaScript the limit is still said in words and the server checks it.
(() => {
  const areas = document.querySelectorAll("textarea[data-count-limit]");
  for (const area of areas) {
    const limit = Number(area.dataset.countLimit);
    if (!limit) continue;
    const visible = document.createElement("span");
    visible.className = "usa-hint display-block margin-top-05";
    visible.setAttribute("aria-hidden", "true");
    const spoken = document.createElement("span");
    spoken.className = "usa-sr-only";
    spoken.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", spoken);
    area.insertAdjacentElement("afterend", visible);
    const number = new Intl.NumberFormat(document.documentElement.lang || undefined);
    const sentence = () => {
      const left = limit - area.value.length;
      const template = left >= 0 ? area.dataset.countLeft : area.dataset.countOver;
      return (template || "").replace("{count}", number.format(Math.abs(left)));
    };
    let timer;
    const update = () => {
      visible.textContent = sentence();
      clearTimeout(timer);
      // Screen readers hear the count once typing pauses, not at every key.
      timer = setTimeout(() => {
        spoken.textContent = sentence();
      }, 1000);
    };
    visible.textContent = sentence();
    area.addEventListener("input", update);
  }
})();
