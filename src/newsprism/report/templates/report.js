(function () {
  "use strict";
  // Highlight exactly the cited span: the element named by the hash plus any continuation
  // pieces (data-part) of a span that had to be split to keep the HTML well nested.
  function show() {
    var old = document.querySelectorAll(".hl");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("hl"); }
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!id) { return; }
    var el = document.getElementById(id);
    if (!el) { return; }
    el.classList.add("hl");
    var parts = document.querySelectorAll("[data-part]");
    for (var j = 0; j < parts.length; j++) {
      if (parts[j].getAttribute("data-part") === id) { parts[j].classList.add("hl"); }
    }
    var box = el.closest("details");
    if (box) { box.open = true; }
    el.scrollIntoView({block: "center"});
  }
  window.addEventListener("hashchange", show);
  show();
})();
