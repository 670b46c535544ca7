// Open the journal at today's column (or the last lesson) so a teacher on a phone starts where they mark.
(function () {
  var wrap = document.querySelector(".jr-wrap");
  if (!wrap) return;
  var target = wrap.querySelector("th.jr-today") || wrap.querySelector("thead th:last-child");
  var name = wrap.querySelector("thead .jr-name");
  if (target && name) wrap.scrollLeft = Math.max(0, target.offsetLeft - name.offsetWidth - 8);
})();
