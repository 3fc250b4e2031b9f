// Lines of a formset (financing, indicators): « Ajouter une ligne » adds one without saving, and the
// financing step shows its running total against the total cost. Without this script the form works
// as before: saving brings new empty lines.
(function () {
  function euros(value) {
    return new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 2 }).format(value);
  }
  function number(input) {
    var value = parseFloat(String(input && input.value || "").replace(/\s/g, "").replace(",", "."));
    return isNaN(value) ? 0 : value;
  }
  document.querySelectorAll("[data-formset]").forEach(function (box) {
    var prefix = box.dataset.formset;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var model = document.getElementById("modele-" + prefix);
    var button = document.querySelector("[data-ajouter='" + prefix + "']");
    if (!total || !model || !button) { return; }
    document.querySelectorAll(".portail-sans-js").forEach(function (hint) { hint.hidden = true; });
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) { button.disabled = true; return; }
      var html = model.innerHTML.replace(/__prefix__/g, String(index)).replace(/__numero__/g, String(index + 1));
      box.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = box.lastElementChild.querySelector("select, input");
      if (first) { first.focus(); }
      refresh();
    });
  });
  var summary = document.getElementById("total-financements");
  function refresh() {
    if (!summary) { return; }
    var sum = 0;
    document.querySelectorAll("[name^='lignes-'][name$='-montant']").forEach(function (input) {
      var deleted = document.querySelector("[name='" + input.name.replace(/montant$/, "DELETE") + "']");
      if (!deleted || !deleted.checked) { sum += number(input); }
    });
    var cost = number(document.getElementById(summary.dataset.cout));
    var text = "Total des financements : " + euros(sum);
    if (cost) {
      var gap = Math.round((cost - sum) * 100) / 100;
      text += " pour un coût total de " + euros(cost) + (gap === 0 ? " : le plan est équilibré."
        : gap > 0 ? " : il manque " + euros(gap) + "." : " : " + euros(-gap) + " de trop.");
    }
    summary.textContent = text;
  }
  document.addEventListener("input", refresh);
  document.addEventListener("change", refresh);
  refresh();
})();
