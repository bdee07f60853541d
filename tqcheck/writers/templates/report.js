/* tqcheck report: renders the embedded data a page at a time. Text from the data is only ever
   inserted with textContent / attribute setters, never parsed as HTML. Offsets in the payload are
   already UTF-16 (what String.prototype.slice uses); the code-point offsets travel alongside.

   Review: `j` / `k` move to the next / previous issue in view (across pages), `f` marks the current
   one a false positive, `r` marks it reviewed. Marks are kept in localStorage under the run's key
   (data.run), by issue fingerprint; "Export suppressions" downloads the false positives as a
   `tqcheck check --suppressions` TOML file. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tqcheck-data").textContent);
  var PAGE_SIZE = 50;
  var PRINT_LIMIT = 5000;  // printing shows every matching segment up to this many, not just one page
  var DEFAULT_REASON = "marked false positive in review";
  var FIELDS = data.fields;
  var SEV = data.severities;
  var segIssues = [];
  var docSegs = data.docs.map(function () { return []; });
  data.segs.forEach(function (seg, index) { docSegs[seg[0]].push(index); });
  data.issues.forEach(function (issue, index) {
    (segIssues[issue[0]] = segIssues[issue[0]] || []).push(index);
  });
  var issueIndex = new Map();
  data.issues.forEach(function (issue, index) { issueIndex.set(issue, index); });
  // A batch larger than a page opens on the segments that have issues; "all segments" is one click away.
  var DEFAULT_ONLY = data.segs.length > PAGE_SIZE && data.issues.length > 0;
  var state = { family: "", code: "", severity: "", doc: "", query: "", sort: "input", order: "position",
                only: DEFAULT_ONLY, page: 0 };
  var missingDoc = "";  // the name in a `#doc=` link to a document this report does not have
  var visible = [];
  var nav = [], navAt = [], navPos = new Map();  // issues in view, in order; the position of their segment
  var current = null;  // the issue `j` / `k` stopped at (an index into data.issues)
  var $ = function (id) { return document.getElementById(id); };
  var controls = { family: $("f-family"), code: $("f-code"), severity: $("f-severity"), doc: $("f-doc"),
                   sort: $("f-sort"), order: $("f-order"), query: $("f-query"), only: $("f-only") };

  var make = tqcheck.make;
  function plural(count, noun) { return count + " " + noun + (count === 1 ? "" : "s"); }
  function family(issue) { var info = data.checks[issue[4]]; return info ? info[1] : ""; }
  function issueFilterActive() { return !!(state.family || state.code || state.severity); }
  function issueMatches(issue) {
    return (!state.family || family(issue) === state.family) &&
           (!state.code || issue[4] === state.code) &&
           (!state.severity || SEV[issue[5]] === state.severity);
  }
  // The issues of a segment that the filters select (all of them when no issue filter is set).
  function issuesInView(index) {
    var issues = segIssues[index] || [];
    return issueFilterActive() ? issues.filter(function (i) { return issueMatches(data.issues[i]); }) : issues;
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
  // Segment order: by position (documents in their sort order), or across documents by the worst
  // severity among the issues in view (then how many of each), or by quality, lowest first.
  function orderSegments(list) {
    if (state.order !== "severity" && state.order !== "quality") { return list; }
    var keyed = list.map(function (index, at) {
      var counts = [0, 0, 0];
      issuesInView(index).forEach(function (i) { counts[data.issues[i][5]]++; });
      return { index: index, at: at, counts: counts, quality: data.segs[index][7] };
    });
    var bySeverity = function (a, b) {
      return b.counts[0] - a.counts[0] || b.counts[1] - a.counts[1] || b.counts[2] - a.counts[2];
    };
    keyed.sort(state.order === "severity"
      ? function (a, b) { return bySeverity(a, b) || a.at - b.at; }
      : function (a, b) {
        if (a.quality !== b.quality) {
          if (a.quality === null) { return 1; }
          if (b.quality === null) { return -1; }
          return a.quality - b.quality;
        }
        return bySeverity(a, b) || a.at - b.at;
      });
    return keyed.map(function (item) { return item.index; });
  }
  function compute() {
    var query = state.query.trim().toLowerCase();
    var list = [];
    docOrder().forEach(function (doc) {
      docSegs[doc].forEach(function (index) { if (segMatches(index, query)) { list.push(index); } });
    });
    visible = orderSegments(list);
    nav = []; navAt = []; navPos = new Map();
    visible.forEach(function (index, at) {
      issuesInView(index).forEach(function (i) { navPos.set(i, nav.length); nav.push(i); navAt.push(at); });
    });
    if (current !== null && !navPos.has(current)) { current = null; }
  }

  // ---- review marks: kept in the browser, by fingerprint, under this run's key ----
  var STORE_KEY = "tqcheck-review:" + data.run;
  var stored = true;
  var review = { fp: {}, ok: {} };
  function has(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }
  function loadReview() {
    try {
      var raw = window.localStorage.getItem(STORE_KEY);
      var value = raw ? JSON.parse(raw) : null;
      if (value && typeof value === "object") {
        if (value.fp && typeof value.fp === "object") { review.fp = value.fp; }
        if (value.ok && typeof value.ok === "object") { review.ok = value.ok; }
      }
    } catch (error) { stored = false; }
  }
  function saveReview() {
    try { window.localStorage.setItem(STORE_KEY, JSON.stringify({ version: 1, fp: review.fp, ok: review.ok })); }
    catch (error) { stored = false; }
    showRemaining();
  }
  function fingerprintOf(i) { return data.issues[i][10]; }
  function isFalsePositive(i) { return has(review.fp, fingerprintOf(i)); }
  function isReviewed(i) { return has(review.ok, fingerprintOf(i)); }
  function setFalsePositive(i, on) {
    var key = fingerprintOf(i);
    if (on) { if (!has(review.fp, key)) { review.fp[key] = ""; } delete review.ok[key]; }
    else { delete review.fp[key]; }
    saveReview(); decorateIssue(i);
  }
  function setReviewed(i, on) {
    var key = fingerprintOf(i);
    if (on) { review.ok[key] = 1; delete review.fp[key]; } else { delete review.ok[key]; }
    saveReview(); decorateIssue(i);
  }
  function showRemaining() {
    var total = data.issues.length, fp = 0, ok = 0;
    data.issues.forEach(function (_, i) { if (isFalsePositive(i)) { fp++; } else if (isReviewed(i)) { ok++; } });
    var text = total
      ? (total - fp - ok) + " of " + plural(total, "issue") + " left to review (" +
        plural(fp, "false positive") + ", " + ok + " reviewed)"
      : "No issues to review.";
    if (!stored) { text += ". The browser does not keep marks for this page: export them before closing it."; }
    $("remaining").textContent = text;
    $("export").disabled = fp === 0;
    $("export").textContent = "Export suppressions (" + fp + ")";
  }
  function showPosition() {
    $("position").textContent = current === null
      ? (nav.length ? plural(nav.length, "issue") + " in view." : "")
      : "Issue " + (navPos.get(current) + 1) + " of " + nav.length + " in view.";
  }

  // ---- export: the marked false positives as a `--suppressions` file (tqcheck/gating/suppressions.py) ----
  function tomlString(text) {  // a TOML basic string: JSON's escapes are TOML's, plus DEL
    return JSON.stringify(String(text)).replace(/\u007f/g, "\\u007F");
  }
  function comment(text) { return "# " + String(text).replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " "); }
  function suppressionsText() {
    var lines = [
      comment("tqcheck suppressions: findings marked false positive in the HTML report"),
      comment("of " + (data.inputs.join(", ") || "(no inputs)") + (data.created ? ", run " + data.created : "") + "."),
      comment("Use: tqcheck check ... --suppressions FILE (each entry matches one finding by its fingerprint)."),
      ""
    ];
    data.issues.forEach(function (issue, i) {
      if (!isFalsePositive(i)) { return; }
      var seg = data.segs[issue[0]];
      var where = (data.docs[seg[0]][0] || "(no document)") + ", segment " + seg[1] +
        (seg[2] !== null ? ", line " + seg[2] : "");
      var reason = String(review.fp[fingerprintOf(i)] || "").trim() || DEFAULT_REASON;
      lines.push(comment(where + ": " + issue[6]));
      lines.push("[[suppress]]");
      lines.push("code = " + tomlString(issue[4]));
      lines.push("fingerprint = " + tomlString(issue[10]));
      lines.push("reason = " + tomlString(reason));
      lines.push("");
    });
    return lines.join("\n");
  }
  function exportSuppressions() {
    var url = URL.createObjectURL(new Blob([suppressionsText()], { type: "application/toml" }));
    var anchor = make("a", "");
    anchor.href = url;
    anchor.download = "tqcheck-suppressions.toml";
    anchor.hidden = true;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function highlighted(text, field, indexes) {
    var spans = indexes.map(function (i) { return data.issues[i]; }).filter(function (issue) {
      return FIELDS[issue[1]] === field && issue[3] >= issue[2];
    });
    return tqcheck.highlight(text, spans, SEV, describe, "\n\n", function (issue) { return issueIndex.get(issue); });
  }
  function describe(issue) {
    var info = data.checks[issue[4]] || ["", "", ""];
    var lines = [issue[4] + " " + info[0] + " (" + SEV[issue[5]] + "): " + issue[6]];
    if (issue[7] !== null && issue[7] !== undefined) { lines.push("Suggestion: " + (issue[7] || "delete it")); }
    if (info[2]) { lines.push(info[2] + "."); }
    return lines.join("\n");
  }
  function link(doc, segId) {
    return "#doc=" + encodeURIComponent(data.docs[doc][0]) + "&seg=" + encodeURIComponent(segId);
  }
  function button(className, text, title) {
    var node = make("button", className, text);
    node.type = "button";
    node.title = title;
    return node;
  }
  function renderIssue(i) {
    var issue = data.issues[i];
    var info = data.checks[issue[4]] || ["", "", ""];
    var item = make("li", "sev-" + SEV[issue[5]]);
    item.id = "issue-" + i;
    item.setAttribute("data-issue", String(i));
    item.tabIndex = -1;
    if (issueFilterActive() && !issueMatches(issue)) { item.classList.add("dim"); }
    item.appendChild(make("span", "code", issue[4]));
    item.appendChild(make("span", "sev", SEV[issue[5]]));
    item.appendChild(make("span", "name", info[0] + " "));
    if (FIELDS[issue[1]] !== "target") { item.appendChild(make("span", "sev", "in " + data.labels[FIELDS[issue[1]]])); }
    item.appendChild(make("span", "msg", issue[6]));
    if (issue[7] !== null && issue[7] !== undefined) {
      item.appendChild(document.createTextNode(" → "));
      item.appendChild(make("span", "fix", issue[7] || "delete it"));
    }
    if (info[2]) {
      var details = make("details", "");
      details.appendChild(make("summary", "", " about"));
      details.appendChild(make("span", "about", info[2] + ". Characters " + issue[8] + "–" + issue[9] + "."));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(details);
    }
    var actions = make("span", "actions");
    actions.appendChild(button("mark-fp", "False positive", "Mark this " + issue[4] + " finding a false positive (f)"));
    actions.appendChild(button("mark-ok", "Reviewed", "Mark this " + issue[4] + " finding reviewed: real, seen (r)"));
    var reason = make("label", "reason");
    reason.appendChild(document.createTextNode("Reason "));
    var input = make("input", "");
    input.type = "text";
    input.placeholder = DEFAULT_REASON;
    input.setAttribute("aria-label", "Reason this " + issue[4] + " finding is a false positive");
    reason.appendChild(input);
    actions.appendChild(reason);
    item.appendChild(actions);
    decorate(item, i);
    return item;
  }
  // An issue's row shows its review marks and whether it is the current one.
  function decorate(item, i) {
    var fp = isFalsePositive(i), ok = isReviewed(i);
    item.classList.toggle("fp", fp);
    item.classList.toggle("ok", ok);
    item.classList.toggle("current", i === current);
    if (i === current) { item.setAttribute("aria-current", "true"); } else { item.removeAttribute("aria-current"); }
    item.querySelector(".mark-fp").setAttribute("aria-pressed", fp ? "true" : "false");
    item.querySelector(".mark-ok").setAttribute("aria-pressed", ok ? "true" : "false");
    var reason = item.querySelector(".reason");
    reason.hidden = !fp;
    var input = reason.querySelector("input");
    if (fp && document.activeElement !== input) { input.value = review.fp[fingerprintOf(i)] || ""; }
  }
  function decorateIssue(i) {
    var item = $("issue-" + i);
    if (item) { decorate(item, i); }
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
      issues.forEach(function (i) { list.appendChild(renderIssue(i)); });
      box.appendChild(list);
    }
    return box;
  }
  function absentFilters() {
    return ["family", "code", "severity", "doc"].filter(function (name) {
      var option = controls[name].selectedOptions[0];
      return option && option.classList.contains("absent");
    }).map(function (name) { return name + " " + (name === "doc" ? missingDoc : state[name]); });
  }
  function render(printing) {
    var list = $("list");
    list.textContent = "";
    var pages = Math.max(1, Math.ceil(visible.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    var start = printing ? 0 : state.page * PAGE_SIZE;
    var slice = visible.slice(start, start + (printing ? PRINT_LIMIT : PAGE_SIZE));
    var section = null, currentDoc = -1;
    slice.forEach(function (index) {
      var doc = data.segs[index][0];
      if (doc !== currentDoc) {
        currentDoc = doc;
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
    var absent = absentFilters();
    var hidden = state.only ? data.segs.length - visible.length : 0;
    $("status").textContent = visible.length
      ? "Showing segments " + (start + 1) + "–" + (start + slice.length) + " of " + visible.length +
        " (" + plural(nav.length, "issue") + ")" +
        (state.only && !issueFilterActive() && !state.query && state.doc === ""
          ? "; " + plural(hidden, "segment") + " without issues hidden" : "")
      : "No segment matches these filters" + (absent.length ? " (none in this report: " + absent.join(", ") + ")" : "") + ".";
    var toggle = $("show-all");
    var withIssues = segIssues.filter(Boolean).length;
    toggle.hidden = withIssues === 0 || withIssues === data.segs.length;
    toggle.textContent = state.only ? "Show all " + plural(data.segs.length, "segment")
                                    : "Show only segments with issues";
    toggle.setAttribute("aria-pressed", state.only ? "false" : "true");
    $("pageinfo").textContent = "page " + (state.page + 1) + " of " + pages;
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page >= pages - 1;
    Array.prototype.forEach.call(document.querySelectorAll(".chart .bar"), function (bar) {
      bar.classList.toggle("active", bar.getAttribute("data-family") === state.family);
      bar.setAttribute("aria-pressed", bar.getAttribute("data-family") === state.family ? "true" : "false");
    });
    markCurrent();
  }
  // The current issue: its row outlined (and focused, for screen readers), its span in the text ringed.
  function markCurrent() {
    Array.prototype.forEach.call(document.querySelectorAll("#list .current"), function (node) {
      node.classList.remove("current");
      node.removeAttribute("aria-current");
    });
    if (current !== null) {
      var item = $("issue-" + current);
      if (item) { item.classList.add("current"); item.setAttribute("aria-current", "true"); }
      Array.prototype.forEach.call(document.querySelectorAll("#list mark[data-issues~='" + current + "']"),
        function (node) { node.classList.add("current"); });
    }
    showPosition();
  }
  function goTo(i) {
    current = i;
    var page = Math.floor(navAt[navPos.get(i)] / PAGE_SIZE);
    if (page !== state.page) { state.page = page; render(); } else { markCurrent(); }
    var item = $("issue-" + i);
    if (item) {
      item.focus({ preventScroll: true });
      item.scrollIntoView({ block: "center" });
    }
  }
  function move(step) {
    if (!nav.length) { return; }
    var at;
    if (current === null) {  // start from the page on screen
      var first = state.page * PAGE_SIZE;
      at = step > 0 ? navAt.findIndex(function (pos) { return pos >= first; }) : -1;
      if (step < 0) {
        for (var n = nav.length - 1; n >= 0; n--) { if (navAt[n] < first + PAGE_SIZE) { at = n; break; } }
      }
      if (at < 0) { at = step > 0 ? 0 : nav.length - 1; }
    } else {
      at = Math.max(0, Math.min(nav.length - 1, navPos.get(current) + step));
    }
    goTo(nav[at]);
  }

  function update() { state.page = 0; compute(); render(); writeHash(); }
  // The filters live in the URL (`#family=names&severity=error&q=Gaza`), so a link or a reload
  // shows the same view; `#doc=…&seg=…` deep links keep working.
  var HASH_KEYS = { family: "family", code: "code", severity: "severity", query: "q", sort: "sort", order: "order" };
  var HASH_DEFAULTS = { sort: "input", order: "position" };
  function writeHash() {
    var params = new URLSearchParams();
    Object.keys(HASH_KEYS).forEach(function (name) {
      if (state[name] && state[name] !== HASH_DEFAULTS[name]) { params.set(HASH_KEYS[name], state[name]); }
    });
    if (state.doc !== "") { params.set("doc", state.doc === "-1" ? missingDoc : data.docs[Number(state.doc)][0]); }
    if (state.only !== DEFAULT_ONLY) { params.set("only", state.only ? "1" : "0"); }
    var text = params.toString();
    history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
  }
  function readControls() {
    state.family = controls.family.value; state.code = controls.code.value;
    state.severity = controls.severity.value; state.doc = controls.doc.value;
    state.sort = controls.sort.value; state.order = controls.order.value;
    state.query = controls.query.value; state.only = controls.only.checked;
  }
  ["family", "code", "severity", "sort", "order", "only", "doc"].forEach(function (name) {
    controls[name].addEventListener("change", function () { readControls(); update(); });
  });
  var timer = null;
  controls.query.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { readControls(); update(); }, 120);
  });
  $("f-reset").addEventListener("click", function () {
    ["family", "code", "severity", "doc", "query"].forEach(function (name) { controls[name].value = ""; });
    controls.sort.value = "input"; controls.order.value = "position"; controls.only.checked = DEFAULT_ONLY;
    readControls(); update();
  });
  $("show-all").addEventListener("click", function () {
    controls.only.checked = !controls.only.checked; readControls(); update();
  });
  $("prev").addEventListener("click", function () { state.page--; render(); $("segments").scrollIntoView(); });
  $("next").addEventListener("click", function () { state.page++; render(); $("segments").scrollIntoView(); });
  $("export").addEventListener("click", exportSuppressions);
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
  // The issue rows' buttons and reason fields, and a click on a row making it the current issue.
  function rowOf(node) {
    var item = node && node.closest ? node.closest("#list li[data-issue]") : null;
    return item ? Number(item.getAttribute("data-issue")) : null;
  }
  $("list").addEventListener("click", function (event) {
    var i = rowOf(event.target);
    if (i === null) { return; }
    if (event.target.closest(".mark-fp")) { setFalsePositive(i, !isFalsePositive(i)); }
    else if (event.target.closest(".mark-ok")) { setReviewed(i, !isReviewed(i)); }
    if (navPos.has(i) && current !== i) { current = i; markCurrent(); }
  });
  $("list").addEventListener("focusin", function (event) {  // tabbing to an issue's button makes it current
    var i = rowOf(event.target);
    if (i !== null && navPos.has(i) && current !== i) { current = i; markCurrent(); }
  });
  $("list").addEventListener("input", function (event) {
    var i = rowOf(event.target);
    if (i !== null && event.target.matches(".reason input") && isFalsePositive(i)) {
      review.fp[fingerprintOf(i)] = event.target.value;
      saveReview();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    if (event.key === "j") { move(1); }
    else if (event.key === "k") { move(-1); }
    else if (event.key === "f" && current !== null) { setFalsePositive(current, !isFalsePositive(current)); }
    else if (event.key === "r" && current !== null) { setReviewed(current, !isReviewed(current)); }
    else { return; }
    event.preventDefault();
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
      if (wanted && controls[name].value !== wanted && !has(HASH_DEFAULTS, name) && controls[name].tagName === "SELECT") {
        // A link to a filter this report has nothing for (`#family=names` with no names issue): show that
        // nothing matches, rather than silently everything.
        controls[name].appendChild(absentOption(wanted, wanted));
        controls[name].value = wanted;
      }
    });
    Object.keys(HASH_DEFAULTS).forEach(function (name) {  // an unknown value leaves a select empty
      if (!controls[name].value) { controls[name].value = HASH_DEFAULTS[name]; }
    });
    controls.only.checked = params.has("only") ? params.get("only") === "1" : DEFAULT_ONLY;
    if (docId !== null && doc < 0) {  // a link to a document this report does not have
      missingDoc = docId;
      var option = Array.prototype.find.call(controls.doc.options, function (o) { return o.value === "-1"; });
      if (option) { option.textContent = docId + " (none in this report)"; }
      else { controls.doc.appendChild(absentOption(docId, "-1")); }
      controls.doc.value = "-1";
    } else {
      controls.doc.value = doc >= 0 ? String(doc) : "";
    }
    readControls(); compute();
    var find = function () {
      return visible.findIndex(function (i) { return data.segs[i][1] === segId && (doc < 0 || data.segs[i][0] === doc); });
    };
    var target = segId === null ? -1 : find();
    if (target < 0 && segId !== null && state.only && !params.has("only")) {
      // a deep link to a segment without issues: open it among all segments
      controls.only.checked = false; readControls(); compute(); target = find();
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
  function absentOption(label, value) {
    var option = make("option", "absent", label + " (none in this report)");
    option.value = value;
    return option;
  }
  window.addEventListener("hashchange", applyHash);
  window.addEventListener("beforeprint", function () {
    render(true);
    Array.prototype.forEach.call(document.querySelectorAll("#list details"), function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { render(); });
  loadReview();
  showRemaining();
  controls.only.checked = DEFAULT_ONLY;
  controls.order.value = "position";
  readControls();
  if (!applyHash()) { update(); }
})();
