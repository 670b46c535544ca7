// The searchable choice (copp/core/choices.py, issue 15): a <select data-autocomplete-url> that holds only the
// chosen option becomes an ARIA 1.2 combobox: a text box (which takes the select's id, so its <label> names it),
// a list box of the matches the endpoint gives for what is typed, arrow keys, Enter, Escape; the hidden select
// keeps the value the form submits.
// A <select multiple data-autocomplete-url> (a choice of several) gets the same combobox below a list of chips, one
// per chosen option, each with a remove button named «Убрать «…»»; choosing adds a chip and clears the text box,
// Backspace in the empty box moves to the last chip's button; additions and removals are announced.
(function () {
  "use strict";
  var counter = 0;

  function enhance(select) {
    if (select.dataset.autocompleteReady) return;
    select.dataset.autocompleteReady = "1";
    var id = select.id || "autocomplete-" + (++counter);
    var multiple = select.multiple;
    var empty = multiple ? null : select.querySelector('option[value=""]');
    var chosen = multiple ? null : select.options[select.selectedIndex];
    var wrapper = document.createElement("div");
    wrapper.className = "autocomplete position-relative" + (multiple ? " autocomplete-multiple" : "");
    var input = document.createElement("input");
    input.type = "text";
    input.className = select.className.replace("form-select", "form-control");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    // A choice of several is not «required» as a text box: its chips hold the values, the form checks them.
    ["aria-describedby", "aria-invalid", "form"].concat(multiple ? [] : ["required"]).forEach(function (name) {
      if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
    });
    if (multiple && select.required) input.setAttribute("aria-required", "true");
    input.placeholder = multiple ? (select.dataset.autocompletePlaceholder || "")
                                 : (empty ? empty.textContent.trim() : "");
    input.value = chosen && chosen.value ? chosen.textContent.trim() : "";
    var list = document.createElement("ul");
    list.id = id + "_listbox";
    list.className = "autocomplete-list list-group position-absolute w-100 shadow-sm";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    list.style.zIndex = "1060";
    list.style.maxHeight = "16rem";
    list.style.overflowY = "auto";
    input.setAttribute("aria-controls", list.id);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    select.id = id + "_value";
    select.hidden = true;
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    input.id = id;
    select.parentNode.insertBefore(wrapper, select);
    var chips = null;
    if (multiple) {
      chips = document.createElement("ul");
      chips.className = "autocomplete-chips list-unstyled d-flex flex-wrap gap-1 mb-1";
      chips.setAttribute("aria-label", select.dataset.autocompleteChosen || "");
      wrapper.appendChild(chips);
      var none = document.createElement("p");
      none.className = "autocomplete-none small text-body-secondary mb-1";
      none.textContent = select.dataset.autocompleteNothingChosen || "";
      wrapper.appendChild(none);
    }
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    wrapper.appendChild(select);

    var items = [], active = -1, timer = null, asked = 0;
    var labelText = input.value;

    function refreshChips() {
      chips.hidden = !chips.children.length;
      wrapper.querySelector(".autocomplete-none").hidden = !!chips.children.length;
    }

    function announce(text) {
      status.textContent = "";
      setTimeout(function () { status.textContent = text; }, 50);
    }

    function addChip(option) {
      var li = document.createElement("li");
      li.className = "autocomplete-chip";
      li.dataset.value = option.value;
      var text = document.createElement("span");
      text.className = "autocomplete-chip-text";
      text.textContent = option.textContent.trim();
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-sm autocomplete-remove";
      remove.setAttribute("aria-label", (select.dataset.autocompleteRemove || "{}").replace("{}", text.textContent));
      remove.innerHTML = '<span class="bi bi-x-lg" aria-hidden="true"></span>';
      remove.addEventListener("click", function () { unchoose(li, option); });
      remove.addEventListener("keydown", function (event) {
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          event.preventDefault();
          var next = event.key === "ArrowRight" ? li.nextElementSibling : li.previousElementSibling;
          if (next) next.querySelector("button").focus();
          else if (event.key === "ArrowRight") input.focus();
        }
      });
      li.appendChild(text);
      li.appendChild(remove);
      chips.appendChild(li);
      refreshChips();
    }

    function unchoose(li, option) {
      var next = li.nextElementSibling || li.previousElementSibling;
      var text = option.textContent.trim();
      option.remove();
      li.remove();
      refreshChips();
      (next ? next.querySelector("button") : input).focus();
      announce((select.dataset.autocompleteRemoved || "") + " " + text);
      select.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function isChosen(value) {
      var option = select.querySelector('option[value="' + CSS.escape(String(value)) + '"]');
      return !!(option && option.selected);
    }

    if (multiple) {
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.selected) addChip(option); else option.remove();
      });
      refreshChips();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(item) {
      if (multiple) {
        if (!isChosen(item.id)) {
          var added = new Option(item.text, item.id, true, true);
          select.appendChild(added);
          addChip(added);
          announce((select.dataset.autocompleteAdded || "") + " " + item.text);
        }
        input.value = labelText = "";
        close();
        select.dispatchEvent(new Event("change", {bubbles: true}));
        return;
      }
      var option = select.querySelector('option[value="' + CSS.escape(String(item.id)) + '"]');
      if (!option) {
        option = new Option(item.text, item.id);
        select.appendChild(option);
      }
      select.value = String(item.id);
      labelText = input.value = item.text;
      close();
      select.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function highlight(index) {
      var nodes = list.children;
      if (active >= 0 && nodes[active]) {
        nodes[active].classList.remove("active");
        nodes[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (index >= 0 && nodes[index]) {
        nodes[index].classList.add("active");
        nodes[index].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", nodes[index].id);
        nodes[index].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(data) {
      // A later answer keeps the option the arrows were on, if it is still offered.
      var keep = active >= 0 && items[active] ? items[active].id : null;
      items = multiple ? data.results.filter(function (item) { return !isChosen(item.id); }) : data.results;
      list.innerHTML = "";
      items.forEach(function (item, index) {
        var li = document.createElement("li");
        li.id = id + "_option_" + index;
        li.className = "list-group-item list-group-item-action";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = item.text;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      if (data.more) {
        var more = document.createElement("li");
        more.className = "list-group-item small text-muted";
        more.setAttribute("role", "presentation");
        more.textContent = select.dataset.autocompleteMore || "…";
        list.appendChild(more);
      }
      list.hidden = !items.length;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      status.textContent = items.length ? (select.dataset.autocompleteFound || "") + " " + items.length
                                        : (select.dataset.autocompleteNone || "");
      active = -1;
      if (keep !== null) {
        for (var i = 0; i < items.length; i++) { if (items[i].id === keep) { highlight(i); break; } }
      }
    }

    function search() {
      var mine = ++asked;
      var url = select.dataset.autocompleteUrl + "?q=" + encodeURIComponent(input.value.trim());
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) { if (mine === asked && document.activeElement === input) show(data); })
        .catch(function () { /* the chosen value stays; nothing to offer */ });
    }

    input.addEventListener("input", function () {
      if (!input.value.trim() && empty) {
        select.value = "";
      }
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("focus", function () { if (!input.value) search(); });
    if (multiple) {
      input.addEventListener("keydown", function (event) {
        if (event.key === "Backspace" && !input.value && chips.lastElementChild) {
          event.preventDefault();
          close();
          chips.lastElementChild.querySelector("button").focus();
        }
      });
    }
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { search(); return; }
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(items[active]);
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
        input.value = labelText;
      }
    });
    input.addEventListener("blur", function () {
      close();
      if (!input.value.trim() && empty) { select.value = ""; labelText = ""; }
      else { input.value = labelText; }
    });
  }

  function init(root) {
    (root || document).querySelectorAll("select[data-autocomplete-url]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
