// socialcrm dashboard: shared helpers. No dependencies; every page script
// builds on window.SC.
"use strict";
(function () {
  const SC = {};
  window.SC = SC;

  // api fetches JSON from the API and never throws: it resolves to
  // {ok, status, data, error}. Areas that are not wired answer 404/503.
  // pending counts the requests on their way, so that signing out can
  // wait for them rather than have them come back refused.
  let pending = 0;
  SC.api = async function (path, opts) {
    const init = { headers: { Accept: "application/json" }, ...(opts || {}) };
    if (init.body !== undefined && typeof init.body !== "string") {
      init.body = JSON.stringify(init.body);
    }
    // Every write is JSON: the API refuses other types (415).
    if (init.method && init.method !== "GET") init.headers["Content-Type"] = "application/json";
    if (SC.signedOut) return { ok: false, status: 401, data: null, error: "signed out" };
    pending++;
    try {
      const res = await fetch(path, init);
      if (res.status === 401 && document.body.dataset.page !== "signin") {
        SC.signIn();
        return { ok: false, status: 401, data: null, error: "signed out" };
      }
      let data = null;
      const text = await res.text();
      if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
      const error = res.ok ? null : (data && data.error) || res.statusText || "HTTP " + res.status;
      return { ok: res.ok, status: res.status, data, error };
    } catch (e) {
      return { ok: false, status: 0, data: null, error: "network error" };
    } finally {
      pending--;
    }
  };

  // settled resolves once no request is on its way, or after ms.
  SC.settled = function (ms) {
    const until = Date.now() + ms;
    return new Promise((done) => {
      const check = () => (pending === 0 || Date.now() >= until ? done() : setTimeout(check, 25));
      check();
    });
  };

  // signIn sends the browser to the sign-in page, back here afterwards.
  SC.signIn = function () {
    location.assign("/signin?next=" + encodeURIComponent(location.pathname + location.search));
  };

  // The signed-in user's name and the sign-out button, on every page but
  // the sign-in page.
  document.addEventListener("DOMContentLoaded", async () => {
    const who = document.getElementById("who");
    if (!who) return;
    const r = await SC.api("/api/v1/session");
    if (r.ok && r.data && r.data.user) {
      SC.me = r.data;
      document.getElementById("who-name").textContent = r.data.user.name || r.data.user.email;
    }
    // Signing out starts no more requests (they would only be refused),
    // closes the live stream and lets the requests on their way finish
    // before the session ends.
    document.getElementById("signout").addEventListener("click", async () => {
      SC.signedOut = true;
      streams.forEach((es) => es.close());
      await SC.settled(3000);
      try {
        await fetch("/api/v1/session", { method: "DELETE", headers: { Accept: "application/json", "Content-Type": "application/json" } });
      } finally {
        location.assign("/signin");
      }
    });
  });

  // users resolves to the active users ({id, name}, by name) whom cases
  // and tasks may be assigned to, read once per page; [] when the role
  // may not look them up.
  let usersOnce = null;
  SC.users = function () {
    usersOnce = usersOnce || SC.api("/api/v1/users/lookup").then((r) => (r.ok ? SC.list(r.data, "users") : []));
    return usersOnce;
  };
  // userPicker is a select of those users, "unassigned" first, with the
  // current assignee selected (kept as an option when no longer listed).
  SC.userPicker = function (users, current, attrs) {
    const opts = [SC.h("option", { value: "" }, "unassigned")];
    if (current && !users.some((u) => u.id === current)) opts.push(SC.h("option", { value: current }, current));
    for (const u of users) opts.push(SC.h("option", { value: u.id, title: u.id }, u.name || u.id));
    const sel = SC.h("select", attrs || {}, opts);
    sel.value = current || "";
    return sel;
  };

  // unavailable reports whether an answer means "this area is not wired".
  SC.unavailable = (r) => r.status === 404 || r.status === 501 || r.status === 503 || r.status === 405;

  // list returns the array in an API answer: either the answer itself or
  // the first array-valued field among keys.
  SC.list = function (data, ...keys) {
    if (Array.isArray(data)) return data;
    if (!data || typeof data !== "object") return [];
    for (const k of keys) if (Array.isArray(data[k])) return data[k];
    return [];
  };

  // h builds an HTML element: h("a", {href: "/"}, "text", child…). Text is
  // always set as text, never parsed as HTML.
  SC.h = function (tag, attrs, ...kids) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, kids);
    return el;
  };
  // s builds an SVG element.
  SC.s = function (tag, attrs, ...kids) {
    const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
    setAttrs(el, attrs);
    append(el, kids);
    return el;
  };
  function setAttrs(el, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.setAttribute("class", v);
      else if (k === "text") el.textContent = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "style") for (const [p, pv] of Object.entries(v)) el.style.setProperty(p, pv);
      else if (k === "dataset") Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? "" : v);
    }
  }
  function append(el, kids) {
    for (const k of kids.flat(Infinity)) {
      if (k === null || k === undefined || k === false) continue;
      el.append(k instanceof Node ? k : String(k));
    }
  }
  SC.clear = function (el, ...kids) { el.replaceChildren(); append(el, kids); return el; };
  SC.$ = (sel, root) => (root || document).querySelector(sel);
  SC.$$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  // na renders a "not available" note for an area that did not answer.
  SC.na = (what, r) => SC.h("div", { class: "na", role: "note" },
    SC.h("span", { "aria-hidden": "true" }, "⊘"),
    `${what} not available` + (r && r.status ? ` (HTTP ${r.status})` : ""));

  // formatting
  const nf = new Intl.NumberFormat();
  SC.n = (x) => (x === null || x === undefined || isNaN(x) ? "–" : nf.format(x));
  SC.pct = (x, d) => (isFinite(x) ? (x * 100).toFixed(d === undefined ? 0 : d) + "%" : "–");
  SC.signed = (x, d) => (isFinite(x) ? (x > 0 ? "+" : x < 0 ? "−" : "") + Math.abs(x).toFixed(d === undefined ? 2 : d) : "–");
  // money writes an amount, with its currency when one is given (an ISO
  // 4217 code): "€480,000", "$12,000"; "4,000" without.
  SC.money = function (x, currency) {
    if (!isFinite(x)) return "–";
    if (!currency) return new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(x);
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(x);
    } catch (e) { // not a currency the browser knows
      return new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(x) + " " + currency;
    }
  };
  SC.time = (t) => { const d = new Date(t); return isNaN(d) || d.getFullYear() < 1000 ? "–" : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }); };
  SC.ago = function (t) {
    const d = new Date(t);
    if (isNaN(d) || d.getFullYear() < 1000) return "";
    const s = Math.round((Date.now() - d) / 1000);
    if (s < 45) return "just now";
    if (s < 3600) return Math.round(s / 60) + " min ago";
    if (s < 86400) return Math.round(s / 3600) + " h ago";
    return Math.round(s / 86400) + " d ago";
  };
  // duration writes a span of milliseconds as people read it: "45 s",
  // "1 min 30 s", "24 h", "7 days". humanSpan in web/duration.go is the
  // same function on the server; keep the two alike.
  SC.duration = function (ms) {
    if (!isFinite(ms)) return "–";
    if (ms < 0) return "−" + SC.duration(-ms);
    const s = Math.round(ms / 1000);
    const two = (n, unit, rest, restUnit) => rest ? `${n} ${unit} ${rest} ${restUnit}` : `${n} ${unit}`;
    if (s < 60) return s + " s";
    if (s < 3600) return two(Math.floor(s / 60), "min", s % 60, "s");
    if (s < 48 * 3600) return two(Math.floor(s / 3600), "h", Math.floor(s % 3600 / 60), "min");
    const days = Math.floor(s / 86400);
    return two(days, days === 1 ? "day" : "days", Math.floor(s % 86400 / 3600), "h");
  };
  // goDuration reads a Go duration ("5m0s", "1h30m", "250ms") into
  // milliseconds; NaN when it is not one.
  SC.goDuration = function (v) {
    if (typeof v === "number") return v / 1e6; // nanoseconds
    const m = /^(-?)((?:\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns))+)$/.exec(String(v || "").trim());
    if (!m) return NaN;
    const unit = { h: 3600e3, m: 60e3, s: 1e3, ms: 1, us: 1e-3, "µs": 1e-3, ns: 1e-6 };
    let ms = 0;
    for (const [, n, u] of m[2].matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) ms += parseFloat(n) * unit[u];
    return m[1] ? -ms : ms;
  };
  // span writes a Go duration as people read it, or the value as given
  // when it is not a duration.
  SC.span = (v) => { const ms = SC.goDuration(v); return isNaN(ms) ? (v === undefined || v === null || v === "" ? "–" : String(v)) : SC.duration(ms); };
  SC.timeEl = (t) => SC.h("time", { datetime: t, title: SC.time(t) }, SC.ago(t) || SC.time(t));

  // palette for brands and communities, readable on white
  SC.palette = ["#1f4fd1", "#d9480f", "#0c8599", "#9c36b5", "#2b8a3e", "#c2255c", "#5f3dc4", "#e67700", "#364fc7", "#087f5b"];
  SC.color = (i) => SC.palette[((i % SC.palette.length) + SC.palette.length) % SC.palette.length];

  SC.toast = function (msg, isErr) {
    const t = SC.h("div", { class: "toast" + (isErr ? " err" : "") }, msg);
    SC.$("#toasts").append(t);
    setTimeout(() => t.remove(), 4000);
  };

  // labelBadge shows a sentiment label; a mention without one had no
  // words to score (a like, a bare share) or is not scored yet.
  SC.labelBadge = (label) => SC.h("span", { class: "badge " + (label || "neutral"), "data-role": "label" }, label || "no sentiment");

  // stackBar is a proportional positive/neutral/negative bar.
  SC.stackBar = function (pos, neu, neg) {
    const tot = pos + neu + neg || 1;
    const part = (cls, v) => v > 0 ? SC.h("span", { class: cls, style: { width: (100 * v / tot).toFixed(2) + "%" } }) : null;
    return SC.h("div", { class: "stack", role: "img", "aria-label": `${pos} positive, ${neu} neutral, ${neg} negative` },
      part("positive", pos), part("neutral", neu), part("negative", neg));
  };

  // mentionItem renders a scored mention with its explanation and a control
  // to correct the label.
  SC.mentionItem = function (m, opts) {
    opts = opts || {};
    const s = m.sentiment || null;
    const li = SC.h("li", { class: "mention", "data-mention": m.id, "data-label": s ? s.label : "" });
    const who = m.author && (m.author.name || m.author.handle || m.author.id) || "unknown";
    const meta = SC.h("div", { class: "m-meta" },
      SC.h("span", { class: "m-author" }, who),
      m.author && m.author.handle && m.author.name ? SC.h("span", {}, "@" + m.author.handle.replace(/^@/, "")) : null,
      m.brand ? SC.h("span", { class: "chip" }, m.brand) : null,
      SC.h("span", {}, [m.source, m.kind, m.lang].filter(Boolean).join(" · ")),
      m.intent && m.intent !== "other" ? SC.h("span", { class: "chip" }, m.intent) : null,
      m.url && /^https?:\/\//.test(m.url) ? SC.h("a", { href: m.url, rel: "noopener noreferrer", target: "_blank" }, SC.timeEl(m.created_at)) : SC.timeEl(m.created_at));
    const main = SC.h("div", { class: "m-main" }, meta, SC.h("p", { class: "m-text" }, m.text || ""));
    // explanation weights are each token's support for the chosen label
    const ex = s && Array.isArray(s.explain) ? s.explain.slice(0, 6) : [];
    if (ex.length) {
      const cls = { positive: "up", negative: "down" }[s.label] || "";
      main.append(SC.h("ul", { class: "tokens", "aria-label": `Why ${s.label}: the tokens that weighed most` },
        SC.h("li", { class: "tok-label", "aria-hidden": "true" }, "why"),
        ex.map((t) => SC.h("li", { class: "tok " + (t.weight > 0 ? cls : "against"), title: (t.weight > 0 ? "supports " : "against ") + s.label + ", weight " + Math.abs(t.weight).toFixed(2) },
          t.token))));
    }
    const side = SC.h("div", { class: "m-side" }, SC.labelBadge(s && s.label));
    if (s) {
      side.append(SC.h("span", { class: "m-scores", title: "score from −1 to +1 · confidence · model " + (s.model || "") },
        `score ${SC.signed(s.score)} · conf ${SC.pct(s.confidence)}`));
      if (s.unsupported) side.append(SC.h("span", { class: "corrected" }, "language not supported"));
    }
    if (s && s.corrected) side.append(SC.h("span", { class: "corrected", "data-role": "corrected" }, "corrected by hand"));
    if (opts.correct !== false) side.append(correction(m, li));
    li.append(main, side);
    return li;
  };

  function correction(m, li) {
    const cur = m.sentiment && m.sentiment.label;
    const labels = [["positive", "Positive"], ["neutral", "Neutral"], ["negative", "Negative"]];
    const group = SC.h("div", { class: "corr", role: "group", "aria-label": "Correct the sentiment label" },
      labels.map(([v, t]) => SC.h("button", {
        type: "button", "data-label": v, "aria-pressed": String(v === cur), title: "Mark as " + v,
        onclick: () => correct(m, v, li),
      }, t)));
    return SC.h("div", {}, SC.h("span", { class: "corr-label sr" }, "Correct label:"), group);
  }

  async function correct(m, label, li) {
    SC.$$(".corr button", li).forEach((b) => (b.disabled = true));
    const r = await SC.api(`/api/v1/mentions/${encodeURIComponent(m.id)}/sentiment`, { method: "POST", body: { label } });
    SC.$$(".corr button", li).forEach((b) => (b.disabled = false));
    if (!r.ok) {
      SC.toast(SC.unavailable(r) && r.status !== 404 ? "Corrections are not available" : "Correction failed: " + r.error, true);
      return;
    }
    const updated = r.data && r.data.sentiment ? r.data : { ...m, sentiment: { ...(m.sentiment || {}), label, corrected: true } };
    const fresh = SC.mentionItem(updated);
    li.replaceWith(fresh);
    SC.toast(`Marked as ${label}`);
    document.dispatchEvent(new CustomEvent("sc:corrected", { detail: updated }));
  }

  // stream connects to the server-sent events once per page and reports
  // the connection in the header.
  const streams = [];
  SC.stream = function (handlers) {
    const live = SC.$("#live");
    const set = (state, text) => { live.dataset.state = state; SC.$(".live-text", live).textContent = text; };
    if (!window.EventSource) return set("off", "No live updates");
    const es = new EventSource("/api/v1/stream");
    streams.push(es);
    // release the connection when leaving the page (browsers allow few per host)
    window.addEventListener("pagehide", () => es.close());
    set("wait", "Connecting…");
    es.onopen = () => set("on", "Live");
    es.onerror = () => set(es.readyState === EventSource.CLOSED ? "off" : "wait", es.readyState === EventSource.CLOSED ? "Offline" : "Reconnecting…");
    for (const [ev, fn] of Object.entries(handlers || {})) {
      es.addEventListener(ev, (e) => { let d; try { d = JSON.parse(e.data); } catch (x) { return; } fn(d); });
    }
    return es;
  };

  // dueIn tells how long until t, or how long past it: {overdue, text}.
  SC.dueIn = function (t) {
    const ms = new Date(t) - Date.now(), span = SC.duration(Math.round(Math.abs(ms) / 60000) * 60000);
    return ms < 0 ? { overdue: true, text: "overdue by " + span } : { overdue: false, text: "due in " + span };
  };

  // caseItem renders a case: kind, status, time left, subject and who.
  SC.caseItem = function (c) {
    const open = c.status === "open", due = open ? SC.dueIn(c.due_at) : null;
    const overdue = open && (c.overdue || due.overdue);
    const who = c.contact_id ? SC.h("a", { href: "/contacts/" + encodeURIComponent(c.contact_id), "data-contact": c.contact_id }, c.contact_name || c.contact_id) : SC.h("span", {}, c.author);
    return SC.h("li", { class: "case" + (overdue ? " overdue" : ""), "data-case": c.id, "data-status": c.status, "data-overdue": String(overdue) },
      SC.h("div", { class: "row-head" },
        SC.h("span", { class: "case-tags" }, SC.h("span", { class: "badge " + c.kind, title: c.opened_kind ? "opened as a " + c.opened_kind + "; a later message made it a " + c.kind : null }, c.kind),
          c.opened_kind ? SC.h("span", { class: "muted", "data-role": "opened-kind" }, "(opened as " + c.opened_kind + ")") : null,
          c.priority ? [" ", SC.h("span", { class: "badge priority " + c.priority, "data-role": "priority",
            title: c.priority_set_by ? "set by " + c.priority_set_by : (c.priority_reasons || []).join(", ") || "no reason to raise it" }, c.priority)] : null, " ", SC.h("span", { class: "badge " + c.status }, c.status),
          c.breached ? [" ", SC.h("span", { class: "badge breached", title: "It went past its due time unanswered" }, "SLA breached")] : null),
        due ? SC.h("span", { class: "case-due" + (overdue ? " late" : ""), "data-due": c.due_at, title: "due " + SC.time(c.due_at) }, due.text)
          : SC.h("span", { class: "case-due" }, c.status === "resolved" ? "resolved " + SC.ago(c.resolved_at) : "answered " + SC.ago(c.last_response_at))),
      SC.h("p", { class: "m-text", "data-role": "latest" }, c.last_subject || c.subject || "(no text)"),
      c.last_subject && c.last_subject !== c.subject ? SC.h("p", { class: "muted case-first", "data-role": "first" }, "First message: " + (c.subject || "(no text)")) : null,
      SC.slaTargets(c),
      SC.h("div", { class: "m-meta" }, who, SC.h("span", { class: "chip" }, c.brand), SC.h("span", { class: "net" }, c.channel),
        SC.h("span", {}, `${c.mention_count} mention${c.mention_count === 1 ? "" : "s"}`),
        SC.h("span", {}, "opened ", SC.timeEl(c.opened_at)),
        c.assignee ? SC.h("span", { "data-role": "assignee" }, "assigned to " + c.assignee) : SC.h("span", {}, "unassigned")));
  };

  // slaTargets renders a case's service-level targets: the latest of each
  // kind with its status and, while it runs, its countdown.
  SC.slaTargets = function (c) {
    const ts = c.targets || [];
    if (!ts.length) return null;
    const label = { first_response: "First response", next_response: "Next response", resolution: "Resolution" };
    const latest = {};
    ts.forEach((t) => (latest[t.name] = t));
    const missedBefore = ts.filter((t) => t.name === "next_response" && t.status === "missed" && t !== latest.next_response).length;
    const chip = (t) => {
      const open = t.status === "active" || t.status === "at_risk";
      const when = !t.met_at && t.due_at ? SC.h("span", { class: "sla-due", "data-due": t.due_at, title: "due " + SC.time(t.due_at) }, SC.dueIn(t.due_at).text)
        : open ? SC.h("span", { class: "sla-due" }, "paused, waiting for the customer")
          : t.met_at ? SC.h("span", { class: "sla-due" }, (t.status === "hit" ? "met " : "met late, ") + SC.ago(t.met_at)) : SC.h("span", { class: "sla-due" }, "missed");
      return SC.h("span", { class: "sla-target " + t.status, "data-target": t.name, "data-target-status": t.status },
        SC.h("span", { class: "sla-name" }, label[t.name] || t.name), " ", SC.h("span", { class: "badge sla " + t.status }, t.status.replace("_", " ")), " ", when);
    };
    return SC.h("div", { class: "sla-targets", "data-policy": c.policy || "" },
      ["first_response", "next_response", "resolution"].filter((k) => latest[k]).map((k) => chip(latest[k])),
      missedBefore ? SC.h("span", { class: "muted" }, `${missedBefore} earlier next response${missedBefore === 1 ? "" : "s"} missed`) : null,
      (c.notices || []).length ? SC.h("span", { class: "muted sla-notices", title: c.notices.map((x) => `${x.status.replace("_", " ")} → ${x.recipient || "unassigned"}: ${x.state}`).join("\n") },
        "notified " + [...new Set(c.notices.map((x) => (x.recipient || "unassigned") + (x.role === "supervisor" ? " (supervisor)" : "")))].join(", ")) : null);
  };

  // caseCard renders the active cases of a record, linking to them.
  SC.caseCard = function (id, cases, more) {
    const overdue = cases.filter((c) => c.status === "open" && c.overdue).length;
    return SC.h("section", { class: "card", "aria-labelledby": id + "-h" },
      SC.h("div", { class: "card-head" }, SC.h("h2", { id: id + "-h" }, "Open cases"),
        SC.h("p", { class: "hint" }, cases.length ? `${cases.length} active` + (overdue ? `, ${overdue} overdue` : "") + " · " : "", SC.h("a", { href: more }, "all cases"))),
      cases.length ? SC.h("ol", { class: "cases", id }, cases.map((c) => SC.caseItem(c))) : SC.h("p", { class: "muted", id }, "No open cases."));
  };

  // open alerts badge in the navigation, on every page
  // and in the overview's "Firing alerts" tile: one count for both.
  SC.refreshAlertCount = async function () {
    const r = await SC.api("/api/v1/alerts?status=firing&limit=1");
    const el = SC.$("#nav-alerts"), tile = SC.$("#kpi-alerts");
    const n = r.ok && r.data && typeof r.data.total === "number" ? r.data.total : null;
    if (tile) {
      tile.textContent = n === null ? "n/a" : SC.n(n);
      tile.classList.toggle("neg", n > 0);
    }
    if (!el) return n;
    el.hidden = !n;
    el.textContent = n === null ? "" : n;
    el.setAttribute("aria-label", n + " firing");
    return n;
  };
  // overdue cases badge in the navigation
  SC.refreshCaseCount = async function () {
    const r = await SC.api("/api/v1/cases?overdue=true&limit=1");
    const el = SC.$("#nav-cases");
    if (!r.ok || !el) { if (el) el.hidden = true; return null; }
    const n = r.data.total || 0;
    el.textContent = n; el.hidden = n === 0;
    el.setAttribute("aria-label", n + " overdue");
    return n;
  };
  document.addEventListener("DOMContentLoaded", () => {
    if (document.body.dataset.page === "signin") return;
    SC.refreshAlertCount(); SC.refreshCaseCount();
  });
})();
