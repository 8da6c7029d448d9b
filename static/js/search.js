// Search box suggestions: products, categories and brands while the shopper types
// (/search/suggest/). Without this script the box is a plain form that posts to /search/.
// The markup follows the ARIA combobox pattern: arrows move, Enter opens, Escape closes.
(function () {
  "use strict";
  var input = document.getElementById("site-search");
  if (!input || !window.fetch) return;
  var form = input.form;
  var list = document.createElement("ul");
  list.id = "site-search-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  form.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var timer = null;
  var latest = 0;
  var active = -1;

  function options() { return list.querySelectorAll("[role=option]"); }

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function addGroup(title, rows, render) {
    if (!rows.length) return;
    var heading = document.createElement("li");
    heading.className = "group";
    heading.setAttribute("role", "presentation");
    heading.textContent = title;
    list.appendChild(heading);
    rows.forEach(function (row) {
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      item.id = "suggestion-" + options().length;
      var link = document.createElement("a");
      link.href = row.url;
      link.tabIndex = -1;
      render(link, row);
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  function text(link, value) {
    var span = document.createElement("span");
    span.textContent = value;
    link.appendChild(span);
  }

  function show(data) {
    list.replaceChildren();
    active = -1;
    addGroup("Products", data.products, function (link, row) {
      if (row.image) {
        var img = document.createElement("img");
        img.src = row.image;
        img.alt = "";
        link.appendChild(img);
      }
      text(link, row.name);
      var price = document.createElement("span");
      price.className = "price";
      price.textContent = row.price;
      link.appendChild(price);
    });
    addGroup("Categories", data.categories, function (link, row) { text(link, row.name); });
    addGroup("Brands", data.brands, function (link, row) { text(link, row.name); });
    var any = options().length > 0;
    list.hidden = !any;
    input.setAttribute("aria-expanded", any ? "true" : "false");
  }

  function lookup() {
    var query = input.value.trim();
    if (query.length < 2) { close(); return; }
    var ticket = ++latest;
    fetch("/search/suggest/?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && ticket === latest) show(data); })
      .catch(close);
  }

  function move(step) {
    var items = options();
    if (!items.length) return;
    if (active >= 0) items[active].setAttribute("aria-selected", "false");
    active = (active + step + items.length) % items.length;
    items[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 120);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = options()[active].querySelector("a").href;
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
