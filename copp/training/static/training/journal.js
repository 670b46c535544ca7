// Open the journal at today's lesson, else the next one, else the last one held, so a teacher on a phone starts
// where they mark (module columns come after the lessons and are never the start).
(function () {
  var wrap = document.querySelector(".jr-wrap");
  if (!wrap) return;
  var today = wrap.dataset.today || "";
  var lessons = Array.prototype.slice.call(wrap.querySelectorAll("thead th[data-day]"));
  var target = wrap.querySelector("th.jr-today") ||
    lessons.filter(function (th) { return th.dataset.day > today; })[0] ||
    lessons[lessons.length - 1];
  var name = wrap.querySelector("thead .jr-name");
  if (target && name) wrap.scrollLeft = Math.max(0, target.offsetLeft - name.offsetWidth - 8);
})();
