// Small behaviours of every page: focus the error summary; block repeated form submission; say which zone the
// times are in when the region's zone is not the viewer's.
function utcOffset(zone) {
  try {
    const parts = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(new Date());
    return (parts.find((p) => p.type === "timeZoneName") || {}).value;
  } catch (error) { return null; }
}

document.addEventListener("DOMContentLoaded", () => {
  const region = document.documentElement.dataset.regionTz;
  const note = document.getElementById("region-tz-note");
  if (region && note) {
    const viewer = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (utcOffset(region) && utcOffset(region) !== utcOffset(viewer)) note.hidden = false;
  }
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
