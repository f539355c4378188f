// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Focus the main landmark after htmx swaps so screen readers announce the new content.
  document.body.addEventListener("htmx:afterSettle", (event) => {
    const target = event.detail && event.detail.target;
    if (target && target.hasAttribute("data-focus-after-swap")) {
      target.focus();
    }
  });
  // Auto-submit selects marked for it (e.g. period pickers), keeping the submit button for no-JS use.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form && select.form.requestSubmit());
  });
});
