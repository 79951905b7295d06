// Progressive enhancement of the server-rendered forms: pages, autosave, client checks, safe submit.
(function () {
  "use strict";
  var d = document, form = d.querySelector("form[data-kind]"), root = d.documentElement;
  var all = function (sel, el) { return [].slice.call((el || form).querySelectorAll(sel)); };
  if (parent !== window) {  // embedded: tell the host page our height (the host checks event.origin)
    var tell = function () { parent.postMessage({ integra: "height", height: root.scrollHeight }, "*"); };
    new ResizeObserver(tell).observe(root);
  }
  if (!form) return;
  var M = JSON.parse(d.getElementById("msgs").textContent), E = form.elements;
  var summary = d.getElementById("es"), note = d.querySelector(".note");
  var target = new URL(form.getAttribute("action"), location.href).href;  // form.action is the "action" button
  // a reopened draft keeps its own copy: what is changed after opening it is newer than the draft, and survives a reload
  var key = "integra:" + form.dataset.kind + ":" + (E.questionnaire_version || {}).value + ((E.draft || {}).value || "");
  var SKIP = { form_token: 1, website: 1, lang: 1 };
  var store = null;
  try { store = localStorage; store.getItem(key); } catch (e) { store = null; }  // blocked in some iframes
  function put(k, v) { try { if (store) v == null ? store.removeItem(k) : store.setItem(k, v); } catch (e) { } }
  function get(k) { try { return store && store.getItem(k); } catch (e) { return null; } }

  function save() {
    var pairs = [];
    new FormData(form).forEach(function (v, k) { if (!SKIP[k]) pairs.push(k + "=" + v); });
    put(key, JSON.stringify(pairs));
  }
  var restored = form.hasAttribute("data-restored");
  try {
    var had = restored && !E.draft ? null : JSON.parse(get(key));
    if (had) all("input,select").forEach(function (el) {
      if (SKIP[el.name]) return;
      if (el.type === "radio" || el.type === "checkbox") el.checked = had.indexOf(el.name + "=" + el.value) >= 0;
      else had.forEach(function (p) { if (p.indexOf(el.name + "=") === 0) el.value = p.slice(el.name.length + 1); });
    });
  } catch (e) { }
  form.addEventListener("change", save);
  form.addEventListener("input", save);

  // ---- pages: one section at a time, with progress and Back / Continue ----
  var pages = form.hasAttribute("data-pages") ? all("section.pg") : [], prog = d.createElement("p"), cur = 0;
  var lead = d.querySelector(".lead"), saver = form.querySelector('[name=action][value=save]');
  function button(label, cls, go) {
    var b = d.createElement("button");
    b.type = "button"; b.className = "b " + cls; b.textContent = label; b.onclick = go;
    return b;
  }
  function show(n, focus) {
    if (!pages.length) return;
    n = Math.max(0, Math.min(n, pages.length - 1));
    pages.forEach(function (p, i) { p.hidden = i !== n; });
    cur = n;
    if (lead) lead.hidden = n > 0;  // the introduction once, on the first section
    prog.textContent = M.section_of.replace("{n}", n + 1).replace("{m}", pages.length);
    prog.style.setProperty("--p", (n + 1) * 100 / pages.length + "%");
    if (n === pages.length - 1) review();
    if (focus) { var h = pages[n].querySelector("h2"); h.tabIndex = -1; h.focus(); }
    put(key + ":page", n);
  }
  function link(text, id) {
    var li = d.createElement("li"), a = li.appendChild(d.createElement("a"));
    a.textContent = text; a.href = "#" + id;
    return li;
  }
  function grouped(list) {  // unanswered questions: one line per section with two or more
    var out = [], seen = {};
    list.forEach(function (e) {
      var el = fieldOf(e.path || ""), n = el && el.closest(".q") ? pages.indexOf(el.closest("section.pg")) + 1 : 0;
      if (!n) return out.push(e);
      if (seen[n]) return seen[n].n++;
      out.push(seen[n] = Object.assign({ n: 1, s: n }, e));
    });
    return out;
  }
  function lineOf(e) {
    var el = fieldOf(e.path || ""), l = el && el.closest(".f").querySelector("legend,label");
    if (e.n > 1) return M.section_missing.replace("{section}", pages[e.s - 1].dataset.name).replace("{n}", e.n);
    return (l ? l.textContent.replace(/\.?\s*\(.*\)$|\.$/, "") + ": " : "") + e.message;
  }
  function review() {  // the last page lists what is unanswered, by section, each line linked to its question
    var box = d.getElementById("review"), ul = d.createElement("ul");
    var missing = problems(form).filter(function (e) { return fieldOf(e.path).closest(".q"); });
    box.textContent = missing.length ? M.review_missing : M.review_ok;
    grouped(missing).forEach(function (err) { ul.appendChild(link(lineOf(err), fieldOf(err.path).id)); });
    if (missing.length) box.appendChild(ul);
  }
  if (pages.length) {
    prog.className = "prog";
    prog.setAttribute("aria-live", "polite");
    form.insertBefore(prog, pages[0]);
    pages.forEach(function (p, i) {
      var bar = p.appendChild(d.createElement("div"));
      bar.className = "bar";
      if (i) bar.appendChild(button(M.back, "b2", function () { show(i - 1, true); }));
      if (i === pages.length - 1) return;
      bar.appendChild(button(M.next, "", function () { if (i || check(p)) show(i + 1, true); }));
      // save and come back later, from any section
      if (saver) bar.appendChild(button(saver.textContent, "b2", function () { if (!busy) send("save", this); }));
    });
    show(restored ? +form.dataset.start || 0 : +get(key + ":page") || 0);
  }
  d.addEventListener("click", function (e) {  // a link to a field opens the field's page first
    var a = e.target.closest('a[href^="#"]'), el = a && d.getElementById(decodeURIComponent(a.hash.slice(1)));
    if (!el || !form.contains(el)) return;
    e.preventDefault();
    if (pages.length) show(pages.indexOf(el.closest("section.pg")));
    el.focus();
  });

  // ---- errors shown the GOV.UK way; client checks mirror the server's rules ----
  function clearErrors() {
    all(".f-err").forEach(function (f) { f.classList.remove("f-err"); });
    all("p.err").forEach(function (p) {
      var owner = form.querySelector("[aria-describedby~='" + p.id + "']");
      if (owner) owner.setAttribute("aria-describedby", owner.getAttribute("aria-describedby").replace(p.id, "").trim());
      p.remove();
    });
    summary.hidden = true;
  }
  function fieldOf(path) {
    for (var parts = path.split("."); parts.length; parts.pop()) {
      var el = E.namedItem(parts.join("."));
      if (el) return el.id ? el : el[0];
    }
  }
  function showErrors(list, heading) {
    clearErrors();
    var ul = d.createElement("ul");
    grouped(list).forEach(function (err) {  // the summary names each field, or each section's unanswered ones
      var el = fieldOf(err.path || "");
      ul.appendChild(link(lineOf(err), el ? el.id : "main"));
    });
    list.forEach(function (err) {  // and every field gets its own message beside it
      var el = fieldOf(err.path || ""), box = el && el.closest(".f");
      if (!box || box.classList.contains("f-err")) return;
      box.classList.add("f-err");
      var owner = box.tagName === "FIELDSET" ? box : el, p = d.createElement("p");
      p.className = "err"; p.id = el.id + "-e";
      p.innerHTML = '<span class="vh"></span>';
      p.firstChild.textContent = M.error_prefix + " ";
      p.appendChild(d.createTextNode(err.message));
      box.insertBefore(p, box.querySelector(".cs,.c,input,select"));
      owner.setAttribute("aria-describedby", ((owner.getAttribute("aria-describedby") || "") + " " + p.id).trim());
    });
    summary.innerHTML = '<h2 id="es-t"></h2>';
    summary.firstChild.textContent = heading || M.error_title;
    summary.setAttribute("aria-labelledby", "es-t");
    if (list.length) summary.appendChild(ul);  // a request-wide message is the heading alone
    summary.hidden = false;
    summary.focus();
  }
  function problems(scope) {
    var out = [], seen = {};
    all("input,select", scope).forEach(function (el) {
      var name = el.name, msg = null, q = el.closest(".q");
      if (!name || seen[name] || el.type === "hidden" || SKIP[name]) return;
      if (el.type === "radio") {
        seen[name] = 1;
        if ((el.required || q) && !form.querySelector('[name="' + name + '"]:checked')) msg = q ? M.answer_missing : M.missing;
      } else if (name === "commitments") {
        seen[name] = 1;
        var open = all('[name="commitments"]:not(:checked)').map(function (c) { return c.value.slice(1); });
        if (open.length) msg = M.commitments_incomplete.replace("{missing}", open.join(", "));
      } else if (el.type === "checkbox") {
        if (el.required && !el.checked) msg = M.consent_required;
      } else {
        el.value = el.value.trim();
        var or = E[el.dataset.or];  // an amount, or else a range
        if (el.required && !el.value && !(or && or.value)) msg = M.missing;
        else if (el.dataset.need && !el.value && q.querySelector("[value=na]:checked")) msg = M.answer_na_reason;
        else if (el.value && !el.checkValidity()) msg = M[el.dataset.bad];
      }
      if (msg) out.push({ path: name, message: msg });
    });
    return out;
  }
  function check(scope) {
    var list = problems(scope);
    if (list.length) showErrors(list); else clearErrors();
    return !list.length;
  }

  // ---- submit: one key per submission, buttons disabled in flight, retries with the same key ----
  var busy = false;
  function say(text) { note.textContent = text; note.hidden = !text; }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var btn = e.submitter || form.querySelector("[type=submit]"), action = btn.value;
    if (busy || (action === "send" && !check(form))) return;
    send(action, btn);
  });
  async function send(action, btn) {
    var buttons = all("[type=submit]"), label = btn.textContent, res, data;
    busy = true;
    buttons.forEach(function (b) { b.disabled = true; });
    btn.textContent = M.sending;
    try {
      for (var attempt = 0; attempt < 7; attempt++) {
        var body = new URLSearchParams(new FormData(form));
        body.set("action", action);
        if (action === "save") body.set("section", cur);  // the draft reopens where it was saved
        try {
          res = await fetch(target, { method: "POST", body: body, headers: { Accept: "application/json" } });
          data = await res.json().catch(function () { return {}; });
        } catch (err) { res = null; data = {}; }
        if (res && res.ok) {
          if (data.redirect) {
            put(key); put(key + ":page");
            return location.assign(new URL(data.redirect, target).href);
          }
          if (data.draft) ["draft", "draft_token"].forEach(function (k) {  // sending will retire this draft
            var el = E[k] || form.appendChild(Object.assign(d.createElement("input"), { type: "hidden", name: k }));
            el.value = data[k];
          });
          clearErrors(); say(data.message); note.tabIndex = -1; note.focus();
          return;
        }
        if (res && res.status < 500 && !(res.status === 429 && data.retry_after)) break;
        if (data.form_token) E.form_token.value = data.form_token;
        if (!res || res.status >= 500) say(M.network);
        await new Promise(function (r) { setTimeout(r, data.retry_after * 1000 || Math.min(8000, 500 << attempt)); });
      }
      say("");
      var error = data.error || { message: M.network_failed };
      showErrors(error.fields || [], error.message);
    } finally {
      busy = false;
      btn.textContent = label;
      buttons.forEach(function (b) { b.disabled = false; });
    }
  }
})();
