// newsprism web app: job progress and highlight toggles. Untrusted text is only ever set
// with textContent, never parsed as HTML.
(function () {
  "use strict";

  function pollJob(box) {
    var id = box.getAttribute("data-job");
    function set(elementId, value) {
      var el = document.getElementById(elementId);
      if (el) { el.textContent = value; }
    }
    function tick() {
      fetch("/jobs/" + encodeURIComponent(id) + ".json", {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var job = data.job;
          set("job-state", job.state);
          set("job-stage", job.stage);
          set("job-count", job.total ? job.done + " / " + job.total : "");
          set("job-stored", job.stored);
          set("job-known", job.known);
          set("job-failed", job.failed);
          var bar = document.getElementById("job-progress");
          if (bar) { bar.max = job.total || 1; bar.value = job.total ? job.done : 0; }
          if (data.finished) { location.reload(); } else { setTimeout(tick, 1000); }
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  }

  function legend(box) {
    var text = document.getElementById("article-text");
    box.addEventListener("change", function (event) {
      var layer = event.target.getAttribute("data-layer");
      if (layer && text) { text.classList.toggle("hide-" + layer, !event.target.checked); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var job = document.getElementById("job");
    if (job && job.getAttribute("data-state") !== "done" && job.getAttribute("data-state") !== "failed") {
      pollJob(job);
    }
    var box = document.getElementById("legend");
    if (box) { legend(box); }
  });
})();
