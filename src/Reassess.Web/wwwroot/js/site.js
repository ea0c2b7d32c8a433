// Reassess workbench script. No inline scripts anywhere (CSP script-src 'self').
(function () {
  "use strict";

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
  document.addEventListener("DOMContentLoaded", function () { focusErrors(document); initNetwork(); });
  document.addEventListener("htmx:afterSwap", function (e) { focusErrors(e.detail.target); });

  // The network chart (cytoscape.js), drawn from the JSON data block on the case page.
  function initNetwork() {
    var host = document.getElementById("network");
    var data = document.getElementById("network-data");
    if (!host || !data || typeof cytoscape === "undefined") return;
    var graph = JSON.parse(data.textContent);
    var cy = cytoscape({
      container: host,
      elements: graph.elements,
      layout: { name: "cose", animate: false },
      style: [
        { selector: "node", style: { "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 90,
          "background-color": "#505a5f", "color": "#0b0c0c" } },
        { selector: "node[kind = 'investigation']", style: { "shape": "round-rectangle", "background-color": "#1d70b8" } },
        { selector: "node[kind = 'investigation'][?current]", style: { "background-color": "#00703c", "border-width": 3, "border-color": "#0b0c0c" } },
        { selector: "node[kind = 'person']", style: { "shape": "ellipse", "background-color": "#d4351c" } },
        { selector: "node[kind = 'phone'], node[kind = 'vehicle'], node[kind = 'address'], node[kind = 'email'], node[kind = 'username']",
          style: { "shape": "diamond", "background-color": "#f47738" } },
        { selector: "node[?other]", style: { "background-color": "#b1b4b6", "border-width": 2, "border-style": "dashed", "border-color": "#505a5f" } },
        { selector: "node[href]", style: { "border-width": 3, "border-color": "#0b0c0c" } },
        { selector: "edge", style: { "width": 2, "line-color": "#b1b4b6", "label": "data(label)", "font-size": 8 } }
      ]
    });
    // Kept on the element so that the browser tests can select a node as a user would.
    host.reassessChart = cy;
    cy.on("tap", "node", function (evt) {
      var href = evt.target.data("href");
      if (href) window.location.assign(href);
    });
  }
})();
