/* nlp-audit report: renders the findings table, the forms list and the per-form view from the
   embedded JSON, on demand (one page of rows at a time), so a 5,000-form batch stays usable.
   Plain DOM, no framework, no network. Every string from the forms goes through textContent. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("nlp-audit-data").textContent);
  var U = D.ui, F = D.findings, FORMS = D.forms, FILES = D.files, ROWS = D.rows;
  // finding fields
  var FI = 0, FR = 1, RULE = 2, SEV = 3, IND = 4, EV = 5, MSG = 6, POS = 7, NAT = 8, NUM = 9, ANC = 10;
  // form fields
  var M_FILE = 0, M_IDX = 1, M_PROJ = 2, M_DEPT = 3, M_KIND = 4, M_YEAR = 5, M_GRADE = 6, M_TOTAL = 7,
      M_NF = 9, M_DETAIL = 10;
  var PAGE = 100;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmt(s, vars) {
    return s.replace(/\{(\w+)\}/g, function (_, k) { return vars[k]; });
  }
  function $(id) { return document.getElementById(id); }
  function oneLine(text, limit) {
    var s = text.replace(/\t+/g, " | ").replace(/\s*\n+\s*/g, " ⏎ ").trim();
    return s.length > limit ? s.slice(0, limit - 1) + "…" : s;
  }

  function path(f) { return f[FI] >= 0 ? FILES[f[FI]][0] : U.batch; }
  function dept(f) { return f[FR] >= 0 ? FORMS[f[FR]][M_DEPT] : ""; }
  function project(f) { return f[FR] >= 0 ? FORMS[f[FR]][M_PROJ] : ""; }
  function lineOf(f) { var p = f[POS]; return p ? parseInt(p.split(":")[0], 10) : 0; }
  function title(code) { return D.rules[code] ? D.rules[code][0] : code; }

  /* ---------------------------------------------------------------- tabs and routing */
  function show(tab) {
    ["overview", "findings", "forms", "form"].forEach(function (t) { $(t).hidden = t !== tab; });
    Array.prototype.forEach.call(document.querySelectorAll("#tabs a"), function (a) {
      a.classList.toggle("on", a.getAttribute("data-tab") === tab);
    });
  }
  function route() {
    var h = location.hash.replace(/^#/, "");
    if (h.indexOf("form=") === 0) {
      var params = {};
      h.split("&").forEach(function (kv) { var p = kv.split("="); params[p[0]] = parseInt(p[1], 10); });
      renderForm(params.form, isNaN(params.f) ? -1 : params.f);
      show("form");
    } else if (h === "findings") { renderFindings(); show("findings"); }
    else if (h === "forms") { renderForms(); show("forms"); }
    else { show("overview"); }
  }
  window.addEventListener("hashchange", route);

  /* ---------------------------------------------------------------- findings table */
  var fState = { sev: "", fam: "", rule: "", dept: "", form: "", q: "", sort: "", dir: 1, page: 0 };
  var haystack = null; // lower-cased search text per display row, built on first search

  function option(select, value, label) {
    var o = el("option", "", label); o.value = value; select.appendChild(o);
  }
  function fillSelect(select, items) {  // [[value, label], ...] in one DOM insertion
    var frag = document.createDocumentFragment();
    items.forEach(function (p) { var o = el("option", "", p[1]); o.value = p[0]; frag.appendChild(o); });
    select.appendChild(frag);
  }
  function counted(key) {
    var c = {};
    ROWS.forEach(function (r) { var k = key(F[r[0]]); c[k] = (c[k] || 0) + r[1]; });
    return c;
  }
  function fillFilters() {
    var sev = $("f-sev"), fam = $("f-fam"), rule = $("f-rule"), dep = $("f-dept"), form = $("f-form");
    [sev, fam, rule, dep, form].forEach(function (s) { option(s, "", U.all); });
    var bySev = counted(function (f) { return f[SEV]; });
    D.severities.forEach(function (name, i) { if (bySev[i]) option(sev, String(i), name + " (" + bySev[i] + ")"); });
    var byFam = counted(function (f) { return f[RULE].charAt(0); });
    "PFSADCGB".split("").forEach(function (c) {
      if (byFam[c]) option(fam, c, c + " " + D.families[c] + " (" + byFam[c] + ")");
    });
    var byRule = counted(function (f) { return f[RULE]; });
    Object.keys(byRule).sort().forEach(function (c) { option(rule, c, c + " " + title(c) + " (" + byRule[c] + ")"); });
    var byDept = counted(dept);
    Object.keys(byDept).filter(function (k) { return k; })
      .sort(function (a, b) { return byDept[b] - byDept[a] || (a < b ? -1 : 1); })
      .forEach(function (k) { option(dep, k, k + " (" + byDept[k] + ")"); });
    var formItems = [];
    FORMS.forEach(function (m, i) {
      if (m[M_NF]) formItems.push([String(i), FILES[m[M_FILE]][0] + " · " + (m[M_PROJ] || "#" + m[M_IDX]) + " (" + m[M_NF] + ")"]);
    });
    fillSelect(form, formItems);
    [["f-sev", "sev"], ["f-fam", "fam"], ["f-rule", "rule"], ["f-dept", "dept"], ["f-form", "form"]].forEach(function (p) {
      $(p[0]).addEventListener("change", function (e) { fState[p[1]] = e.target.value; fState.page = 0; drawFindings(); });
    });
    var timer = null;
    $("f-q").addEventListener("input", function (e) {
      clearTimeout(timer);
      timer = setTimeout(function () { fState.q = e.target.value.trim().toLowerCase(); fState.page = 0; drawFindings(); }, 120);
    });
    sortable($("t-findings"), fState, drawFindings);
  }
  function searchText(r) {
    var parts = [];
    for (var i = r[0]; i < r[0] + r[1]; i++) {
      var f = F[i];
      parts.push(f[MSG], f[EV], f[IND], f[RULE], title(f[RULE]), f[NAT]);
    }
    var f0 = F[r[0]];
    parts.push(path(f0), project(f0), dept(f0));
    return parts.join("\u0001").toLowerCase();
  }
  function matches(r, i) {
    var f = F[r[0]];
    if (fState.sev !== "" && String(f[SEV]) !== fState.sev) return false;
    if (fState.fam && f[RULE].charAt(0) !== fState.fam) return false;
    if (fState.rule && f[RULE] !== fState.rule) return false;
    if (fState.dept && dept(f) !== fState.dept) return false;
    if (fState.form !== "" && String(f[FR]) !== fState.form) return false;
    if (fState.q) {
      if (!haystack) haystack = ROWS.map(searchText);
      if (haystack[i].indexOf(fState.q) < 0) return false;
    }
    return true;
  }
  var findingKeys = {
    sev: function (r) { return F[r[0]][SEV]; },
    rule: function (r) { return F[r[0]][RULE]; },
    file: function (r) { return path(F[r[0]]) + "\u0001" + project(F[r[0]]); },
    dept: function (r) { return dept(F[r[0]]); },
    where: function (r, i) { return i; },
    count: function (r) { return -r[1]; }
  };
  function sortable(table, state, redraw) {
    Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (th) {
      th.title = U.sort;
      th.addEventListener("click", function () {
        var key = th.getAttribute("data-sort");
        state.dir = state.sort === key ? -state.dir : 1;
        state.sort = key; state.page = 0;
        Array.prototype.forEach.call(table.querySelectorAll("th"), function (h) { h.className = ""; });
        th.className = state.dir > 0 ? "sorted-asc" : "sorted-desc";
        redraw();
      });
    });
  }
  function ordered(list, keys, state) {
    if (!state.sort) return list;
    var key = keys[state.sort], dir = state.dir;
    return list.map(function (p) { return [key(p[0], p[1]), p]; })
      .sort(function (a, b) { return (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1][1] - b[1][1]) * dir; })
      .map(function (x) { return x[1]; });
  }
  function pager(box, state, total, redraw) {
    box.textContent = "";
    var pages = Math.max(1, Math.ceil(total / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var prev = el("button", "", U.prev), next = el("button", "", U.next);
    prev.disabled = state.page === 0; next.disabled = state.page >= pages - 1;
    prev.addEventListener("click", function () { state.page--; redraw(); });
    next.addEventListener("click", function () { state.page++; redraw(); });
    box.appendChild(prev);
    box.appendChild(el("span", "muted", fmt(U.page, { p: state.page + 1, n: pages })));
    box.appendChild(next);
  }
  function drawFindings() {
    var shown = [];
    ROWS.forEach(function (r, i) { if (matches(r, i)) shown.push([r, i]); });
    shown = ordered(shown, findingKeys, fState);
    var total = 0;
    shown.forEach(function (p) { total += p[0][1]; });
    $("f-count").textContent = fmt(U.shown, { n: shown.length }) + (total !== shown.length ? " (" + total + ")" : "");
    var body = $("t-findings").tBodies[0];
    body.textContent = "";
    pager($("p-findings"), fState, shown.length, drawFindings);
    var start = fState.page * PAGE;
    shown.slice(start, start + PAGE).forEach(function (p) { body.appendChild(findingRow(p[0])); });
  }
  function findingRow(r) {
    var f = F[r[0]], tr = el("tr", "row");
    tr.setAttribute("data-rule", f[RULE]);
    tr.setAttribute("data-sev", String(f[SEV]));
    tr.setAttribute("data-f", String(r[0]));
    tr.appendChild(el("td", "sev s" + f[SEV], D.severities[f[SEV]]));
    var rule = el("td"); rule.appendChild(el("b", "", f[RULE])); rule.appendChild(document.createTextNode(" " + title(f[RULE])));
    tr.appendChild(rule);
    var where = el("td", "", path(f));
    if (project(f)) { where.appendChild(el("br")); where.appendChild(el("span", "muted", project(f))); }
    tr.appendChild(where);
    tr.appendChild(el("td", "", dept(f)));
    tr.appendChild(el("td", "", r[1] > 1 ? "" : f[IND]));
    var pos = el("td", "", f[POS]);
    if (f[NAT]) { pos.appendChild(el("br")); pos.appendChild(el("span", "muted", f[NAT])); }
    tr.appendChild(pos);
    var msg = el("td", "msg", f[MSG]);
    if (r[1] === 1 && f[EV]) msg.appendChild(el("div", "ev", oneLine(f[EV], 300)));
    if (r[1] > 1) {
      var places = [];
      for (var i = r[0]; i < r[0] + Math.min(r[1], 8); i++) places.push(F[i][POS] + (F[i][NAT] ? " " + F[i][NAT] : "") + (F[i][IND] ? " " + F[i][IND] : ""));
      msg.appendChild(el("div", "ev", places.join(" · ") + (r[1] > 8 ? " …" : "")));
    }
    if (r[1] === 1 && f[NUM]) msg.appendChild(el("div", "muted", f[NUM]));
    tr.appendChild(msg);
    var count = el("td"); count.appendChild(el("span", r[1] > 1 ? "badge many" : "badge", r[1]));
    tr.appendChild(count);
    if (f[FR] >= 0) tr.addEventListener("click", function () { location.hash = "form=" + f[FR] + "&f=" + r[0]; });
    return tr;
  }
  var findingsReady = false;
  function renderFindings() {
    if (!findingsReady) { fillFilters(); findingsReady = true; }
    drawFindings();
  }

  /* ---------------------------------------------------------------- forms list */
  var mState = { q: "", sort: "", dir: 1, page: 0 };
  var formKeys = {
    file: function (i) { return FILES[FORMS[i][M_FILE]][0] + "\u0001" + FORMS[i][M_IDX]; },
    project: function (i) { return FORMS[i][M_PROJ]; },
    dept: function (i) { return FORMS[i][M_DEPT]; },
    kind: function (i) { return FORMS[i][M_KIND]; },
    year: function (i) { return FORMS[i][M_YEAR] || 0; },
    total: function (i) { return FORMS[i][M_TOTAL] === null ? -1 : FORMS[i][M_TOTAL]; },
    grade: function (i) { return FORMS[i][M_GRADE]; },
    count: function (i) { return -FORMS[i][M_NF]; }
  };
  var formsReady = false;
  function renderForms() {
    if (!formsReady) {
      formsReady = true;
      sortable($("t-forms"), mState, drawForms);
      $("fm-q").addEventListener("input", function (e) { mState.q = e.target.value.trim().toLowerCase(); mState.page = 0; drawForms(); });
    }
    drawForms();
  }
  function drawForms() {
    var shown = [];
    FORMS.forEach(function (m, i) {
      if (mState.q) {
        var text = (FILES[m[M_FILE]][0] + " " + m[M_PROJ] + " " + m[M_DEPT]).toLowerCase();
        if (text.indexOf(mState.q) < 0) return;
      }
      shown.push([i, i]);
    });
    shown = ordered(shown, formKeys, mState);
    $("fm-count").textContent = fmt(U.shown, { n: shown.length });
    var body = $("t-forms").tBodies[0];
    body.textContent = "";
    pager($("p-forms"), mState, shown.length, drawForms);
    var start = mState.page * PAGE;
    shown.slice(start, start + PAGE).forEach(function (p) {
      var i = p[0], m = FORMS[i], tr = el("tr", "row");
      [FILES[m[M_FILE]][0] + " #" + m[M_IDX], m[M_PROJ], m[M_DEPT], D.kinds[m[M_KIND]] || m[M_KIND], m[M_YEAR] || "",
       m[M_TOTAL] === null ? "" : m[M_TOTAL], m[M_GRADE], m[M_NF]].forEach(function (v) { tr.appendChild(el("td", "", v)); });
      tr.addEventListener("click", function () { location.hash = "form=" + i; });
      body.appendChild(tr);
    });
  }

  /* ---------------------------------------------------------------- per-form view */
  var byForm = null;
  function formFindings(ref) {
    if (!byForm) {
      byForm = {};
      F.forEach(function (f, i) { if (f[FR] >= 0) (byForm[f[FR]] = byForm[f[FR]] || []).push(i); });
    }
    return byForm[ref] || [];
  }
  var IND_COL = { name: 2, target: 3, actual: 4, weight: 5, score: 6, reason: 7 };
  var FUNDS_COL = { label: 0, budget_initial: 1, budget_full_year: 2, executed: 3, weight: 4, rate: 5, score: 6 };

  function mark(node, fi, active) {
    var f = F[fi];
    node.classList.add("hl");
    var sev = node.getAttribute("data-sev");
    if (sev === null || f[SEV] < parseInt(sev, 10)) { node.setAttribute("data-sev", String(f[SEV])); }
    node.classList.remove("s0", "s1", "s2");
    node.classList.add("s" + node.getAttribute("data-sev"));
    var list = node.getAttribute("data-f");
    node.setAttribute("data-f", list ? list + "," + fi : String(fi));
    if (active) node.classList.add("active");
    if (!list) {
      node.addEventListener("click", function (e) { e.stopPropagation(); location.hash = "form=" + f[FR] + "&f=" + fi; });
    }
  }
  function table(headers) {
    var t = el("table", "grid"), head = el("tr");
    headers.forEach(function (h) { head.appendChild(el("th", "", h)); });
    t.appendChild(el("thead")).appendChild(head);
    t.appendChild(el("tbody"));
    return t;
  }
  function sentenceAround(text, a, b) {
    var stops = "。！？；!?;\n";
    var s = a, e = b;
    while (s > 0 && stops.indexOf(text.charAt(s - 1)) < 0) s--;
    while (e < text.length && stops.indexOf(text.charAt(e - 1)) < 0) e++;
    return [s, e];
  }
  function narrative(text, ranges, activeIdx) {
    var box = el("div", "narr");
    if (!text) { box.appendChild(el("span", "none", U.none)); return box; }
    var sent = null;
    ranges.forEach(function (r) { if (r.f === activeIdx) sent = sentenceAround(text, r.a, r.b); });
    var cuts = [0, text.length];
    ranges.forEach(function (r) { cuts.push(r.a, r.b); });
    if (sent) cuts.push(sent[0], sent[1]);
    cuts = cuts.filter(function (c, i, all) { return c >= 0 && c <= text.length && all.indexOf(c) === i; })
      .sort(function (x, y) { return x - y; });
    for (var k = 0; k + 1 < cuts.length; k++) {
      var x = cuts[k], y = cuts[k + 1], piece = text.slice(x, y);
      var over = ranges.filter(function (r) { return r.a < y && x < r.b; });
      var node;
      if (over.length) {
        node = el("mark", "", piece);
        over.forEach(function (r) { mark(node, r.f, r.f === activeIdx); });
      } else {
        node = el("span", "", piece);
      }
      if (sent && x >= sent[0] && y <= sent[1]) node.classList.add("sent");
      box.appendChild(node);
    }
    return box;
  }
  function renderForm(ref, active) {
    var box = $("form");
    box.textContent = "";
    var m = FORMS[ref];
    if (!m) return;
    var d = m[M_DETAIL] || { funds: [], ind: [], goal: "", actual: "", total: ["", "", ""] };
    var back = el("a", "", "← " + U.back); back.href = "#findings";
    box.appendChild(back);
    box.appendChild(el("h2", "", (m[M_PROJ] || U.none) + (d.title ? " · " + d.title : "")));
    var head = el("div", "form-head");
    [[U.file, FILES[m[M_FILE]][0] + " #" + m[M_IDX]], [U.department, m[M_DEPT]], [U.kind, D.kinds[m[M_KIND]] || m[M_KIND]],
     [U.year, m[M_YEAR] || ""], [U.total, m[M_TOTAL] === null ? "" : m[M_TOTAL]], [U.grade, m[M_GRADE]]].forEach(function (p) {
      var div = el("div"); div.appendChild(el("b", "", p[0])); div.appendChild(document.createTextNode(String(p[1]))); head.appendChild(div);
    });
    box.appendChild(head);

    var mine = formFindings(ref);
    box.appendChild(el("h3", "", U.this_form + " (" + mine.length + ")"));
    var list = el("ul", "flist");
    var activeEl = null;
    mine.forEach(function (fi) {
      var f = F[fi], li = el("li", fi === active ? "active" : "");
      li.setAttribute("data-f", String(fi));
      li.appendChild(el("span", "sev s" + f[SEV], D.severities[f[SEV]] + " "));
      li.appendChild(el("b", "", f[RULE] + " " + title(f[RULE]) + " "));
      li.appendChild(document.createTextNode((f[IND] ? "[" + f[IND] + "] " : "") + f[MSG] + " "));
      li.appendChild(el("span", "muted", f[POS] + (f[NAT] ? " " + f[NAT] : "")));
      li.addEventListener("click", function () { location.hash = "form=" + ref + "&f=" + fi; });
      list.appendChild(li);
    });
    box.appendChild(list);
    if (active >= 0 && F[active] && !F[active][ANC]) {
      var nop = el("div", "narr");
      nop.appendChild(el("div", "muted", U.no_place));
      nop.appendChild(el("div", "ev", F[active][EV]));
      box.appendChild(nop);
    }

    var anchors = { ind: {}, funds: {}, goal: [], actual: [], total: [], grade: [] };
    mine.forEach(function (fi) {
      var a = F[fi][ANC];
      if (!a) return;
      if (a[0] === "ind" || a[0] === "funds") (anchors[a[0]][a[1]] = anchors[a[0]][a[1]] || []).push([fi, a[2]]);
      else if (a[0] === "goal" || a[0] === "actual") anchors[a[0]].push({ a: a[1], b: a[2], f: fi });
      else anchors[a[0]].push(fi);
    });

    if (d.funds.length) {
      box.appendChild(el("h3", "", U.funds));
      var ft = table([U.f_label, U.f_bi, U.f_bf, U.f_ex, U.f_w, U.f_rate, U.f_score]);
      d.funds.forEach(function (row, i) {
        var tr = el("tr");
        row.forEach(function (v) { tr.appendChild(el("td", "", v)); });
        (anchors.funds[i] || []).forEach(function (p) {
          var cells = p[1].length ? p[1] : ["label"];
          cells.forEach(function (c) { mark(tr.cells[FUNDS_COL[c]], p[0], p[0] === active); });
          if (p[0] === active) activeEl = tr.cells[FUNDS_COL[cells[0]]];
        });
        ft.tBodies[0].appendChild(tr);
      });
      box.appendChild(ft);
    }
    [["goal", U.goal, d.goal], ["actual", U.actual, d.actual]].forEach(function (p) {
      box.appendChild(el("h3", "", p[1]));
      var n = narrative(p[2], anchors[p[0]], active);
      box.appendChild(n);
      var a = n.querySelector("mark.active");
      if (a && !activeEl) activeEl = a;
    });
    box.appendChild(el("h3", "", U.table));
    var it = table([U.level1, U.level2, U.name, U.target, U.actual_v, U.weight, U.score, U.reason]);
    d.ind.forEach(function (row, i) {
      var tr = el("tr");
      tr.setAttribute("data-row", String(i));
      for (var c = 0; c < 8; c++) tr.appendChild(el("td", "", row[c]));
      (anchors.ind[i] || []).forEach(function (p) {
        var cells = p[1].length ? p[1] : ["name"];
        tr.classList.add("hlrow");
        cells.forEach(function (c) { mark(tr.cells[IND_COL[c]], p[0], p[0] === active); });
        if (p[0] === active) activeEl = tr.cells[IND_COL[cells[0]]];
      });
      it.tBodies[0].appendChild(tr);
    });
    var tot = el("tr");
    tot.appendChild(el("td", "", U.total));
    for (var c = 0; c < 4; c++) tot.appendChild(el("td"));
    tot.appendChild(el("td", "", d.total[0]));
    var tcell = el("td", "", d.total[1]), gcell = el("td", "", d.total[2]);
    tot.appendChild(tcell); tot.appendChild(gcell);
    anchors.total.forEach(function (fi) { mark(tcell, fi, fi === active); if (fi === active) activeEl = tcell; });
    anchors.grade.forEach(function (fi) { mark(gcell, fi, fi === active); if (fi === active) activeEl = gcell; });
    it.tBodies[0].appendChild(tot);
    box.appendChild(it);
    if (activeEl && activeEl.scrollIntoView) activeEl.scrollIntoView({ block: "center" });
  }

  /* ---------------------------------------------------------------- start */
  document.documentElement.setAttribute("data-ready", "1");
  route();
})();
