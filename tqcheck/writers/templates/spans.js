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
  highlight: function (text, spans, severities, describe, separator) {
    var container = tqcheck.make("p", "text");
    if (!spans.length) { container.textContent = text; return container; }
    var cuts = [0, text.length];
    spans.forEach(function (issue) { cuts.push(Math.min(issue[2], text.length), Math.min(issue[3], text.length)); });
    cuts = cuts.filter(function (v, i, all) { return all.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1];
      if (a === b) { continue; }
      var piece = text.slice(a, b);
      var covering = spans.filter(function (issue) { return issue[2] <= a && issue[3] >= b; });
      if (!covering.length) { container.appendChild(document.createTextNode(piece)); continue; }
      var worst = Math.min.apply(null, covering.map(function (issue) { return issue[5]; }));
      var mark = tqcheck.make("mark", "hl sev-" + severities[worst], piece);
      mark.setAttribute("data-codes", covering.map(function (issue) { return issue[4]; }).join(" "));
      mark.title = covering.map(describe).join(separator);
      mark.tabIndex = 0;
      container.appendChild(mark);
    }
    return container;
  }
};
