// Reassess workbench script. No inline scripts or styles anywhere (CSP script-src 'self', style-src 'self'): every
// look is a class from site.css, and the pages work without this file (it only adds to them).
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // htmx requests carry the antiforgery token from the page's meta element.
  document.addEventListener("htmx:configRequest", function (e) {
    var meta = document.querySelector('meta[name="request-verification-token"]');
    if (meta) e.detail.headers["RequestVerificationToken"] = meta.getAttribute("content");
  });

  // Move focus to an error summary so that screen readers announce it.
  function focusErrors(root) {
    var summary = (root || document).querySelector(".error-summary, .notice[data-focus]");
    if (summary) summary.focus();
  }
  // A table wider than the page (a phone, 390 px) scrolls inside its own box instead of moving the whole page sideways:
  // a table of the page that does not fit its width, and is not already in such a box, gets one, a focusable, named
  // region while it scrolls (a keyboard user can then scroll it). Tables that fit are left as they are.
  function initTableBoxes() {
    var main = document.getElementById("main");
    if (!main) return;
    var boxes = [];
    function update() {
      Array.prototype.forEach.call(main.querySelectorAll("table"), function (table) {
        if (table.closest(".table-scroll, .table-wrap, .network") || table.offsetWidth <= table.parentNode.clientWidth + 1) return;
        var box = document.createElement("div");
        box.className = "table-scroll";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
        boxes.push(box);
      });
      boxes.forEach(function (box) {
        var table = box.firstElementChild;
        var caption = table.caption ? table.caption.textContent.trim() : "";
        var before = box.previousElementSibling;
        var heading = before && /^H[1-6]$/.test(before.tagName) ? before.textContent.trim() : "";
        markScrolling(box, caption || heading || "Table");
      });
    }
    update();
    window.addEventListener("resize", update);
  }

  // A report's own boxes (a chart's figure, a wide table's wrapper) scroll inside themselves on a narrow screen, so the
  // chart keeps readable text and the page does not move sideways; while one scrolls, it is a focusable, named region
  // (a keyboard user can then scroll it).
  function initReportBoxes() {
    var boxes = document.querySelectorAll("#main .report figure, #main .report div.table-wrap");
    if (boxes.length === 0) return;
    function update() {
      Array.prototype.forEach.call(boxes, function (box) {
        var chart = box.querySelector("svg[aria-label]");
        var caption = box.querySelector("caption");
        markScrolling(box, chart ? chart.getAttribute("aria-label") : caption ? caption.textContent.trim() : "Table");
      });
    }
    update();
    window.addEventListener("resize", update);
  }

  // A box that scrolls sideways is a focusable region named after what it holds, so a keyboard user can scroll it;
  // one that fits is plain markup again.
  function markScrolling(box, name) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name + " (scrolls sideways)");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    initTableBoxes();
    initReportBoxes();
    focusErrors(document);
    initQueue();
    initNetwork();
    initSessionWarning();
  });
  document.addEventListener("htmx:afterSwap", function (e) { focusErrors(e.detail.target); });

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" && target.type !== "checkbox" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  // ---- The queue: one Tab stop per row, keyboard shortcuts, select-all, the two assignment boxes kept in step. ----
  function initQueue() {
    var table = document.getElementById("queue-table");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-row]"));
    function controls(row) { return Array.prototype.slice.call(row.querySelectorAll("a, button, input")); }
    function link(row) { return row.querySelector('a[href^="/cases/"]'); }
    // Roving tab stop: only each row's case link is in the Tab order; the row's other controls are reached with ← →.
    rows.forEach(function (row) {
      controls(row).forEach(function (c) { if (c !== link(row)) c.setAttribute("tabindex", "-1"); });
    });
    function currentRow() {
      var el = document.activeElement;
      return el && el.closest ? el.closest("tr[data-row]") : null;
    }
    function focusRow(index) {
      if (index < 0 || index >= rows.length) return;
      var l = link(rows[index]);
      if (l) l.focus();
    }
    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      var row = currentRow();
      if (row) {
        var i = rows.indexOf(row);
        var cs = controls(row);
        var at = cs.indexOf(document.activeElement);
        if (e.key === "j" || e.key === "ArrowDown") { e.preventDefault(); focusRow(i + 1); return; }
        if (e.key === "k" || e.key === "ArrowUp") { e.preventDefault(); focusRow(i - 1); return; }
        if (e.key === "ArrowRight" && at < cs.length - 1) { e.preventDefault(); cs[at + 1].focus(); return; }
        if (e.key === "ArrowLeft" && at > 0) { e.preventDefault(); cs[at - 1].focus(); return; }
        if (e.key === "x") {
          var box = row.querySelector('input[type="checkbox"]');
          if (box) { e.preventDefault(); box.click(); }
          return;
        }
      }
      if (typing(e.target)) return;
      if (e.key === "/") {
        var search = document.querySelector('[data-shortcut="/"]');
        if (search) { e.preventDefault(); search.focus(); }
      } else if (e.key === "n") {
        var next = document.querySelector('[data-shortcut="n"]');
        if (next) { e.preventDefault(); next.click(); }
      }
    });

    // Select-all ticks only what is selectable by default: the queued cases (name "Selected"), never an active review.
    var alls = Array.prototype.slice.call(document.querySelectorAll("[data-select-all]"));
    function boxes() { return Array.prototype.slice.call(table.querySelectorAll('input[name="Selected"]')); }
    alls.forEach(function (all) {
      all.addEventListener("change", function () {
        boxes().forEach(function (b) { b.checked = all.checked; });
        alls.forEach(function (other) { other.checked = all.checked; });
      });
    });
    table.addEventListener("change", function () {
      var bs = boxes();
      var every = bs.length > 0 && bs.every(function (b) { return b.checked; });
      alls.forEach(function (a) { a.checked = every; });
    });
    var selects = Array.prototype.slice.call(document.querySelectorAll("[data-assign-to]"));
    selects.forEach(function (s) {
      s.addEventListener("change", function () { selects.forEach(function (o) { o.value = s.value; }); });
    });
  }

  // ---- The network chart (cytoscape.js), drawn from the JSON data block on the case page. ----
  // Shape and colour say what a node is: investigations are rounded rectangles, people circles coloured by their role
  // in this investigation, each kind of identifier its own shape. The layout is concentric rings around this
  // investigation by distance, nodes in id order, so every load draws the same picture.
  var KINDS = [
    { key: "investigation-current", label: "This investigation", shape: "round-rectangle" },
    { key: "investigation", label: "Linked investigation (select to open)", shape: "round-rectangle" },
    { key: "person-suspect", label: "Suspect", shape: "ellipse" },
    { key: "person-victim", label: "Victim", shape: "ellipse" },
    { key: "person-witness", label: "Witness", shape: "ellipse" },
    { key: "person-other", label: "Other person", shape: "ellipse" },
    { key: "phone", label: "Phone", shape: "diamond" },
    { key: "vehicle", label: "Vehicle", shape: "rectangle" },
    { key: "email", label: "Email", shape: "triangle" },
    { key: "address", label: "Address", shape: "hexagon" },
    { key: "username", label: "Online username", shape: "star" },
    { key: "other-force", label: "Another force's (shown without detail)", shape: "ellipse" }
  ];
  var COLOURS = {
    "investigation-current": "#00703c", "investigation": "#1d70b8", "person-suspect": "#b3261e", "person-victim": "#4c2c92",
    "person-witness": "#505a5f", "person-other": "#6f4f28", "phone": "#a34700", "vehicle": "#a34700", "email": "#a34700",
    "address": "#a34700", "username": "#a34700", "other-force": "#b1b4b6"
  };
  var ROLES = ["suspect", "victim", "witness"];

  function nodeKey(n, roleOf) {
    var d = n.data;
    if (d.other) return "other-force";
    if (d.kind === "investigation") return d.current ? "investigation-current" : "investigation";
    if (d.kind === "person") return "person-" + (roleOf[d.id] || "other");
    return COLOURS[d.kind] ? d.kind : "person-other";
  }

  function legendSvg(shape, key) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "18"); svg.setAttribute("height", "18"); svg.setAttribute("viewBox", "0 0 18 18");
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false");
    var el;
    if (shape === "ellipse") { el = document.createElementNS(ns, "circle"); el.setAttribute("cx", "9"); el.setAttribute("cy", "9"); el.setAttribute("r", "7"); }
    else if (shape === "diamond") { el = document.createElementNS(ns, "polygon"); el.setAttribute("points", "9,1 17,9 9,17 1,9"); }
    else if (shape === "triangle") { el = document.createElementNS(ns, "polygon"); el.setAttribute("points", "9,1 17,17 1,17"); }
    else if (shape === "hexagon") { el = document.createElementNS(ns, "polygon"); el.setAttribute("points", "5,2 13,2 17,9 13,16 5,16 1,9"); }
    else if (shape === "star") { el = document.createElementNS(ns, "polygon"); el.setAttribute("points", "9,1 11,7 17,7 12,11 14,17 9,13 4,17 6,11 1,7 7,7"); }
    else { el = document.createElementNS(ns, "rect"); el.setAttribute("x", "1"); el.setAttribute("y", "3"); el.setAttribute("width", "16"); el.setAttribute("height", "12"); if (shape === "round-rectangle") { el.setAttribute("rx", "3"); } }
    el.setAttribute("fill", COLOURS[key]);
    if (key === "other-force") { el.setAttribute("stroke", "#505a5f"); el.setAttribute("stroke-dasharray", "2,2"); }
    if (key === "investigation-current") { el.setAttribute("stroke", "#0b0c0c"); el.setAttribute("stroke-width", "2"); }
    svg.appendChild(el);
    return svg;
  }

  function initNetwork() {
    var host = document.getElementById("network");
    var data = document.getElementById("network-data");
    if (!host || !data || typeof cytoscape === "undefined") return;
    var graph = JSON.parse(data.textContent);
    var nodes = graph.elements.nodes.slice().sort(function (a, b) { return a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0; });
    var edges = graph.elements.edges.slice().sort(function (a, b) { return a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0; });
    var current = nodes.filter(function (n) { return n.data.current; })[0];

    // A person's role is the label of their edge to this investigation (else to any investigation).
    var roleOf = {};
    edges.forEach(function (e) {
      var label = (e.data.label || "").toLowerCase();
      if (ROLES.indexOf(label) < 0) return;
      if (!roleOf[e.data.source] || (current && e.data.target === current.data.id)) roleOf[e.data.source] = label;
    });
    // Distance from this investigation, for the rings.
    var depth = {};
    if (current) {
      var adjacent = {};
      edges.forEach(function (e) {
        (adjacent[e.data.source] = adjacent[e.data.source] || []).push(e.data.target);
        (adjacent[e.data.target] = adjacent[e.data.target] || []).push(e.data.source);
      });
      depth[current.data.id] = 0;
      var queue = [current.data.id];
      while (queue.length) {
        var id = queue.shift();
        (adjacent[id] || []).sort().forEach(function (next) {
          if (depth[next] === undefined) { depth[next] = depth[id] + 1; queue.push(next); }
        });
      }
    }
    nodes.forEach(function (n) {
      n.data.key = nodeKey(n, roleOf);
      n.data.role = roleOf[n.data.id] || "";
      n.data.depth = depth[n.data.id] === undefined ? 9 : depth[n.data.id];
    });

    // Cytoscape adds a <style> element unless one with this id exists, which the CSP refuses; its one rule is in site.css.
    if (!document.getElementById("__________cytoscape_stylesheet")) {
      var marker = document.createElement("meta");
      marker.id = "__________cytoscape_stylesheet";
      document.head.appendChild(marker);
    }
    var style = [
      { selector: "node", style: { "label": "data(label)", "font-size": 12, "min-zoomed-font-size": 7, "text-wrap": "ellipsis",
        "text-max-width": 110, "text-valign": "bottom", "text-margin-y": 4, "color": "#0b0c0c", "text-background-color": "#ffffff",
        "text-background-opacity": 0.85, "text-background-padding": 1, "width": 22, "height": 22 } },
      { selector: "node:selected, node.keyboard", style: { "border-width": 4, "border-color": "#0b0c0c", "overlay-color": "#ffdd00", "overlay-opacity": 0.45, "overlay-padding": 6 } },
      { selector: "edge", style: { "width": 1.5, "line-color": "#8a8f91", "curve-style": "straight" } }
    ];
    KINDS.forEach(function (k) {
      var s = { "shape": k.shape, "background-color": COLOURS[k.key] };
      if (k.key === "investigation-current") { s["border-width"] = 3; s["border-color"] = "#0b0c0c"; s.width = 30; s.height = 30; }
      if (k.key === "other-force") { s["border-width"] = 2; s["border-style"] = "dashed"; s["border-color"] = "#505a5f"; }
      style.push({ selector: "node[key = '" + k.key + "']", style: s });
    });

    var cy = cytoscape({
      container: host,
      elements: { nodes: nodes, edges: edges },
      layout: { name: "concentric", animate: false, fit: true, padding: 24, minNodeSpacing: 28,
        concentric: function (n) { return 10 - n.data("depth"); }, levelWidth: function () { return 1; } },
      style: style,
      // The wheel scrolls the page; zoom needs a modifier key (below), or the keyboard's + and -.
      userZoomingEnabled: false,
      minZoom: 0.2,
      maxZoom: 4
    });
    // Kept on the element so that the browser tests can select a node as a user would.
    host.reassessChart = cy;
    cy.on("tap", "node", function (evt) {
      var href = evt.target.data("href");
      if (href) window.location.assign(href);
    });
    host.addEventListener("wheel", function (e) {
      if (!(e.ctrlKey || e.metaKey || e.altKey)) return;
      e.preventDefault();
      var rect = host.getBoundingClientRect();
      var level = cy.zoom() * (e.deltaY < 0 ? 1.15 : 1 / 1.15);
      cy.zoom({ level: level, renderedPosition: { x: e.clientX - rect.left, y: e.clientY - rect.top } });
    }, { passive: false });
    window.addEventListener("resize", function () { cy.resize(); cy.fit(undefined, 24); });

    // What the chart shows, said in words: a live line for the keyboard path, a legend, and the same graph as a table.
    var hint = document.createElement("p");
    hint.className = "hint";
    hint.id = "network-keys";
    hint.textContent = "Keyboard: focus the chart, then ← → go through its people, identifiers and investigations in turn; Enter opens a linked investigation; + and − zoom; 0 fits the chart to its box. Mouse: hold Ctrl and use the wheel to zoom.";
    var status = document.createElement("p");
    status.className = "chart-status";
    status.id = "network-status";
    status.setAttribute("aria-live", "polite");
    host.parentNode.insertBefore(hint, host);
    host.parentNode.insertBefore(status, host.nextSibling);

    host.setAttribute("tabindex", "0");
    host.setAttribute("role", "application");
    host.setAttribute("aria-roledescription", "network chart");
    host.setAttribute("aria-describedby", ((host.getAttribute("aria-describedby") || "") + " network-keys").trim());

    var order = nodes.slice().sort(function (a, b) { return a.data.depth - b.data.depth || (a.data.id < b.data.id ? -1 : 1); }).map(function (n) { return n.data.id; });
    var at = -1;
    function describe(id) {
      var n = cy.$id(id);
      var key = n.data("key");
      var kind = KINDS.filter(function (k) { return k.key === key; })[0];
      var links = n.connectedEdges().length;
      return (kind ? kind.label : n.data("kind")) + ": " + n.data("label") + ", " + links + " link" + (links === 1 ? "" : "s") +
        (n.data("href") ? ". Press Enter to open it." : ".") + " (" + (order.indexOf(id) + 1) + " of " + order.length + ")";
    }
    function move(to) {
      if (!order.length) return;
      at = (to + order.length) % order.length;
      cy.nodes().removeClass("keyboard");
      var n = cy.$id(order[at]).addClass("keyboard");
      if (!n.renderedBoundingBox || cy.extent().x1 > n.position("x") || cy.extent().x2 < n.position("x") ||
          cy.extent().y1 > n.position("y") || cy.extent().y2 < n.position("y")) cy.center(n);
      status.textContent = describe(order[at]);
    }
    host.addEventListener("keydown", function (e) {
      if (e.key === "ArrowRight" || e.key === "ArrowDown") { e.preventDefault(); move(at + 1); }
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") { e.preventDefault(); move(at - 1); }
      else if (e.key === "Home") { e.preventDefault(); move(0); }
      else if (e.key === "End") { e.preventDefault(); move(order.length - 1); }
      else if (e.key === "Enter" && at >= 0) { var href = cy.$id(order[at]).data("href"); if (href) { e.preventDefault(); window.location.assign(href); } }
      else if (e.key === "+" || e.key === "=") { e.preventDefault(); cy.zoom({ level: cy.zoom() * 1.2, renderedPosition: { x: host.clientWidth / 2, y: host.clientHeight / 2 } }); }
      else if (e.key === "-") { e.preventDefault(); cy.zoom({ level: cy.zoom() / 1.2, renderedPosition: { x: host.clientWidth / 2, y: host.clientHeight / 2 } }); }
      else if (e.key === "0") { e.preventDefault(); cy.fit(undefined, 24); }
    });

    var legend = document.createElement("ul");
    legend.className = "legend";
    legend.id = "network-legend";
    legend.setAttribute("aria-label", "Chart legend");
    var used = {};
    nodes.forEach(function (n) { used[n.data.key] = true; });
    KINDS.forEach(function (k) {
      if (!used[k.key]) return;
      var li = document.createElement("li");
      li.appendChild(legendSvg(k.shape, k.key));
      li.appendChild(document.createTextNode(" " + k.label));
      legend.appendChild(li);
    });
    status.parentNode.insertBefore(legend, status.nextSibling);

    // The equivalent table: every node with what it is and what it links to.
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "button secondary";
    toggle.id = "network-table-toggle";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", "network-table");
    toggle.textContent = "Show the chart as a table";
    var wrap = document.createElement("div");
    wrap.id = "network-table";
    wrap.className = "table-scroll";
    wrap.hidden = true;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "The network chart as a table");
    wrap.setAttribute("tabindex", "0");
    var table = document.createElement("table");
    var caption = document.createElement("caption");
    caption.textContent = "The network chart as a table";
    table.appendChild(caption);
    var head = table.createTHead().insertRow();
    ["What", "Name or value", "Linked to"].forEach(function (h) { var th = document.createElement("th"); th.scope = "col"; th.textContent = h; head.appendChild(th); });
    var body = table.createTBody();
    order.forEach(function (id) {
      var n = cy.$id(id);
      var tr = body.insertRow();
      var key = n.data("key");
      var kind = KINDS.filter(function (k) { return k.key === key; })[0];
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = kind ? kind.label : n.data("kind");
      tr.appendChild(th);
      var name = tr.insertCell();
      if (n.data("href")) { var a = document.createElement("a"); a.href = n.data("href"); a.textContent = n.data("label"); name.appendChild(a); }
      else name.textContent = n.data("label");
      tr.insertCell().textContent = n.neighborhood("node").map(function (m) { return m.data("label"); }).sort().join("; ");
    });
    wrap.appendChild(table);
    toggle.addEventListener("click", function () {
      var show = wrap.hidden;
      wrap.hidden = !show;
      toggle.setAttribute("aria-expanded", show ? "true" : "false");
      toggle.textContent = show ? "Hide the table" : "Show the chart as a table";
    });
    legend.parentNode.insertBefore(toggle, legend.nextSibling);
    toggle.parentNode.insertBefore(wrap, toggle.nextSibling);
  }

  // ---- The print-ready report page: a Print button (no inline script under the CSP). ----
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-print]"), function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  });

  // ---- The idle timeout: a warning two minutes before the session lapses, with a way to stay signed in. ----
  // The layout gives the session's expiry (the ticket's, never later than the truth) and the idle timeout. Staying
  // signed in is a GET of the home page, which renews the sliding session; past the expiry the page says so and keeps
  // what was typed, so it can be copied (and the review page's own save keeps its input through signing in again).
  var WARN_BEFORE_MS = 120000;
  function initSessionWarning() {
    var expiresMeta = document.querySelector('meta[name="session-expires"]');
    var idleMeta = document.querySelector('meta[name="session-idle-seconds"]');
    if (!expiresMeta || !idleMeta) return;
    var idleMs = parseInt(idleMeta.getAttribute("content"), 10) * 1000;
    var box = document.createElement("div");
    box.id = "session-warning";
    box.className = "session-warning";
    box.setAttribute("role", "alert");
    box.hidden = true;
    var text = document.createElement("p");
    var stay = document.createElement("button");
    stay.type = "button";
    stay.className = "button";
    stay.textContent = "Stay signed in";
    box.appendChild(text);
    box.appendChild(stay);
    document.body.insertBefore(box, document.body.firstChild);
    var warnTimer = null, endTimer = null, expiresAt = 0;

    function minutesLeft() { return Math.max(1, Math.round((expiresAt - Date.now()) / 60000)); }
    function warn() {
      text.textContent = "You will be signed out in about " + minutesLeft() + " minute" + (minutesLeft() === 1 ? "" : "s") +
        " because nothing has been sent for a while. Unsaved work on this page stays here until then.";
      stay.hidden = false;
      box.hidden = false;
      stay.focus();
    }
    function ended() {
      text.textContent = "Your session has ended. What you typed is still on this page: saving it will ask you to sign in again and keep it.";
      stay.hidden = true;
      box.hidden = false;
    }
    function schedule(at) {
      expiresAt = at;
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      box.hidden = true;
      var now = Date.now();
      if (at <= now) { ended(); return; }
      warnTimer = setTimeout(warn, Math.max(0, at - WARN_BEFORE_MS - now));
      endTimer = setTimeout(ended, at - now);
    }
    stay.addEventListener("click", function () {
      stay.disabled = true;
      fetch("/", { credentials: "same-origin", cache: "no-store" }).then(function (r) {
        stay.disabled = false;
        if (!r.ok || r.redirected && r.url.indexOf("/sign-in") >= 0) { ended(); return; }
        schedule(Date.now() + idleMs);
        text.textContent = "";
        box.hidden = true;
      }, function () { stay.disabled = false; });
    });
    // Tests (and other scripts) may move the expiry: document.documentElement.reassessSession.schedule(ms).
    document.documentElement.reassessSession = { schedule: schedule };
    schedule(parseInt(expiresMeta.getAttribute("content"), 10));
  }
})();
