// Small progressive enhancements; every page works without JavaScript.
(() => {
  // The error summary of a failed submit: focus it, which also scrolls the form with the errors into view
  // (forms low on a long page would otherwise reload at the top with the errors out of sight).
  function focusErrorSummary(root) {
    const summary = (root || document).querySelector("[data-error-summary]");
    if (summary) {
      summary.focus({ preventScroll: true });
      summary.scrollIntoView({ block: "start" });
    }
    return summary;
  }

  // A link in the error summary moves focus to its field and shows the field's label or legend with it.
  function followErrorLink(event) {
    const link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    const input = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!input) return;
    event.preventDefault();
    const fieldset = input.closest("fieldset");
    const label = (fieldset && fieldset.querySelector("legend")) || document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
    (label || input).scrollIntoView({ block: "start" });
    input.focus({ preventScroll: true });
  }

  // The main menu on a narrow screen: a "Menu" button shows and hides the navigation (aria-expanded).
  function setUpMenu() {
    const header = document.querySelector("[data-menu]");
    const button = header && header.querySelector("[data-menu-button]");
    if (!button) return;
    const setOpen = (open) => {
      header.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    };
    header.classList.add("has-menu-button");
    button.hidden = false;
    setOpen(false);
    button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
    header.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && header.classList.contains("is-open") && getComputedStyle(button).display !== "none") {
        setOpen(false);
        button.focus();
      }
    });
  }

  // "7 of 19 answered" on a score sheet, updated as radio buttons are chosen.
  function setUpScoreProgress() {
    document.querySelectorAll("[data-score-progress]").forEach((progress) => {
      const form = progress.closest("form") || document;
      const groups = Array.from(form.querySelectorAll("fieldset[data-score-factor]"));
      const bar = progress.querySelector("progress");
      const text = progress.querySelector("[data-score-progress-text]");
      const template = progress.getAttribute("data-template") || "{n} / {total}";
      // The score's own radio buttons sit in the fieldset's first .choices (the optional ideal level is nested).
      const answered = () => groups.filter((g) => g.querySelector(":scope > .choices input[type=radio]:checked")).length;
      const update = () => {
        const n = answered();
        if (bar) bar.value = n;
        if (text) text.textContent = template.replace("{n}", n).replace("{total}", groups.length);
      };
      if (bar) bar.hidden = false;
      form.addEventListener("change", (event) => {
        if (event.target.matches("input[type=radio]")) update();
      });
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    focusErrorSummary(document);
    document.addEventListener("click", followErrorLink);
    setUpMenu();
    setUpScoreProgress();
    // Focus the main landmark after htmx swaps so screen readers announce the new content.
    document.body.addEventListener("htmx:afterSettle", (event) => {
      const target = event.detail && event.detail.target;
      if (target && focusErrorSummary(target)) return;
      if (target && target.hasAttribute("data-focus-after-swap")) {
        target.focus();
      }
    });
    // Auto-submit selects marked for it (e.g. period pickers), keeping the submit button for no-JS use.
    document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
      select.addEventListener("change", () => select.form && select.form.requestSubmit());
    });
  });
})();
