/**
 * The dashboard's stylesheet and script, served from /app/assets so the Content-Security-Policy
 * can forbid inline code. The script is small on purpose: the pages work without it (forms post
 * and redirect); with it, the inbox refreshes itself and decisions post without a reload.
 */

export const DASHBOARD_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1d2430;background:#f6f7f9}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#1d2430;color:#fff}
header.top nav{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-left:auto}
header.top a{color:#cfe3ff}
header.top form{display:inline}
.tenant{opacity:.8}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem}
.notice{padding:.5rem .75rem;border-radius:.3rem}
.notice.error{background:#fde8e8;color:#7a1212}
.notice.info{background:#e6f4ea;color:#14532d}
.card{background:#fff;border:1px solid #d9dde3;border-radius:.4rem;padding:.8rem 1rem;margin:.75rem 0}
.card h2,.card h3{font-size:1.05rem;margin:0 0 .4rem}
.card dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.4rem 0}
.card dt{color:#5b6472}
.card dd{margin:0;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f0f2f5;padding:.4rem .6rem;border-radius:.3rem;margin:0}
.actions{display:flex;gap:.5rem;flex-wrap:wrap}
figure.chart{margin:1rem 0;background:#fff;border:1px solid #d9dde3;border-radius:.4rem;padding:.6rem}
figure.chart svg{width:100%;height:auto;display:block}
figure.chart figcaption{color:#5b6472;font-size:.9rem}
a[aria-current=page]{font-weight:bold}
button{font:inherit;padding:.35rem .9rem;border-radius:.3rem;border:1px solid #8892a0;background:#fff;cursor:pointer}
button.approve{background:#14532d;color:#fff;border-color:#14532d}
button.reject{background:#7a1212;color:#fff;border-color:#7a1212}
button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #2b6cb0;outline-offset:2px}
label{display:block;margin:.5rem 0 .2rem}
input[type=text]{font:inherit;padding:.35rem .5rem;width:100%;max-width:20rem}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{border-bottom:1px solid #d9dde3;padding:.4rem;text-align:left}
.scroll{overflow-x:auto}
td.browser{overflow-wrap:anywhere;font-size:.85rem;min-width:10rem}
td.when{white-space:nowrap}
.muted{color:#5b6472}
`;

export const DASHBOARD_JS = `"use strict";
(function () {
  var csrf = document.querySelector('meta[name="csrf-token"]');
  var inbox = document.querySelector("[data-inbox]");
  function refresh() {
    if (!inbox) return Promise.resolve();
    return fetch(inbox.getAttribute("data-inbox"), { headers: { Accept: "text/html", "X-Dashboard-Fragment": "1" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null && html !== inbox.innerHTML) inbox.innerHTML = html; })
      .catch(function () {});
  }
  function say(text, kind) {
    var out = document.querySelector("[data-result]");
    if (!out) return;
    out.textContent = text;
    out.className = "notice " + kind;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-decide") || !csrf) return;
    event.preventDefault();
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRF-Token": csrf.getAttribute("content") }
    })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) { say(res.ok ? res.body.message : res.body.error, res.ok ? "info" : "error"); })
      .catch(function () { say("The request failed: check the connection and try again.", "error"); })
      .then(refresh);
  });
  if (inbox) setInterval(refresh, Number(inbox.getAttribute("data-every") || 2000));
})();
`;
