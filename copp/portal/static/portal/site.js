// Small behaviours of every page: focus the error summary; block repeated form submission.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
  document.querySelectorAll("form[method=post], form[method=POST]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (form.dataset.submitted === "1") { event.preventDefault(); return; }
      form.dataset.submitted = "1";
      form.querySelectorAll("button[type=submit], button:not([type])").forEach((b) => b.setAttribute("aria-disabled", "true"));
      // Let the same page be submitted again after the browser returns to it from the cache.
      setTimeout(() => { form.dataset.submitted = ""; }, 5000);
    });
  });
});
