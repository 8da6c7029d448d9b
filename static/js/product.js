// Product page: show the chosen option's price and stock as soon as it is picked.
// Without this script the page still works: the form posts the choice and the cart shows the price.
(function () {
  "use strict";
  var price = document.getElementById("product-price");
  var stock = document.getElementById("product-stock");
  if (!price || !stock) return;

  function describe(count) {
    if (count === "unlimited") return ["stock-ok", "In stock"];
    var n = parseInt(count, 10);
    if (n <= 0) return ["stock-out", "Out of stock"];
    if (n <= 5) return ["stock-low", "Only " + n + " left"];
    return ["stock-ok", "In stock"];
  }

  document.querySelectorAll(".variant-choice input[type=radio]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      price.textContent = "$" + radio.dataset.price;
      var state = describe(radio.dataset.stock);
      var span = document.createElement("span");
      span.className = state[0];
      span.textContent = state[1];
      stock.replaceChildren(span);
    });
  });
})();

// Gallery: a thumbnail or a colour shows its picture in place (without this script the thumbnail
// links choose that colour's variant, and the page comes back with its picture).
(function () {
  "use strict";
  var main = document.getElementById("gallery-main");
  if (!main) return;
  var thumbs = document.querySelectorAll(".gallery-thumbs a");

  function show(source) {
    main.src = source.dataset.image;
    if (source.dataset.srcset) main.srcset = source.dataset.srcset;
    else main.removeAttribute("srcset");
    main.alt = source.dataset.alt || main.alt;
    thumbs.forEach(function (thumb) {
      if (thumb.dataset.image === source.dataset.image) thumb.setAttribute("aria-current", "true");
      else thumb.removeAttribute("aria-current");
    });
  }

  thumbs.forEach(function (thumb) {
    thumb.addEventListener("click", function (event) {
      event.preventDefault();
      show(thumb);
    });
  });
  document.querySelectorAll(".variant-choice input[type=radio]").forEach(function (radio) {
    radio.addEventListener("change", function () { if (radio.dataset.image) show(radio); });
  });
})();
