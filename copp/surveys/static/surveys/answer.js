// M26: conditional display. A question (or section) with data-show-if-N / data-show-value-N is shown only while
// the earlier question N depends on is shown and has that answer; the server applies the same rule on submit.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector(".survey-form");
  if (!form) return;
  var blocks = Array.prototype.slice.call(form.querySelectorAll(".survey-question"));

  function answers(name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value) values.push(input.value.trim());
    });
    return values;
  }

  function update() {
    blocks.forEach(function (block) {
      var shown = true;
      for (var n = 1; block.hasAttribute("data-show-if-" + n); n++) {
        var source = block.getAttribute("data-show-if-" + n);
        var expected = block.getAttribute("data-show-value-" + n);
        var sourceBlock = document.getElementById(source + "-block");
        if ((sourceBlock && sourceBlock.hidden) || answers(source).indexOf(expected) === -1) shown = false;
      }
      block.hidden = !shown;
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
});
