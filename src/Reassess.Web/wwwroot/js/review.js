// The review page (issue 21, items 2 and 3), linked from that page only. The page works without this file: it adds
// - autosave: the draft is saved on the server a few seconds after the last change and when the page is left, each save
//   based on the version the previous one returned, so a later "Save draft" or "Submit" is not a false conflict; a real
//   conflict (someone saved in between) stops autosaving and says so, nothing is overwritten;
// - adding and removing lines of enquiry and referrals without reloading the page (the server renders the form).
// The status line (#autosave-status, role=status) says "Saved 14:02" or "Not saved — reason".
// No inline scripts or styles (CSP): everything here is wired by ids, classes and data attributes.
(function () {
  "use strict";

  var DELAY_MS = 3000;
  var AUTOSAVE_HEADER = "X-Reassess-Autosave";

  var timer = null;       // the pending autosave
  var inflight = null;    // the autosave (or list edit) under way: a promise
  var dirty = false;      // changed since the last save began
  var stopped = false;    // a conflict or an ended session: autosave waits for the reviewer
  var submitting = false; // the form is being posted by its own buttons: no autosave may race it

  function form() { return document.getElementById("review-form"); }
  function status(text) {
    var el = document.getElementById("autosave-status");
    if (el) el.textContent = text;
  }
  function notSaved(reason) { status("Not saved — " + reason); }

  function versionInput(f) { return f.querySelector('input[name="Version"]'); }

  function schedule() {
    if (stopped || submitting) return;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(autosave, DELAY_MS);
  }

  function autosave(keepalive) {
    var f = form();
    if (!f || stopped || submitting) return Promise.resolve();
    if (inflight) {
      // One save at a time: the next one is based on the version this one returns.
      return inflight.then(function () { if (dirty) return autosave(keepalive); });
    }
    clearTimeout(timer);
    dirty = false;
    status("Saving…");
    var body = new FormData(f);
    var headers = {};
    headers[AUTOSAVE_HEADER] = "1";
    inflight = fetch(f.getAttribute("data-autosave"), {
      method: "POST", body: body, credentials: "same-origin", headers: headers, cache: "no-store", keepalive: keepalive === true
    }).then(function (r) {
      if (r.redirected && r.url.indexOf("/sign-in") >= 0) {
        stopped = true;
        notSaved("you are signed out; what you type stays on this page, and saving it will ask you to sign in");
        return;
      }
      var type = r.headers.get("Content-Type") || "";
      if (type.indexOf("json") < 0) { notSaved("the server answered " + r.status + "; it will try again after your next change"); return; }
      return r.json().then(function (answer) {
        if (answer.status === "saved") {
          var current = form();
          if (current) {
            versionInput(current).value = answer.version;
            var numbers = current.querySelectorAll("input[data-line-number]");
            for (var i = 0; i < numbers.length && i < answer.lines.length; i++) numbers[i].value = answer.lines[i];
          }
          status("Saved " + answer.at);
        } else if (answer.status === "conflict" || answer.status === "signed_out") {
          stopped = true;
          notSaved(answer.message);
          if (answer.signIn) addSignInLink(answer.signIn);
        } else {
          notSaved(answer.message || "the draft was refused");
        }
      });
    }, function () {
      dirty = true;
      notSaved("the server could not be reached; it will try again after your next change");
    }).then(function () { inflight = null; }, function () { inflight = null; });
    return inflight;
  }

  function addSignInLink(href) {
    var el = document.getElementById("autosave-status");
    if (!el || el.querySelector("a")) return;
    var a = document.createElement("a");
    a.href = href;
    a.textContent = "Sign in again";
    el.appendChild(document.createTextNode(" "));
    el.appendChild(a);
  }

  // Adds or removes a list item: the server renders the edited form (nothing saved), which replaces this one.
  function editList(button) {
    var f = form();
    var wait = inflight || Promise.resolve();
    var added = button.getAttribute("data-added");
    return wait.then(function () {
      var body = new FormData(form() || f);
      return fetch(button.getAttribute("formaction"), { method: "POST", body: body, credentials: "same-origin", cache: "no-store" });
    }).then(function (r) {
      if (r.redirected && r.url.indexOf("/sign-in") >= 0 || !r.ok) {
        // Let the browser post it the ordinary way (an ended session keeps the input through signing in).
        submitting = true;
        (form() || f).requestSubmit(button);
        return;
      }
      return r.text().then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("review-form");
        var current = form();
        if (!next || !current) return;
        current.parentNode.replaceChild(document.importNode(next, true), current);
        var target = added ? document.querySelector('[data-focus-new="' + added + '"]') : null;
        (target || document.getElementById("add-line")).focus();
        status(added ? "Added — saving shortly" : "Removed — saving shortly");
        schedule();
      });
    }, function () { notSaved("the server could not be reached"); });
  }

  document.addEventListener("input", function (e) { if (e.target.form && e.target.form.id === "review-form") schedule(); });
  document.addEventListener("change", function (e) { if (e.target.form && e.target.form.id === "review-form") schedule(); });

  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button[data-list-edit]") : null;
    if (!button || !button.form || button.form.id !== "review-form") return;
    e.preventDefault();
    clearTimeout(timer);
    editList(button);
  });

  // The form's own buttons (save, submit, lead decisions): wait for an autosave under way, so the post is based on the
  // version it returned, then post as the browser would.
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (!f || f.id !== "review-form" || submitting) return;
    clearTimeout(timer);
    if (!inflight) { submitting = true; return; }
    e.preventDefault();
    var submitter = e.submitter || null;
    inflight.then(function () {
      submitting = true;
      if (submitter) f.requestSubmit(submitter); else f.requestSubmit();
    });
  });

  // Leaving the page (or its tab) with unsaved changes: save now, with a request the browser finishes even as the page
  // goes; if the page stays (another tab was chosen), its answer moves the version on as any autosave does.
  function leaving() {
    if (!dirty || stopped || submitting || !form()) return;
    autosave(true);
  }
  window.addEventListener("pagehide", leaving);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") leaving(); });

  // Input given back after signing in again (the session had ended) is saved as soon as the page is back.
  document.addEventListener("DOMContentLoaded", function () {
    var f = form();
    if (f && f.hasAttribute("data-restored")) schedule();
  });

  // Tests and the page's own links may ask for the pending save now.
  document.documentElement.reassessAutosave = { now: autosave };
})();
