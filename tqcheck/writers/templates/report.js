/* tqcheck report: renders the embedded data a page at a time. Text from the data is only ever
   inserted with textContent / attribute setters, never parsed as HTML. Offsets in the payload are
   already UTF-16 (what String.prototype.slice uses); the code-point offsets travel alongside. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tqcheck-data").textContent);
  var PAGE_SIZE = 50;
  var PRINT_LIMIT = 5000;  // printing shows every matching segment up to this many, not just one page
  var FIELDS = data.fields;
  var SEV = data.severities;
  var segIssues = [];
  var docSegs = data.docs.map(function () { return []; });
  data.segs.forEach(function (seg, index) { docSegs[seg[0]].push(index); });
  data.issues.forEach(function (issue, index) {
    (segIssues[issue[0]] = segIssues[issue[0]] || []).push(index);
  });
  var state = { family: "", code: "", severity: "", doc: "", query: "", sort: "input", only: false, page: 0 };
  var visible = [];
  var $ = function (id) { return document.getElementById(id); };
  var controls = { family: $("f-family"), code: $("f-code"), severity: $("f-severity"), doc: $("f-doc"),
                   sort: $("f-sort"), query: $("f-query"), only: $("f-only") };

  var make = tqcheck.make;
  function plural(count, noun) { return count + " " + noun + (count === 1 ? "" : "s"); }
  function family(issue) { var info = data.checks[issue[4]]; return info ? info[1] : ""; }
  function issueFilterActive() { return !!(state.family || state.code || state.severity); }
  function issueMatches(issue) {
    return (!state.family || family(issue) === state.family) &&
           (!state.code || issue[4] === state.code) &&
           (!state.severity || SEV[issue[5]] === state.severity);
  }
  function segMatches(index, query) {
    var seg = data.segs[index];
    var issues = segIssues[index] || [];
    if (state.doc !== "" && String(seg[0]) !== state.doc) { return false; }
    if (issueFilterActive() || state.only) {
      if (!issues.some(function (i) { return issueMatches(data.issues[i]); })) { return false; }
    }
    if (query) {
      for (var f = 3; f < 7; f++) {
        if (seg[f] && seg[f].toLowerCase().indexOf(query) !== -1) { return true; }
      }
      if (String(seg[1]).toLowerCase() === query) { return true; }
      return issues.some(function (i) {
        var issue = data.issues[i];
        return issue[4].toLowerCase().indexOf(query) !== -1 || issue[6].toLowerCase().indexOf(query) !== -1;
      });
    }
    return true;
  }
  function docOrder() {
    var order = data.docs.map(function (_, i) { return i; });
    if (state.sort === "quality") {
      order.sort(function (a, b) {
        var qa = data.docs[a][3], qb = data.docs[b][3];
        if (qa === null && qb === null) { return data.docs[b][2] - data.docs[a][2] || a - b; }
        if (qa === null) { return 1; }
        if (qb === null) { return -1; }
        return qa - qb || a - b;
      });
    } else if (state.sort === "issues") {
      order.sort(function (a, b) { return data.docs[b][2] - data.docs[a][2] || a - b; });
    }
    return order;
  }
  function compute() {
    var query = state.query.trim().toLowerCase();
    visible = [];
    docOrder().forEach(function (doc) {
      docSegs[doc].forEach(function (index) { if (segMatches(index, query)) { visible.push(index); } });
    });
  }

  function highlighted(text, field, indexes) {
    var spans = indexes.map(function (i) { return data.issues[i]; }).filter(function (issue) {
      return FIELDS[issue[1]] === field && issue[3] >= issue[2];
    });
    return tqcheck.highlight(text, spans, SEV, describe, "\n\n");
  }
  function describe(issue) {
    var info = data.checks[issue[4]] || ["", "", ""];
    var lines = [issue[4] + " " + info[0] + " (" + SEV[issue[5]] + "): " + issue[6]];
    if (issue[7] !== null && issue[7] !== undefined) { lines.push("Suggestion: " + issue[7]); }
    if (info[2]) { lines.push(info[2] + "."); }
    return lines.join("\n");
  }
  function link(doc, segId) {
    return "#doc=" + encodeURIComponent(data.docs[doc][0]) + "&seg=" + encodeURIComponent(segId);
  }
  function renderSegment(index) {
    var seg = data.segs[index];
    var issues = segIssues[index] || [];
    var box = make("article", "seg");
    box.id = "seg-" + index;
    box.setAttribute("data-seg", seg[1]);
    var head = make("div", "seg-head");
    var anchor = make("a", "seg-link", "#" + seg[1]);
    anchor.href = link(seg[0], seg[1]);
    anchor.title = "Link to this segment";
    head.appendChild(anchor);
    if (seg[2] !== null) { head.appendChild(make("span", "line", "line " + seg[2])); }
    if (seg[7] !== null) { head.appendChild(make("span", "q", "quality " + seg[7].toFixed(1))); }
    head.appendChild(make("span", "n", plural(issues.length, "issue")));
    box.appendChild(head);
    var cols = make("div", "cols");
    cols.style.setProperty("--cols", String(data.columns.length));
    data.columns.forEach(function (field) {
      var cell = make("div", "cell cell-" + field);
      cell.appendChild(make("div", "label", data.labels[field]));
      var text = seg[3 + FIELDS.indexOf(field)];
      var body = highlighted(text === null || text === undefined ? "" : text, field, issues);
      body.setAttribute("dir", "auto");
      var lang = (field === "source" || field === "backtranslation") ? data.lang.source : data.lang.target;
      if (lang) { body.setAttribute("lang", lang); }
      if (text === null || text === undefined) { body.classList.add("empty"); body.textContent = "—"; }
      cell.appendChild(body);
      cols.appendChild(cell);
    });
    box.appendChild(cols);
    if (issues.length) {
      var list = make("ul", "issues");
      issues.forEach(function (i) {
        var issue = data.issues[i];
        var info = data.checks[issue[4]] || ["", "", ""];
        var item = make("li", "sev-" + SEV[issue[5]]);
        if (issueFilterActive() && !issueMatches(issue)) { item.classList.add("dim"); }
        item.appendChild(make("span", "code", issue[4]));
        item.appendChild(make("span", "sev", SEV[issue[5]]));
        item.appendChild(make("span", "name", info[0] + " "));
        if (FIELDS[issue[1]] !== "target") { item.appendChild(make("span", "sev", "in " + data.labels[FIELDS[issue[1]]])); }
        item.appendChild(make("span", "msg", issue[6]));
        if (issue[7] !== null && issue[7] !== undefined) {
          item.appendChild(document.createTextNode(" → "));
          item.appendChild(make("span", "fix", issue[7]));
        }
        if (info[2]) {
          var details = make("details", "");
          details.appendChild(make("summary", "", " about"));
          details.appendChild(make("span", "about", info[2] + ". Characters " + issue[8] + "–" + issue[9] + "."));
          item.appendChild(document.createTextNode(" "));
          item.appendChild(details);
        }
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return box;
  }
  function render(printing) {
    var list = $("list");
    list.textContent = "";
    var pages = Math.max(1, Math.ceil(visible.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    var start = printing ? 0 : state.page * PAGE_SIZE;
    var slice = visible.slice(start, start + (printing ? PRINT_LIMIT : PAGE_SIZE));
    var section = null, current = -1;
    slice.forEach(function (index) {
      var doc = data.segs[index][0];
      if (doc !== current) {
        current = doc;
        section = make("section", "doc");
        section.setAttribute("data-doc", data.docs[doc][0]);
        var title = make("h3", "", data.docs[doc][0] || "(no document)");
        var sub = plural(data.docs[doc][1], "segment") + ", " + plural(data.docs[doc][2], "issue");
        if (data.docs[doc][3] !== null) { sub += ", quality " + data.docs[doc][3].toFixed(1); }
        title.appendChild(make("span", "sub", sub));
        section.appendChild(title);
        list.appendChild(section);
      }
      section.appendChild(renderSegment(index));
    });
    var shownIssues = 0;
    visible.forEach(function (index) {
      (segIssues[index] || []).forEach(function (i) { if (issueMatches(data.issues[i])) { shownIssues++; } });
    });
    $("status").textContent = visible.length
      ? "Showing segments " + (start + 1) + "–" + (start + slice.length) + " of " + visible.length +
        " (" + shownIssues + (shownIssues === 1 ? " issue)" : " issues)")
      : "No segment matches these filters.";
    $("pageinfo").textContent = "page " + (state.page + 1) + " of " + pages;
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page >= pages - 1;
    Array.prototype.forEach.call(document.querySelectorAll(".chart .bar"), function (bar) {
      bar.classList.toggle("active", bar.getAttribute("data-family") === state.family);
      bar.setAttribute("aria-pressed", bar.getAttribute("data-family") === state.family ? "true" : "false");
    });
  }
  function update() { state.page = 0; compute(); render(); writeHash(); }
  // The filters live in the URL (`#family=names&severity=error&q=Gaza`), so a link or a reload
  // shows the same view; `#doc=…&seg=…` deep links keep working.
  var HASH_KEYS = { family: "family", code: "code", severity: "severity", query: "q", sort: "sort" };
  function writeHash() {
    var params = new URLSearchParams();
    Object.keys(HASH_KEYS).forEach(function (name) {
      if (state[name] && !(name === "sort" && state.sort === "input")) { params.set(HASH_KEYS[name], state[name]); }
    });
    if (state.doc !== "") { params.set("doc", data.docs[Number(state.doc)][0]); }
    if (state.only) { params.set("only", "1"); }
    var text = params.toString();
    history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
  }
  function readControls() {
    state.family = controls.family.value; state.code = controls.code.value;
    state.severity = controls.severity.value; state.doc = controls.doc.value;
    state.sort = controls.sort.value; state.query = controls.query.value; state.only = controls.only.checked;
  }
  ["family", "code", "severity", "sort", "only"].forEach(function (name) {
    controls[name].addEventListener("change", function () { readControls(); update(); });
  });
  controls.doc.addEventListener("change", function () { readControls(); update(); });
  var timer = null;
  controls.query.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { readControls(); update(); }, 120);
  });
  $("f-reset").addEventListener("click", function () {
    ["family", "code", "severity", "doc", "query"].forEach(function (name) { controls[name].value = ""; });
    controls.sort.value = "input"; controls.only.checked = false; readControls(); update();
  });
  $("prev").addEventListener("click", function () { state.page--; render(); $("segments").scrollIntoView(); });
  $("next").addEventListener("click", function () { state.page++; render(); $("segments").scrollIntoView(); });
  Array.prototype.forEach.call(document.querySelectorAll(".chart .bar"), function (bar) {
    function choose() {
      var value = bar.getAttribute("data-family");
      controls.family.value = controls.family.value === value ? "" : value;
      readControls(); update(); $("segments").scrollIntoView();
    }
    bar.addEventListener("click", choose);
    bar.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(); }
    });
  });

  function applyHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var keys = ["doc", "seg", "only"].concat(Object.keys(HASH_KEYS).map(function (name) { return HASH_KEYS[name]; }));
    if (!keys.some(function (key) { return params.has(key); })) { return false; }
    var docId = params.get("doc"), segId = params.get("seg");
    var doc = docId === null ? -1 : data.docs.findIndex(function (d) { return d[0] === docId; });
    Object.keys(HASH_KEYS).forEach(function (name) {
      var wanted = params.get(HASH_KEYS[name]) || "";
      controls[name].value = wanted;
      if (wanted && controls[name].value !== wanted && name !== "sort" && controls[name].tagName === "SELECT") {
        // A link to a filter this report has nothing for (`#family=names` with no names issue): show that
        // nothing matches, rather than silently everything.
        var option = make("option", "", wanted + " (none in this report)");
        option.value = wanted;
        controls[name].appendChild(option);
        controls[name].value = wanted;
      }
    });
    if (!controls.sort.value) { controls.sort.value = "input"; }  // an unknown value leaves a select empty
    controls.only.checked = params.get("only") === "1";
    controls.doc.value = doc >= 0 ? String(doc) : "";
    readControls(); compute();
    var target = -1;
    if (segId !== null) {
      target = visible.findIndex(function (i) { return data.segs[i][1] === segId && (doc < 0 || data.segs[i][0] === doc); });
    }
    state.page = target >= 0 ? Math.floor(target / PAGE_SIZE) : 0;
    render();
    var node = target >= 0 ? $("seg-" + visible[target]) : document.querySelector("#list .doc");
    if (node) {
      node.classList.add("target-hit");
      node.scrollIntoView({ block: "start" });
    }
    return true;
  }
  window.addEventListener("hashchange", applyHash);
  window.addEventListener("beforeprint", function () {
    render(true);
    Array.prototype.forEach.call(document.querySelectorAll("#list details"), function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { render(); });
  readControls();
  if (!applyHash()) { update(); }
})();
