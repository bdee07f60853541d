/* Shared by report.js and compare.js (inlined before either): build DOM nodes from data and mark
   issue spans in a text. Text only ever goes in through textContent / text nodes, never as HTML.
   An issue row is [.., field, start, end, code, severity, ...] with UTF-16 offsets. */
var tqcheck = {
  make: function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  },
  // A <p class="text"> holding `text` with each piece covered by `spans` in a <mark> coloured by the
  // worst severity covering it; `describe(issue)` gives the tooltip line of each covering issue.
  // A zero-length span (something missing there, e.g. a dropped sentence) becomes an empty
  // <mark class="point"> at its offset, drawn by CSS so that copying the text does not copy it.
  // `identify(issue)`, when given, names each covering issue in the mark's data-issues attribute.
  highlight: function (text, spans, severities, describe, separator, identify) {
    var container = tqcheck.make("p", "text");
    if (!spans.length) { container.textContent = text; return container; }
    var mark = function (covering, piece, className) {
      var worst = Math.min.apply(null, covering.map(function (issue) { return issue[5]; }));
      var node = tqcheck.make("mark", className + " sev-" + severities[worst], piece);
      node.setAttribute("data-codes", covering.map(function (issue) { return issue[4]; }).join(" "));
      if (identify) { node.setAttribute("data-issues", covering.map(identify).join(" ")); }
      node.title = covering.map(describe).join(separator);
      node.tabIndex = 0;
      container.appendChild(node);
    };
    var points = function (at) {
      var here = spans.filter(function (issue) { return issue[2] === issue[3] && Math.min(issue[2], text.length) === at; });
      if (here.length) { mark(here, null, "hl point"); }
    };
    var cuts = [0, text.length];
    spans.forEach(function (issue) { cuts.push(Math.min(issue[2], text.length), Math.min(issue[3], text.length)); });
    cuts = cuts.filter(function (v, i, all) { return all.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1];
      points(a);
      var piece = text.slice(a, b);
      var covering = spans.filter(function (issue) { return issue[2] <= a && issue[3] >= b && issue[2] < issue[3]; });
      if (!covering.length) { container.appendChild(document.createTextNode(piece)); continue; }
      mark(covering, piece, "hl");
    }
    points(text.length);
    return container;
  }
};
