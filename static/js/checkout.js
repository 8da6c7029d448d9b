// Checkout, cart estimate and address book, progressively enhanced (every form still works without this file):
// - the state select offers only the chosen country's states (and hides for countries without);
// - the card's type is named as its number is typed;
// - shipping methods and totals refresh as soon as the address is known, in place, so nothing
//   typed is lost ("Show shipping options" is then not needed and is hidden).
(function () {
  "use strict";

  function followCountry(country, state) {
    var field = state.closest(".field");
    function update() {
      var name = country.selectedIndex >= 0 ? country.options[country.selectedIndex].text : "";
      var any = false;
      Array.prototype.forEach.call(state.querySelectorAll("optgroup"), function (group) {
        var mine = group.label === name;
        group.hidden = !mine;
        group.disabled = !mine;
        any = any || mine;
      });
      var chosen = state.options[state.selectedIndex];
      if (chosen && chosen.parentElement.tagName === "OPTGROUP" && chosen.parentElement.disabled) state.value = "";
      if (field) field.hidden = !any;
    }
    country.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("select[name$=country_code], select[name=country]").forEach(function (country) {
    var stateName = country.name.replace(/country_code$|country$/, "state");
    var state = country.form && country.form.querySelector("select[name='" + stateName + "']");
    if (state) followCountry(country, state);
  });

  var BRANDS = [
    [/^4/, "Visa"],
    [/^(5[1-5]|2[2-7])/, "Mastercard"],
    [/^3[47]/, "American Express"],
    [/^(6011|65)/, "Discover"],
  ];
  var number = document.getElementById("id_card-number");
  var brand = document.getElementById("card-brand");
  if (number && brand) {
    number.addEventListener("input", function () {
      var digits = number.value.replace(/\D/g, "");
      var found = BRANDS.filter(function (pair) { return pair[0].test(digits); })[0];
      brand.textContent = found && digits.length >= 1 ? found[1] : "";
    });
  }

  var methods = document.getElementById("shipping-methods");
  var totals = document.getElementById("order-totals");
  var form = methods && methods.closest("form");
  if (!form || !window.fetch || !window.DOMParser) return;
  var button = document.getElementById("show-shipping");
  if (button) button.hidden = true;
  var latest = 0;

  function refresh() {
    var data = new FormData(form);
    data.delete("place");
    data.delete("card-number");
    data.delete("card-cvc");
    data.set("update", "1");
    var ticket = ++latest;
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (ticket !== latest) return;
        var page = new DOMParser().parseFromString(html, "text/html");
        var newMethods = page.getElementById("shipping-methods");
        var newTotals = page.getElementById("order-totals");
        if (newMethods) methods.innerHTML = newMethods.innerHTML;
        if (newTotals) totals.innerHTML = newTotals.innerHTML;
      })
      .catch(function () { if (button) button.hidden = false; });
  }

  form.addEventListener("change", function (event) {
    var name = event.target.name || "";
    if (/^shipping-(country_code|state|postal_code|city)$/.test(name) || name === "shipping_choice") refresh();
    if (name === "shipping_method") refresh();
  });
})();
