// «One more» under an inline part of a form (modules, rooms, documents...): adds a blank row from the
// formset's empty form and tells Django how many rows there are now.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-formset]").forEach((fieldset) => {
    const prefix = fieldset.dataset.formset;
    const total = fieldset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const template = fieldset.querySelector("template[data-formset-empty]");
    const body = fieldset.querySelector("[data-formset-body]");
    fieldset.querySelector("[data-formset-add]").addEventListener("click", () => {
      const index = Number(total.value);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const first = body.lastElementChild.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });
});
