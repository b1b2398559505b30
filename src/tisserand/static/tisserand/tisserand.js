/* Tisserand's own script: print buttons, and what a user sees when a partial update
 * (htmx) fails.
 *
 * htmx swaps nothing on a 4xx/5xx answer or when the server cannot be reached, so a tap
 * on a roster button during a maintenance (503) or after losing a right (403) looked like
 * nothing happened. The server's French error page says why: its heading and first
 * paragraph are shown in a banner at the top of the page, which the user can close. */
(function () {
  "use strict";
  // The texts come translated from the page (base.html), not written here.
  var texts = document.currentScript.dataset;

  function banner(title, text) {
    var box = document.getElementById("request-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "request-error";
      box.className = "message error request-error";
      box.setAttribute("role", "alert");
      var main = document.querySelector("main") || document.body;
      main.insertBefore(box, main.firstChild);
    }
    box.replaceChildren();
    var strong = document.createElement("strong");
    strong.textContent = title;
    box.appendChild(strong);
    if (text) {
      box.appendChild(document.createTextNode(" " + text));
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "linklike";
    close.textContent = texts.close;
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(document.createTextNode(" "));
    box.appendChild(close);
    box.scrollIntoView({block: "nearest"});
  }

  function explain(xhr) {
    var title = texts.failed.replace("%(status)s", xhr.status);
    var text = "";
    try {
      var page = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
      var heading = page.querySelector("main h1, h1");
      var paragraph = page.querySelector("main p, p");
      if (heading && heading.textContent.trim()) { title = heading.textContent.trim() + "."; }
      if (paragraph) { text = paragraph.textContent.replace(/\s+/g, " ").trim(); }
    } catch (error) { /* keep the generic message */ }
    return [title, text];
  }

  document.addEventListener("htmx:responseError", function (event) {
    var parts = explain(event.detail.xhr);
    banner(parts[0], parts[1]);
  });
  // "Imprimer" buttons (the month's attendance sheet): the Content-Security-Policy allows
  // no inline handler, so the click is wired here.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });

  document.addEventListener("htmx:sendError", function () {
    banner(texts.offline, texts.offlineHelp);
  });
})();
