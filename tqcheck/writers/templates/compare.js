/* tqcheck compare: one segment at a time, every system's output side by side with its issues.
   Text from the data is only ever inserted with textContent / attribute setters, never parsed as
   HTML. Issue offsets in the payload are already UTF-16 (what String.prototype.slice uses). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tqcheck-segments").textContent);
  var SEV = data.severities;
  var FIELDS = data.fields;
  var total = data.refs.length ? data.refs[0].length : (data.out.length ? data.out[0].length : 0);
  var $ = function (id) { return document.getElementById(id); };
  // per system: segment index -> issue rows
  var bySeg = data.issues.map(function (rows) {
    var map = {};
    rows.forEach(function (issue) { (map[issue[0]] = map[issue[0]] || []).push(issue); });
    return map;
  });
  var current = 0;

  var make = tqcheck.make;
  function describe(issue) {
    var line = issue[4] + " (" + SEV[issue[5]] + "): " + issue[6];
    if (issue[7] !== null && issue[7] !== undefined) { line += " Suggestion: " + issue[7]; }
    return line;
  }
  function highlighted(text, issues, field) {
    text = text === null || text === undefined ? "" : String(text);
    var spans = issues.filter(function (issue) { return FIELDS[issue[1]] === field && issue[3] >= issue[2]; });
    return tqcheck.highlight(text, spans, SEV, describe, "\n");
  }
  function signature(system, index) {
    return (bySeg[system][index] || []).filter(function (issue) { return FIELDS[issue[1]] === "target"; })
      .map(function (issue) { return issue[4]; }).sort().join(" ");
  }
  function disagrees(index) {
    var first = signature(0, index);
    for (var s = 1; s < data.systems.length; s++) {
      if (signature(s, index) !== first) { return true; }
    }
    return false;
  }
  function render() {
    var view = $("sbs-view");
    while (view.firstChild) { view.removeChild(view.firstChild); }
    $("sbs-num").value = String(current + 1);
    var box = make("article", "seg sbs");
    box.setAttribute("data-seg", String(current + 1));
    if (data.src) {
      var src = make("div", "sbs-row sbs-source");
      src.appendChild(make("h4", "", "Source"));
      src.appendChild(highlighted(data.src[current], [], "source"));
      box.appendChild(src);
    }
    data.refs.forEach(function (ref, k) {
      var row = make("div", "sbs-row sbs-reference");
      row.appendChild(make("h4", "", data.refs.length > 1 ? "Reference " + (k + 1) : "Reference"));
      row.appendChild(highlighted(ref[current], [], "reference"));
      box.appendChild(row);
    });
    data.systems.forEach(function (name, s) {
      var issues = bySeg[s][current] || [];
      var row = make("div", "sbs-row sbs-system");
      row.setAttribute("data-system", name);
      var head = make("h4", "", name);
      if (data.chrf && data.chrf[s] && data.chrf[s][current] !== null && data.chrf[s][current] !== undefined) {
        head.appendChild(make("span", "chrf", "chrF " + data.chrf[s][current].toFixed(1)));
      }
      row.appendChild(head);
      row.appendChild(highlighted(data.out[s][current], issues, "target"));
      if (issues.length) {
        var list = make("ul", "sbs-issues");
        issues.forEach(function (issue) {
          var item = make("li", "sev-" + SEV[issue[5]], describe(issue));
          item.setAttribute("data-code", issue[4]);
          list.appendChild(item);
        });
        row.appendChild(list);
      } else {
        row.appendChild(make("p", "empty", "No issues."));
      }
      box.appendChild(row);
    });
    view.appendChild(box);
    $("sbs-status").textContent = "Segment " + (current + 1) + " of " + total +
      (disagrees(current) ? " · systems disagree on issues" : "");
  }
  function go(index) {
    if (!total) { return; }
    current = Math.max(0, Math.min(total - 1, index));
    render();
  }
  function fromHash() {
    var match = /(?:^#|&)seg=(\d+)/.exec(window.location.hash);
    if (match) { go(parseInt(match[1], 10) - 1); }
  }
  $("sbs-prev").addEventListener("click", function () { go(current - 1); });
  $("sbs-next").addEventListener("click", function () { go(current + 1); });
  $("sbs-num").addEventListener("change", function () {
    var value = parseInt($("sbs-num").value, 10);
    if (!isNaN(value)) { go(value - 1); }
  });
  $("sbs-disagree").addEventListener("click", function () {
    for (var step = 1; step <= total; step++) {
      var index = (current + step) % total;
      if (disagrees(index)) { go(index); return; }
    }
    $("sbs-status").textContent = "The systems agree on the issues of every segment.";
  });
  window.addEventListener("hashchange", fromHash);
  go(0);
  fromHash();
})();
