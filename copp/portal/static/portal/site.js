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

// A box that scrolls sideways (a wide table, the journal) must be reachable by keyboard to be scrolled
// (WCAG 2.1.1; axe: scrollable-region-focusable): one with nothing focusable inside takes the focus itself.
const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
function scrollBoxesFocusable(root) {
  (root || document).querySelectorAll("main *").forEach((box) => {
    const style = getComputedStyle(box);
    const x = style.overflowX === "auto" || style.overflowX === "scroll";
    const y = style.overflowY === "auto" || style.overflowY === "scroll";
    if (!x && !y) return;
    const scrolls = (x && box.scrollWidth > box.clientWidth) || (y && box.scrollHeight > box.clientHeight);
    if (scrolls && !box.hasAttribute("tabindex") && !box.querySelector(FOCUSABLE)) {
      box.setAttribute("tabindex", "0");
      box.dataset.scrollFocus = "1";
    } else if (!scrolls && box.dataset.scrollFocus === "1") {
      box.removeAttribute("tabindex");
      delete box.dataset.scrollFocus;
    }
  });
}
document.addEventListener("DOMContentLoaded", () => scrollBoxesFocusable());
// Again once images and the web font are in: text set in its own face is wider than the fallback's.
window.addEventListener("load", () => scrollBoxesFocusable());
if (document.fonts) document.fonts.ready.then(() => scrollBoxesFocusable());
document.addEventListener("htmx:afterSettle", () => scrollBoxesFocusable());
let scrollBoxesTimer;
window.addEventListener("resize", () => {
  clearTimeout(scrollBoxesTimer);
  scrollBoxesTimer = setTimeout(() => scrollBoxesFocusable(), 100);
});
