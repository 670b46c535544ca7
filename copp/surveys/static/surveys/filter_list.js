// A long list to choose several from (select[multiple][data-filter-list]) gets a search field above it: typing
// a part of a name hides the options that do not contain it; chosen options always stay visible, and the count
// of chosen ones is announced under the list.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[multiple][data-filter-list]").forEach(function (select) {
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1";
    search.id = select.id + "-search";
    search.setAttribute("aria-controls", select.id);
    search.setAttribute("aria-label", select.getAttribute("data-search-label") || "");
    search.placeholder = select.getAttribute("data-search-placeholder") || "";
    select.parentNode.insertBefore(search, select);
    var status = document.createElement("p");
    status.className = "small text-muted mt-1 mb-0";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(status, select.nextSibling);

    function norm(text) { return text.toLowerCase().replace(/ё/g, "е"); }
    function update() {
      var words = norm(search.value).split(/\s+/).filter(Boolean);
      var shown = 0, chosen = 0;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = norm(option.textContent);
        var match = option.selected || words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !match;
        if (match) shown++;
        if (option.selected) chosen++;
      });
      status.textContent = (select.getAttribute("data-chosen-label") || "") + ": " + chosen +
        (words.length ? " · " + (select.getAttribute("data-found-label") || "") + ": " + shown : "");
    }
    search.addEventListener("input", update);
    select.addEventListener("change", update);
    update();
  });
});
