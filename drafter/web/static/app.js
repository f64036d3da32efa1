/* drafter serve: the pages' behaviour. Plain JavaScript, no build step, no outside resources.
   Every text from the server or a file is put in the page with textContent, never as HTML. */
(function () {
  "use strict";

  var SEV_NAMES = { error: "错误", warning: "警告", info: "提示" };
  var SEV_RANK = { error: 0, warning: 1, info: 2 };
  var body = document.body;
  var MAX_MB = parseFloat(body.dataset.maxUploadMb || "20");
  var MAX_FILES = parseInt(body.dataset.maxFiles || "20", 10);

  function $(sel, root) { return (root || document).querySelector(sel); }

  /* el("div", {class: "x", title: "y"}, child, "text", ...) */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "class") node.className = v;
        else if (k === "text") node.textContent = v;
        else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, v === true ? "" : v);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }

  function setStatus(kind, text) {
    var box = $("#status");
    if (!box) return;
    box.className = "status" + (kind ? " " + kind : "");
    box.textContent = text || "";
  }

  async function errorOf(resp) {
    try {
      var data = await resp.json();
      if (data && data.error) return data.error;
    } catch (e) { /* not JSON */ }
    if (resp.status === 413) return "上传内容过大（不超过 " + MAX_MB + " MB）";
    return "服务器返回错误（" + resp.status + "）";
  }

  function filenameOf(resp, fallback) {
    var cd = resp.headers.get("Content-Disposition") || "";
    var m = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    if (m) { try { return decodeURIComponent(m[1]); } catch (e) { /* fall through */ } }
    m = /filename="([^"]+)"/i.exec(cd);
    return m ? m[1] : fallback;
  }

  function saveBlob(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: name });
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  /* POST and save the answer as a file; returns the file name, or throws Error(中文说明). */
  async function fetchFile(url, options, fallbackName) {
    var resp;
    try {
      resp = await fetch(url, options);
    } catch (e) {
      throw new Error("无法连接本机服务，请确认 drafter serve 仍在运行");
    }
    if (!resp.ok) throw new Error(await errorOf(resp));
    var name = filenameOf(resp, fallbackName);
    saveBlob(await resp.blob(), name);
    return name;
  }

  function stemOf(name) {
    var i = name.lastIndexOf(".");
    return i <= 0 ? name : name.slice(0, i);
  }

  /* ------------------------------------------------------------------ 检查草稿 */

  function checkPage() {
    var input = $("#files");
    var drop = $("#drop");
    var form = $("#upload-form");
    var button = $("#check-btn");
    var chosen = $("#chosen");
    var rules = {};
    try {
      JSON.parse($("#rules-data").textContent).forEach(function (r) { rules[r.id] = r; });
    } catch (e) { /* names only */ }
    /* a rule as people see it: its Chinese name (the id where a user's rule has none) */
    function ruleName(id) { return rules[id] && rules[id].name ? rules[id].name : id; }

    var state = { files: [], data: null };

    function choose(list) {
      var files = Array.prototype.slice.call(list || []);
      if (!files.length) return;
      var total = files.reduce(function (s, f) { return s + f.size; }, 0);
      state.files = files;
      chosen.textContent = files.length === 1 ? files[0].name : "已选 " + files.length + " 个文件：" +
        files.map(function (f) { return f.name; }).join("、");
      chosen.title = chosen.textContent;
      if (files.length > MAX_FILES) {
        setStatus("err", "一次最多检查 " + MAX_FILES + " 个文件，请分批上传");
        button.disabled = true;
        return;
      }
      if (total > MAX_MB * 1024 * 1024) {
        setStatus("err", "文件合计超过 " + MAX_MB + " MB，请分批上传");
        button.disabled = true;
        return;
      }
      button.disabled = false;
      run();
    }

    input.addEventListener("change", function () { choose(input.files); });
    if ($("#plan")) $("#plan").addEventListener("change", function () { if (state.files.length) run(); });
    ["dragenter", "dragover"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "dragend"].forEach(function (t) {
      drop.addEventListener(t, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      drop.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files) choose(e.dataTransfer.files);
    });
    /* a file dropped next to the zone must not make the browser leave the page */
    window.addEventListener("dragover", function (e) { e.preventDefault(); });
    window.addEventListener("drop", function (e) { e.preventDefault(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); if (state.files.length) run(); });

    async function run() {
      var fd = new FormData();
      state.files.forEach(function (f) { fd.append("files", f, f.name); });
      var plan = $("#plan") && $("#plan").files[0];
      if (plan) fd.append("plan", plan, plan.name);
      button.disabled = true;
      setStatus("busy", "正在检查 " + state.files.length + " 个文件……");
      var resp;
      try {
        resp = await fetch("/api/lint", { method: "POST", body: fd });
      } catch (e) {
        setStatus("err", "无法连接本机服务，请确认 drafter serve 仍在运行");
        button.disabled = false;
        return;
      }
      button.disabled = false;
      var data = null;
      try { data = await resp.json(); } catch (e) { data = null; }
      if (!resp.ok) {
        state.data = null;
        $("#results").hidden = true;
        setStatus("err", (data && data.error) || ("服务器返回错误（" + resp.status + "）"));
        return;
      }
      state.data = data;
      var n = data.files.reduce(function (s, f) { return s + f.findings.length; }, 0);
      var readable = new Set(data.files.map(function (f) { return f.upload; })).size;
      setStatus("ok", "检查完成：" + readable + " 个文件，" + data.files.length + " 篇报告，共 " + n + " 处问题" +
        (data.errors.length ? "；" + data.errors.length + " 个文件无法读取（见下）" : "") + "。");
      render();
    }

    function activeFilters() {
      var sev = {};
      document.querySelectorAll("#filters input[data-sev]").forEach(function (c) { sev[c.dataset.sev] = c.checked; });
      return { sev: sev, rule: $("#rule-filter").value };
    }

    document.querySelectorAll("#filters input[data-sev]").forEach(function (c) { c.addEventListener("change", renderReports); });
    $("#rule-filter").addEventListener("change", renderReports);

    function render() {
      var data = state.data;
      $("#results").hidden = false;
      var counts = { error: 0, warning: 0, info: 0 };
      var byRule = {};
      data.files.forEach(function (f) {
        f.findings.forEach(function (x) {
          counts[x.severity] = (counts[x.severity] || 0) + 1;
          byRule[x.rule] = (byRule[x.rule] || 0) + 1;
        });
      });
      Object.keys(counts).forEach(function (s) { $('[data-count="' + s + '"]').textContent = counts[s]; });
      var select = $("#rule-filter");
      var keep = select.value;
      select.textContent = "";
      select.append(el("option", { value: "" }, "全部规则"));
      Object.keys(byRule).sort(function (a, b) { return byRule[b] - byRule[a] || (a < b ? -1 : 1); }).forEach(function (id) {
        var desc = rules[id] ? rules[id].description : "";
        var label = ruleName(id) + "（" + byRule[id] + "）";
        select.append(el("option", { value: id }, label));
      });
      select.value = byRule[keep] ? keep : "";

      var errorsBox = $("#file-errors");
      errorsBox.textContent = "";
      data.errors.forEach(function (e) {
        errorsBox.append(el("div", { class: "file-error" }, el("b", null, e.path), "：", e.message));
      });
      renderReports();
    }

    function renderReports() {
      var data = state.data;
      if (!data) return;
      var filt = activeFilters();
      var box = $("#reports");
      box.textContent = "";
      var shown = 0, total = 0;
      data.files.forEach(function (file) {
        var visible = file.findings.filter(function (f) {
          return filt.sev[f.severity] && (!filt.rule || f.rule === filt.rule);
        });
        shown += visible.length;
        total += file.findings.length;
        box.append(reportCard(file, visible));
      });
      $("#shown").textContent = "显示 " + shown + " / " + total + " 处";
    }

    function reportCard(file, visible) {
      var unit = file.kind === "docx" ? "段" : "行";
      var counts = { error: 0, warning: 0, info: 0 };
      file.findings.forEach(function (f) { counts[f.severity]++; });
      var badges = el("div", { class: "counts" });
      if (!file.findings.length) badges.append(el("span", { class: "badge clean" }, "未发现问题"));
      ["error", "warning", "info"].forEach(function (s) {
        if (counts[s]) badges.append(el("span", { class: "badge " + s }, SEV_NAMES[s] + " " + counts[s]));
      });
      var actions = el("div", { class: "report-actions" });
      var upload = state.files[file.upload];
      if (upload) {
        var ext = upload.name.slice(upload.name.lastIndexOf(".")).toLowerCase();
        if (file.kind === "docx") {
          actions.append(el("button", { type: "button", class: "btn small", "data-action": "annotate",
                                        title: "每个问题一条 Word 批注，标在出问题的文字上",
                                        onclick: function (e) { copy(e.currentTarget, "/api/annotate", upload, ".批注.docx"); } },
                            "下载带批注的副本"));
        }
        actions.append(el("button", { type: "button", class: "btn small", "data-action": "fix",
                                      disabled: !file.fixable,
                                      title: file.fixable ? "可自动修改 " + file.fixable + " 处" +
                                        (file.kind === "docx" ? "，以修订形式写入，可在 Word 中逐条接受或拒绝" : "")
                                        : "没有可以自动修改的问题",
                                      onclick: function (e) { copy(e.currentTarget, "/api/fix", upload, ".修改" + ext); } },
                          (file.kind === "docx" ? "下载修订副本" : "下载修改后的副本") +
                          (file.fixable ? "（" + file.fixable + " 处）" : "")));
      }
      var head = el("div", { class: "report-head" },
        el("div", { class: "report-title" },
          el("div", { class: "file" }, file.path),
          el("h2", null, file.report || "（未能识别标题）"),
          el("div", { class: "meta" }, "总结年份：" + (file.year ? file.year + " 年" : "未能识别"))),
        badges, actions);
      var bodyBox = el("div", { class: "report-body" });
      if (!file.findings.length) {
        bodyBox.append(el("div", { class: "empty-note" }, "没有发现问题。"));
      } else if (!visible.length) {
        bodyBox.append(el("div", { class: "filtered-note" }, "按当前筛选条件没有要显示的问题。"));
      } else {
        groups(visible).forEach(function (g) {
          var sec = el("div", { class: "section" },
            el("div", { class: "section-head" }, g.name, el("span", { class: "section-count" }, g.items.length + " 处")));
          g.items.forEach(function (f) { sec.append(findingNode(f, file, unit)); });
          bodyBox.append(sec);
        });
      }
      return el("article", { class: "card report", "data-upload": file.upload }, head, bodyBox);
    }

    /* findings by part, in document order; within a part, errors first. The same problem
       (rule and message) found several times in one paragraph is one item with several marks. */
    function groups(findings) {
      var order = [];
      var map = {};
      findings.forEach(function (f) {
        var name = f.paragraph === null ? "全文" : (f.section || "标题与开头");
        if (!map[name]) { map[name] = { name: name, items: [], same: {} }; order.push(map[name]); }
        var g = map[name];
        var span = f.start !== null && f.end !== null ? [f.start, f.end] : null;
        var key = f.paragraph === null ? null : f.paragraph + "\u0000" + f.rule + "\u0000" + f.message;
        var item = key !== null ? g.same[key] : null;
        if (item) {
          item.count++;
          if (span) item.spans.push(span);
          if (item.suggestion !== f.suggestion) item.suggestion = null;
          return;
        }
        item = { severity: f.severity, rule: f.rule, message: f.message, paragraph: f.paragraph,
                 suggestion: f.suggestion, excerpt: f.excerpt, spans: span ? [span] : [], count: 1 };
        if (key !== null) g.same[key] = item;
        g.items.push(item);
      });
      order.forEach(function (g) {
        g.items.sort(function (a, b) {
          return SEV_RANK[a.severity] - SEV_RANK[b.severity] || (a.paragraph || 0) - (b.paragraph || 0) ||
            ((a.spans[0] || [0])[0] - (b.spans[0] || [0])[0]);
        });
      });
      return order;
    }

    function findingNode(f, file, unit) {
      var where = f.paragraph === null ? "全文" : "第 " + f.paragraph + " " + unit;
      var shown = f.spans.filter(function (s) { return s[1] > s[0]; });
      if (f.paragraph !== null && shown.length) {
        var list = shown.slice(0, 4).map(function (s) {
          return s[1] - s[0] === 1 ? String(s[1]) : (s[0] + 1) + "–" + s[1];
        }).join("、");
        where += "，第 " + list + (shown.length > 4 ? "…" : "") + " 字";
      }
      var desc = rules[f.rule] ? rules[f.rule].description : "";
      var line1 = el("div", { class: "line1" },
        el("span", { class: "message" }, f.message),
        f.count > 1 ? el("span", { class: "times" }, "共 " + f.count + " 处") : null,
        el("span", { class: "where" }, where),
        el("span", { class: "rule", title: desc }, ruleName(f.rule) + " ", el("code", null, f.rule)));
      var what = el("div", { class: "what" }, line1);
      var par = f.paragraph !== null ? file.paragraphs[String(f.paragraph)] : null;
      if (par) what.append(paragraphNode(par, f.spans));
      else if (f.excerpt) what.append(el("div", { class: "para" }, f.excerpt));
      /* the suggestion once: not again when the message says it (as drafter.outputs.report.extra_suggestion) */
      if (f.suggestion && f.message.indexOf("\u201c" + f.suggestion + "\u201d") < 0) {
        what.append(el("div", { class: "suggestion" }, "建议：", el("b", null, f.suggestion)));
      }
      return el("div", { class: "finding sev-" + f.severity, "data-rule": f.rule, "data-severity": f.severity,
                         "data-count": f.count },
        el("span", { class: "sev badge " + f.severity }, SEV_NAMES[f.severity]), what);
    }

    /* the paragraph with its spans marked; a long one shown around the spans, with a button for the rest */
    function paragraphNode(par, spans) {
      var chars = Array.from(par.text); /* offsets count code points, as Python does */
      var n = chars.length;
      var ok = spans.filter(function (s) { return s[0] >= 0 && s[0] <= s[1] && s[1] <= n; })
        .sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
      var LONG = 160, CONTEXT = 50;
      var box = el("div", { class: "para" });
      function fill(full) {
        box.textContent = "";
        if (par.number) box.append(el("span", { class: "num" }, par.number));
        var a = 0, b = n;
        if (!full && n > LONG) {
          if (ok.length) {
            a = Math.max(0, ok[0][0] - CONTEXT);
            b = Math.min(n, Math.max.apply(null, ok.map(function (s) { return s[1]; })) + CONTEXT);
          } else {
            b = LONG;
          }
        }
        if (a > 0) box.append("……");
        var at = a;
        ok.forEach(function (s) {
          var start = Math.max(s[0], at);
          if (start > s[1]) return; /* inside the previous mark */
          box.append(chars.slice(at, start).join(""));
          if (s[1] > start) box.append(el("mark", null, chars.slice(start, s[1]).join("")));
          else box.append(el("mark", { class: "point", title: "此处" }));
          at = Math.max(at, s[1]);
        });
        box.append(chars.slice(at, Math.max(at, b)).join(""));
        if (b < n) box.append("……");
        if (a > 0 || b < n) {
          box.append(el("button", { type: "button", class: "more", onclick: function () { fill(true); } }, "显示全段"));
        } else if (full && n > LONG) {
          box.append(el("button", { type: "button", class: "more", onclick: function () { fill(false); } }, "收起"));
        }
      }
      fill(false);
      return box;
    }

    async function copy(btn, url, upload, suffix) {
      var fd = new FormData();
      fd.append("file", upload, upload.name);
      var label = btn.textContent;
      btn.disabled = true;
      btn.textContent = "正在生成……";
      try {
        var name = await fetchFile(url, { method: "POST", body: fd }, stemOf(upload.name) + suffix);
        setStatus("ok", "已下载：" + name);
      } catch (e) {
        setStatus("err", upload.name + "：" + e.message);
      } finally {
        btn.disabled = false;
        btn.textContent = label;
      }
    }
  }

  /* ------------------------------------------------------------------ 生成模板 */

  function newFromForm() {
    var form = $("#from-form");
    if (!form) return;
    form.addEventListener("submit", async function (e) {
      e.preventDefault();
      var file = $("#from-file").files[0];
      if (!file) { setStatus("err", "请选择去年的报告（.docx、.txt 或 .md）"); return; }
      var params = new URLSearchParams({ hints: $("#hints").checked ? "true" : "false",
                                         seal: $("#seal").checked ? "true" : "false" });
      var report = $("#from-report").value.trim();
      if (report) params.set("report", report);
      var fd = new FormData();
      fd.append("file", file, file.name);
      var button = $("#from-btn");
      button.disabled = true;
      setStatus("busy", "正在生成……");
      try {
        var name = await fetchFile("/api/new-from?" + params.toString(), { method: "POST", body: fd },
                                   stemOf(file.name) + ".下一年.docx");
        setStatus("ok", "已生成并下载：" + name);
      } catch (err) {
        setStatus("err", err.message);
      } finally {
        button.disabled = false;
      }
    });
  }

  function newPage() {
    newFromForm();
    var form = $("#new-form");
    var kind = $("#kind");
    var button = $("#new-btn");
    function describe() {
      var opt = kind.options[kind.selectedIndex];
      $("#kind-description").textContent = opt ? opt.dataset.description || "" : "";
    }
    var marks = JSON.parse($("#kind-previews").textContent);
    /* the chosen kind's title and parts, with the unit and year typed so far */
    function preview() {
      var unit = $("#unit").value.trim() || "区财政局";
      var year = parseInt($("#year").value, 10);
      if (!(year >= 1949 && year <= 2199)) return;
      var p = marks.previews[kind.value];
      if (!p) return;
      function fill(text) {
        return text.split(marks.unit).join(unit).split(String(marks.year + 1)).join(String(year + 1))
          .split(String(marks.year)).join(String(year)).split(String(marks.year - 1)).join(String(year - 1));
      }
      var list = $("#kind-parts");
      list.textContent = "";
      list.append(el("li", null, "标题：" + fill(p.title)), el("li", null, "开头一段：总体情况"));
      p.parts.forEach(function (part) { list.append(el("li", null, fill(part))); });
      if (p.signed) list.append(el("li", null, "落款：单位和日期"));
      $("#kind-name").textContent = kind.value;
    }
    kind.addEventListener("change", function () { describe(); preview(); });
    describe();
    $("#unit").addEventListener("input", preview);
    $("#year").addEventListener("input", preview);
    preview();
    form.addEventListener("submit", async function (e) {
      e.preventDefault();
      var unit = $("#unit").value.trim();
      var year = parseInt($("#year").value, 10);
      if (!unit) { setStatus("err", "请填写单位名称，如“区财政局”"); $("#unit").focus(); return; }
      if (!(year >= 1949 && year <= 2199)) { setStatus("err", "请填写四位数的总结年份，如 2026"); $("#year").focus(); return; }
      button.disabled = true;
      setStatus("busy", "正在生成……");
      try {
        var name = await fetchFile("/api/new", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ unit: unit, year: year, kind: kind.value, hints: $("#hints").checked,
                                seal: $("#seal").checked })
        }, unit + year + "年工作总结.docx");
        setStatus("ok", "已生成并下载：" + name);
      } catch (err) {
        setStatus("err", err.message);
      } finally {
        button.disabled = false;
      }
    });
  }

  /* ------------------------------------------------------------------ 常用表述 */

  function phrasesPage() {
    var form = $("#phrases-form");
    var button = $("#phrases-btn");
    var section = $("#section");
    if (!section.options.length) {
      button.disabled = true;
      setStatus("err", "尚无常用表述数据");
      return;
    }

    var labels = {};
    Array.prototype.forEach.call(section.options, function (o) { labels[o.value] = o.textContent; });

    /* text with every occurrence of the words marked (longest first, no overlaps) */
    function marked(text, words) {
      var list = words.filter(function (w) { return w && w.length; })
        .sort(function (a, b) { return b.length - a.length; });
      var span = el("span");
      var i = 0, plain = "";
      while (i < text.length) {
        var hit = null;
        for (var k = 0; k < list.length; k++) {
          if (text.startsWith(list[k], i)) { hit = list[k]; break; }
        }
        if (hit) {
          if (plain) { span.append(plain); plain = ""; }
          span.append(el("mark", null, hit));
          i += hit.length;
        } else {
          plain += text[i];
          i += 1;
        }
      }
      if (plain) span.append(plain);
      return span;
    }

    /* the fixed parts of a phrase: “现将……如下” → 现将, 如下 */
    function fixedParts(phrase) {
      return phrase.split("……").map(function (x) { return x.trim(); }).filter(function (x) { return x.length >= 2; });
    }

    async function search() {
      var q = $("#q").value.trim();
      var params = new URLSearchParams({ section: section.value, top: $("#top").value });
      if (q) params.set("q", q);
      button.disabled = true;
      setStatus("busy", "正在查询……");
      try {
        var resp = await fetch("/api/phrases?" + params.toString());
        if (!resp.ok) throw new Error(await errorOf(resp));
        var data = await resp.json();
        var rows = $("#phrase-rows");
        rows.textContent = "";
        data.phrases.forEach(function (p) {
          var examples = el("ul");
          if (p.fillers && p.fillers.length) {
            examples.append(el("li", { class: "fillers" }, "填过：" + p.fillers.map(function (f) { return "“" + f + "”"; }).join("、")));
          }
          (p.examples || []).forEach(function (x) {
            examples.append(el("li", null, marked(x, q ? [q] : fixedParts(p.phrase))));
          });
          if (p.stock && p.note) examples.append(el("li", { class: "note" }, p.note));
          rows.append(el("tr", null,
            el("td", { class: "phrase" }, marked(p.phrase, q ? [q] : []),
              data.section === "all" && labels[p.section] ? el("div", { class: "part" }, labels[p.section]) : null),
            p.stock ? el("td", { class: "count stock" }, "整理")
              : el("td", { class: "count", title: "出现 " + p.count + " 次，见于 " + p.docs + " 篇" }, p.count + " / " + p.docs),
            el("td", { class: "share" }, p.stock || data.section === "all" ? "" : Math.round(p.share * 100) + "%"),
            el("td", { class: "examples" }, examples),
            el("td", null, el("button", { type: "button", class: "btn small", onclick: function (e) {
              var b = e.currentTarget;
              if (navigator.clipboard) {
                navigator.clipboard.writeText(p.phrase).then(function () { b.textContent = "已复制"; });
              }
            } }, "复制"))));
        });
        $("#phrase-results").hidden = !data.phrases.length;
        var label = section.options[section.selectedIndex].textContent;
        setStatus(data.phrases.length ? "ok" : "err", data.phrases.length
          ? (data.section === "all" ? "各部分" : "“" + label + "”部分") + (q ? "含“" + q + "”的" : "的") +
            "常用表述 " + data.phrases.length + " 条（共 " + data.total + " 条）"
          : "没有找到" + (q ? "含“" + q + "”的" : "") + "表述，换个词试试");
      } catch (err) {
        setStatus("err", err.message);
      } finally {
        button.disabled = false;
      }
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); search(); });
    section.addEventListener("change", search);
    search();
  }

  var pages = { check: checkPage, new: newPage, phrases: phrasesPage };
  if (pages[body.dataset.page]) pages[body.dataset.page]();
})();
