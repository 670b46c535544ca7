// On a phone the week shows one day per screen, starting from today (or the first day with lessons).
(function () {
  var box = document.querySelector(".week-days[data-phone-day]");
  if (!box) return;
  var days = Array.prototype.slice.call(box.querySelectorAll(".week-day"));
  var label = document.getElementById("day-label");
  var index = days.findIndex(function (d) { return d.classList.contains("is-today"); });
  if (index < 0) index = 0;
  function show(i) {
    index = (i + days.length) % days.length;
    days.forEach(function (d, n) { d.classList.toggle("is-shown", n === index); });
    if (label) label.textContent = days[index].dataset.day;
  }
  document.querySelectorAll("[data-day-step]").forEach(function (button) {
    button.addEventListener("click", function () { show(index + parseInt(button.dataset.dayStep, 10)); });
  });
  show(index);
})();
